// Figures of a process read from /proc (Linux): resident memory and CPU time. Used where the
// server under test is another process, so the event-loop utilisation of this one says nothing.
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on every Linux node runs on.

/** VmRSS and VmHWM (peak RSS) of `pid`, in bytes. */
export function memory(pid: number): { rss: number; hwm: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

function ticks(path: string): number {
  // Fields after the command name (which may hold spaces), see proc(5): utime is 14th, stime 15th.
  const text = readFileSync(path, 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

/** CPU time (user + system, ms) of the whole process `pid`: every thread, GC helpers included. */
export function cpuMs(pid: number): number {
  return ticks(`/proc/${pid}/stat`) * TICK_MS;
}

/** CPU time (ms) of the main thread of `pid` only: the event loop, comparable to "server µs/req". */
export function mainThreadCpuMs(pid: number): number {
  return ticks(`/proc/${pid}/task/${pid}/stat`) * TICK_MS;
}
