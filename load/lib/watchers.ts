// Driver for watch-worker.mjs: open N watch streams in a worker thread, then run phases.
import { Worker } from 'node:worker_threads';

export interface PhaseResult {
  deliveries: number;
  /** Epoch ms of the last delivery. */
  last: number;
  p50?: number;
  p99?: number;
}

type Msg = { ready?: true; armed?: true; done?: true; error?: string } & Partial<PhaseResult>;

export class Watchers {
  private waiting?: { want: keyof Msg; resolve: (m: Msg) => void; reject: (e: Error) => void };

  private constructor(private readonly w: Worker) {
    w.on('message', (m: Msg) => {
      const p = this.waiting;
      if (m.error) p?.reject(new Error(m.error));
      else if (p && m[p.want]) {
        this.waiting = undefined;
        p.resolve(m);
      }
    });
    w.on('error', (e) => this.waiting?.reject(e));
  }

  private next(want: keyof Msg, timeoutMs: number): Promise<Msg> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`watchers: no ${want} within ${timeoutMs} ms`)), timeoutMs);
      this.waiting = {
        want,
        resolve: (m) => { clearTimeout(t); resolve(m); },
        reject: (e) => { clearTimeout(t); reject(e); },
      };
    });
  }

  /** Opens `watchers` streams on http://host:port{path}; resolves once every one has its headers. */
  static async open(url: string, path: string, watchers: number): Promise<Watchers> {
    const u = new URL(url);
    const w = new Worker(new URL('./watch-worker.mjs', import.meta.url), {
      workerData: { host: u.hostname, port: Number(u.port), path, watchers }, execArgv: [],
    });
    const ws = new Watchers(w);
    await ws.next('ready', 20_000);
    return ws;
  }

  /** Arms a phase of `events` per stream; `write` runs once armed; resolves when all arrived. */
  async phase(events: number, write: () => Promise<void>, timeoutMs = 60_000): Promise<PhaseResult> {
    const armed = this.next('armed', 5_000);
    this.w.postMessage({ expect: events });
    await armed;
    const done = this.next('done', timeoutMs);
    await write();
    return (await done) as PhaseResult;
  }

  async close(): Promise<void> {
    await this.w.terminate();
  }
}
