// On-disk formats of --state-file. Both files are JSON lines, so a torn write can only damage the
// last line and every complete line stands alone.
//
//   PATH          snapshot: a header line, one line per object, an end line with the count.
//                 Replaced atomically (write PATH.tmp, fsync, rename), never edited in place.
//   PATH.journal  every write since the snapshot, appended before the write is acknowledged:
//                 {"s":7,"op":"put","r":"pods","rv":41,"o":{...}}
//                 {"s":8,"op":"del","r":"pods","rv":42,"ns":"default","n":"web-0"}
//                 {"s":9,"op":"clear","rv":42}            (a reset)
//
// `s` numbers journal records across restarts; the snapshot stores the last one it includes, so
// a journal left over by a crash between snapshot and truncation is not applied twice.
import type { KObject } from '../machinery/types.js';
import { isObject } from '../machinery/types.js';

export const SNAPSHOT_KIND = 'KubesimState';
export const SNAPSHOT_VERSION = 1;

export interface SnapshotHeader {
  kind: typeof SNAPSHOT_KIND;
  version: number;
  /** The store's revision (resourceVersion counter) when the snapshot was taken. */
  revision: number;
  /** The last journal record folded into the snapshot. */
  seq: number;
}

export type JournalRecord =
  | { s: number; op: 'put'; r: string; rv: number; o: KObject }
  | { s: number; op: 'del'; r: string; rv: number; ns: string; n: string }
  | { s: number; op: 'clear'; rv: number };

export function journalPath(statePath: string): string {
  return `${statePath}.journal`;
}

/** One journal line; `objectJSON` is the stored object's cached JSON, so it is not serialised twice. */
export function putLine(s: number, resource: string, rv: number, objectJSON: string): string {
  return `{"s":${s},"op":"put","r":${JSON.stringify(resource)},"rv":${rv},"o":${objectJSON}}\n`;
}

export function delLine(s: number, resource: string, rv: number, namespace: string, name: string): string {
  return `${JSON.stringify({ s, op: 'del', r: resource, rv, ns: namespace, n: name })}\n`;
}

export function clearLine(s: number, rv: number): string {
  return `${JSON.stringify({ s, op: 'clear', rv })}\n`;
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Parses and checks one journal line; undefined when it is not a well-formed record. */
export function parseRecord(line: string): JournalRecord | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(v) || !isCount(v.s) || !isCount(v.rv)) return undefined;
  switch (v.op) {
    case 'put':
      return typeof v.r === 'string' && isObject(v.o) && isObject(v.o.metadata) ? (v as JournalRecord) : undefined;
    case 'del':
      return typeof v.r === 'string' && typeof v.ns === 'string' && typeof v.n === 'string' ? (v as JournalRecord) : undefined;
    case 'clear':
      return v as JournalRecord;
    default:
      return undefined;
  }
}

export function snapshotHeaderLine(revision: number, seq: number): string {
  const h: SnapshotHeader = { kind: SNAPSHOT_KIND, version: SNAPSHOT_VERSION, revision, seq };
  return `${JSON.stringify(h)}\n`;
}

export function snapshotObjectLine(resource: string, objectJSON: string): string {
  return `{"r":${JSON.stringify(resource)},"o":${objectJSON}}\n`;
}

export function snapshotEndLine(count: number): string {
  return `${JSON.stringify({ end: count })}\n`;
}
