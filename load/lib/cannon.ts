// autocannon, run in a worker thread: the server under test keeps the main thread to itself.
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

export interface CannonOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  pipelining?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Stop after this many requests instead of after `duration` (autocannon ignores the duration then). */
  amount?: number;
  /** At most this many requests a second over all connections (autocannon's overallRate). */
  overallRate?: number;
  /** Request bodies sent in turn (instead of `body`). */
  bodies?: string[];
  /** Readiness flips over these pods (PATCH {prefix}/{name}/status), see cannon-worker.mjs. */
  flip?: { prefix: string; names: string[] };
}

export interface CannonResult {
  /** Completed requests per second over the whole run. */
  rps: number;
  completed: number;
  p50: number;
  p99: number;
  /** Socket errors, timeouts and non-2xx answers together. */
  errors: number;
  codes: Record<string, number>;
  /** Event-loop utilisation of this (the server's) thread during the run: ~1 means server-bound. */
  elu: number;
  /** Busy time of the server thread per completed request (µs): less sensitive to a noisy machine. */
  usPerReq: number;
}

interface Raw {
  completed: number;
  seconds: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  codes: Record<string, number>;
}

/**
 * One autocannon run in a worker thread, or with `process: true` in a child process, so that this
 * process's CPU time (process.cpuUsage) is the server's alone.
 */
export function cannon(o: CannonOptions & { process?: boolean }): Promise<CannonResult> {
  const elu0 = performance.eventLoopUtilization();
  return new Promise((resolve, reject) => {
    const done = (r: Raw) => resolve({
      rps: r.completed / r.seconds, completed: r.completed, p50: r.p50, p99: r.p99,
      errors: r.errors + r.timeouts + r.non2xx, codes: r.codes,
      elu: performance.eventLoopUtilization(elu0).utilization,
      usPerReq: (performance.eventLoopUtilization(elu0).active * 1000) / Math.max(1, r.completed),
    });
    const script = new URL('./cannon-worker.mjs', import.meta.url);
    if (o.process) {
      const { process: _, ...opts } = o;
      const child = fork(script, [JSON.stringify(opts)], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      child.once('message', (r) => done(r as Raw));
      child.once('error', reject);
      child.once('exit', (code) => code !== 0 && reject(new Error(`autocannon child exited ${code}`)));
      return;
    }
    // The worker is plain JS: no TypeScript loader needed in its thread.
    const w = new Worker(script, { workerData: o, execArgv: [] });
    w.once('message', (r: Raw) => {
      done(r);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

/** A short untimed run first, so both servers are measured with warm JIT and open sockets. */
export async function warmThenMeasure(o: CannonOptions, warmSeconds = 1): Promise<CannonResult> {
  await cannon({ ...o, duration: warmSeconds });
  return cannon(o);
}

/** The better of two results: on a shared machine the faster run is the one less disturbed. */
export function best(a: CannonResult, b: CannonResult): CannonResult {
  return a.rps >= b.rps ? a : b;
}
