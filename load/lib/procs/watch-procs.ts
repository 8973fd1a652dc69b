// Driver for watch-client.mjs: `procs` client processes with `perProc` watch streams each, run
// through phases together (arm, write, wait until every stream has every event), their latencies merged.
import { fork, type ChildProcess } from 'node:child_process';
import { cpuMs } from './proc.js';

export interface ProcPhase {
  deliveries: number;
  /** Bytes of event lines delivered, all streams. */
  bytes: number;
  /** Epoch ms of the last delivery (the clients' clocks: performance.timeOrigin + now()). */
  last: number;
  lat: Float64Array;
  /** CPU time (ms) the client processes used during the phase, all of them together. */
  clientCpuMs: number;
}

type Msg = { ready?: true; armed?: true; done?: true; error?: string; ended?: number; deliveries?: number; bytes?: number; last?: number; lat?: Float64Array };

export class ProcWatchers {
  private ended = 0;
  private failure?: string;

  private constructor(private readonly kids: ChildProcess[]) {
    for (const k of kids) {
      k.on('message', (m: Msg) => {
        if (m.error) this.failure = m.error;
        if (m.ended) this.ended++;
      });
      k.on('exit', (code) => {
        if (code) this.failure = `watch client exited ${code}`;
      });
    }
  }

  private all(want: keyof Msg, timeoutMs: number): Promise<Msg[]> {
    return Promise.all(this.kids.map((k) => new Promise<Msg>((resolve, reject) => {
      const t = setTimeout(() => {
        k.off('message', on);
        reject(new Error(`watch clients: no ${want} within ${timeoutMs} ms (${this.ended} streams ended by the server${this.failure ? `; ${this.failure}` : ''})`));
      }, timeoutMs);
      const on = (m: Msg) => {
        if (m.error) {
          clearTimeout(t);
          k.off('message', on);
          reject(new Error(m.error));
        } else if (m[want]) {
          clearTimeout(t);
          k.off('message', on);
          resolve(m);
        }
      };
      k.on('message', on);
    })));
  }

  /** Forks `procs` clients with `perProc` streams each on http://host:port{path}; resolves once all have headers. */
  static async open(url: string, path: string, procs: number, perProc: number): Promise<ProcWatchers> {
    const u = new URL(url);
    const script = new URL('./watch-client.mjs', import.meta.url);
    const kids = Array.from({ length: procs }, () => fork(script, [u.hostname, u.port, path, String(perProc)], {
      execArgv: [], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }));
    const ws = new ProcWatchers(kids);
    try {
      await ws.all('ready', 30_000);
    } catch (e) {
      await ws.close();
      throw e;
    }
    return ws;
  }

  /** Streams the server has ended so far (slow consumers cut off). */
  get endedStreams(): number {
    return this.ended;
  }

  /** Arms a phase of `events` per stream in every client; `write` runs once all are armed. */
  async phase(events: number, write: () => Promise<void>, timeoutMs = 180_000): Promise<ProcPhase> {
    const armed = this.all('armed', 10_000);
    for (const k of this.kids) k.send({ expect: events });
    await armed;
    const cpu0 = this.kids.reduce((s, k) => s + cpuMs(k.pid!), 0);
    const done = this.all('done', timeoutMs);
    await write();
    const ms = await done;
    const clientCpuMs = this.kids.reduce((s, k) => s + cpuMs(k.pid!), 0) - cpu0;
    const n = ms.reduce((s, m) => s + m.deliveries!, 0);
    const lat = new Float64Array(n);
    let at = 0;
    for (const m of ms) {
      lat.set(m.lat!, at);
      at += m.lat!.length;
    }
    return { deliveries: n, bytes: ms.reduce((s, m) => s + m.bytes!, 0), last: Math.max(...ms.map((m) => m.last!)), lat, clientCpuMs };
  }

  async close(): Promise<void> {
    await Promise.all(this.kids.map((k) => new Promise<void>((r) => {
      if (k.exitCode !== null || k.signalCode !== null) return r();
      k.once('exit', () => r());
      k.kill('SIGTERM');
    })));
  }
}
