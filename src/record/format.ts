// The --record file: JSON lines. A header, the objects present when recording started (type
// ADDED, initial: true), then every store event — what every watcher saw — in resourceVersion order:
//
//   {"kubesim":"recording","version":1,"time":"2026-12-07T04:40:00.000Z","revision":12}
//   {"time":"...","type":"ADDED","resource":"pods","rv":7,"initial":true,"object":{...}}
//   {"time":"...","type":"MODIFIED","resource":"apps/deployments","rv":13,"object":{...}}
//
// `resource` is the store's key (group/resource, or resource for the core group).
import type { KObject } from '../machinery/types.js';

export const RECORDING_VERSION = 1;

export interface RecordingHeader {
  kubesim: 'recording';
  version: number;
  time: string;
  /** The store's revision when recording started. */
  revision: number;
}

export interface RecordedEvent {
  time: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resource: string;
  rv: number;
  initial?: boolean;
  object: KObject;
}

export interface Recording {
  header: RecordingHeader;
  initial: RecordedEvent[];
  events: RecordedEvent[];
}

/** A recording that cannot be replayed; the message names the line. */
export class RecordingError extends Error {}

export function parseRecording(text: string, name = '<recording>'): Recording {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new RecordingError(`${name}: empty, not a kubesim recording`);
  const parse = (l: string, i: number): any => {
    try {
      return JSON.parse(l);
    } catch {
      throw new RecordingError(`${name}: line ${i + 1}: not JSON`);
    }
  };
  const header = parse(lines[0], 0) as RecordingHeader;
  if (header?.kubesim !== 'recording') throw new RecordingError(`${name}: line 1: not a kubesim recording header`);
  if (header.version !== RECORDING_VERSION) throw new RecordingError(`${name}: recording version ${header.version}, this kubesim reads ${RECORDING_VERSION}`);
  const out: Recording = { header, initial: [], events: [] };
  let last = 0;
  lines.slice(1).forEach((l, j) => {
    const ev = parse(l, j + 1) as RecordedEvent;
    const ok = ['ADDED', 'MODIFIED', 'DELETED'].includes(ev?.type) && typeof ev.resource === 'string'
      && Number.isSafeInteger(ev.rv) && ev.object?.metadata && !Number.isNaN(Date.parse(ev.time));
    if (!ok) throw new RecordingError(`${name}: line ${j + 2}: not a recorded event`);
    if (ev.rv <= last) throw new RecordingError(`${name}: line ${j + 2}: resourceVersion ${ev.rv} does not follow ${last}`);
    last = ev.rv;
    (ev.initial ? out.initial : out.events).push(ev);
  });
  return out;
}
