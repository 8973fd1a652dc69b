// --record FILE: every store event — what watchers see — appended as a JSON line with its time
// (format.ts), after the objects present at the start. Written synchronously in event order, so
// the file's order is the resourceVersion order even if the process is killed.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Store, StoreEvent } from '../storage/store.js';
import { objectJSON } from '../storage/table.js';
import { RECORDING_VERSION, type RecordingHeader } from './format.js';

export interface Recorder {
  stop(): void;
}

function line(time: string, type: string, resource: string, rv: number, json: string, initial = false): string {
  return `{"time":"${time}","type":"${type}","resource":${JSON.stringify(resource)},"rv":${rv}${initial ? ',"initial":true' : ''},"object":${json}}\n`;
}

/** Starts recording `store` into `path` (truncated); `resources` lists the store keys to snapshot first. */
export function startRecording(store: Store, path: string, resources: string[], now: () => Date = () => new Date()): Recorder {
  const fd = openSync(path, 'w', 0o600);
  const start = now().toISOString();
  const header: RecordingHeader = { kubesim: 'recording', version: RECORDING_VERSION, time: start, revision: store.currentRevision };
  writeSync(fd, `${JSON.stringify(header)}\n`);
  const initial = resources.flatMap((r) => store.list(r).map((o) => ({ r, o }))).sort((a, b) => a.o.rv - b.o.rv);
  for (const { r, o } of initial) writeSync(fd, line(start, 'ADDED', r, o.rv, objectJSON(o), true));
  let open = true;
  const off = store.subscribeAll((ev: StoreEvent) => {
    if (open) writeSync(fd, line(now().toISOString(), ev.type, ev.resource, ev.rv, objectJSON(ev.object)));
  });
  return {
    stop() {
      if (!open) return;
      open = false;
      off();
      closeSync(fd);
    },
  };
}
