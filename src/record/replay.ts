// `kubesim replay FILE`: a server that plays a --record file back. It starts with the objects the
// recording started with, then applies each recorded event at its time (divided by --speed),
// with the recorded resourceVersion, so that an informer sees the same sequence of events with
// the same resourceVersions as the clients of the recorded server did. No controllers or simulator
// run and writes are refused: every change comes from the recording. The timeline starts when the
// first client opens a watch (its list then holds the initial state), or at once with startNow.
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { buildApp, type Kubesim } from '../app.js';
import { methodNotAllowed } from '../machinery/status.js';
import type { Store } from '../storage/store.js';
import { parseRecording, RecordingError, type RecordedEvent, type Recording } from './format.js';

export { RecordingError };

export interface ReplayOptions {
  /** Times faster than recorded (default 1). */
  speed?: number;
  host?: string;
  port?: number;
  tokens?: string[];
  /** Start the timeline at once instead of at the first watch request. */
  startNow?: boolean;
}

export interface ReplayServer {
  url: string;
  sim: Kubesim;
  /** Events of the recording (after the initial objects). */
  readonly total: number;
  /** Resolves when the last event was replayed. */
  done: Promise<void>;
  close(): Promise<void>;
}

/** Applies one recorded event so the store stamps the recorded resourceVersion. */
export function applyRecorded(store: Store, ev: RecordedEvent): void {
  const m = ev.object.metadata;
  const ns = m.namespace ?? '';
  const name = m.name ?? '';
  if (store.currentRevision >= ev.rv) throw new RecordingError(`event ${ev.rv} is not after the server's revision ${store.currentRevision}`);
  store.bumpRevisionTo(ev.rv - 1);
  const obj = structuredClone(ev.object);
  const exists = store.get(ev.resource, ns, name) !== undefined;
  if (ev.type === 'DELETED') {
    if (exists) store.delete(ev.resource, ns, name);
  } else if (exists) store.update(ev.resource, obj);
  else store.create(ev.resource, obj);
}

const isWatch = (req: IncomingMessage) => /[?&]watch=(1|true|True)\b/.test(req.url ?? '') || /\/watch\//.test(req.url ?? '');

export async function startReplay(rec: Recording | string, o: ReplayOptions = {}): Promise<ReplayServer> {
  const recording = typeof rec === 'string' ? parseRecording(readFileSync(rec, 'utf8'), rec) : rec;
  const speed = o.speed ?? 1;
  if (!(speed > 0)) throw new RecordingError(`speed must be a positive number, got ${speed}`);
  const sim = await buildApp({
    simulate: false, workloadControllers: false, controllers: false, tokens: o.tokens,
    // The recording's first objects take the bootstrap's place, with their own resourceVersions.
    persistence: {
      restore: (registry) => {
        for (const ev of recording.initial) applyRecorded(registry.store, ev);
        registry.store.bumpRevisionTo(recording.header.revision);
        return true;
      },
      cleared: () => undefined,
    },
  });
  sim.app.addHook('onRequest', async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && !req.url.startsWith('/kubesim/')) throw methodNotAllowed(req.method.toLowerCase(), 'a replayed recording');
  });
  const timers: NodeJS.Timeout[] = [];
  let finish!: () => void;
  let fail!: (e: unknown) => void;
  const done = new Promise<void>((res, rej) => { finish = res; fail = rej; });
  done.catch(() => undefined);
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    const t0 = Date.parse(recording.header.time);
    let i = 0;
    // One timer at a time, each at its offset from the start: the order never depends on timer ties.
    const began = Date.now();
    const next = () => {
      if (i >= recording.events.length) return finish();
      const ev = recording.events[i];
      const wait = (Date.parse(ev.time) - t0) / speed - (Date.now() - began);
      timers[0] = setTimeout(() => {
        try {
          applyRecorded(sim.store, ev);
        } catch (e) {
          return fail(e);
        }
        i++;
        next();
      }, Math.max(0, wait));
    };
    next();
  };
  sim.app.server.on('request', (req: IncomingMessage) => {
    if (isWatch(req)) start();
  });
  await sim.app.listen({ host: o.host ?? '127.0.0.1', port: o.port ?? 0 });
  if (o.startNow) start();
  const addr = sim.app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port ?? 0;
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${port}`,
    sim, total: recording.events.length, done,
    async close() {
      for (const t of timers) clearTimeout(t);
      await sim.app.close();
    },
  };
}
