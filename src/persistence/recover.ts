// Reading --state-file back: the snapshot, then the journal records written after it. A damaged
// snapshot is an error (it was written atomically, so damage means someone else touched it); a
// damaged journal tail is what a crash leaves behind and is dropped with a warning; damage in the
// middle of the journal (valid records after it) is an error naming the byte offset.
import { existsSync, readFileSync } from 'node:fs';
import type { KObject } from '../machinery/types.js';
import { isObject } from '../machinery/types.js';
import { journalPath, parseRecord, SNAPSHOT_KIND, SNAPSHOT_VERSION, type JournalRecord } from './format.js';

export interface RecoveredObject {
  resource: string;
  rv: number;
  obj: KObject;
}

export interface RecoveredState {
  /** The resourceVersion counter to continue from. */
  revision: number;
  /** The last journal record number seen. */
  seq: number;
  /** Live objects by key; deleted keys keep a tombstone (obj undefined) while replaying. */
  objects: Map<string, { resource: string; rv: number; obj?: KObject }>;
  /** Journal records applied on top of the snapshot. */
  replayed: number;
  /** True when a partial or corrupt journal tail was dropped. */
  droppedTail: boolean;
}

export class StateFileError extends Error {}

const keyOf = (resource: string, ns: string, name: string): string => `${resource}\u0000${ns}\u0000${name}`;

/** The objects of a recovered state, oldest resourceVersion first (the order they are restored in). */
export function liveObjects(st: RecoveredState): RecoveredObject[] {
  const out: RecoveredObject[] = [];
  for (const e of st.objects.values()) if (e.obj) out.push({ resource: e.resource, rv: e.rv, obj: e.obj });
  return out.sort((a, b) => a.rv - b.rv);
}

function readSnapshot(path: string): RecoveredState {
  const lines = readFileSync(path, 'utf8').split('\n');
  const bad = (why: string) => new StateFileError(`state file ${path} is damaged (${why}); move it away to start fresh`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(lines[0]);
  } catch {
    throw bad('unreadable header');
  }
  if (header.kind !== SNAPSHOT_KIND || header.version !== SNAPSHOT_VERSION) throw bad('not a kubesim state file of a known version');
  const st: RecoveredState = {
    revision: Number(header.revision), seq: Number(header.seq), objects: new Map(), replayed: 0, droppedTail: false,
  };
  let ended = false;
  for (let i = 1; i < lines.length && !ended; i++) {
    if (lines[i] === '') continue;
    let v: Record<string, unknown>;
    try {
      v = JSON.parse(lines[i]);
    } catch {
      throw bad(`line ${i + 1} is not JSON`);
    }
    if (v.end !== undefined) {
      if (v.end !== st.objects.size) throw bad(`expected ${String(v.end)} objects, found ${st.objects.size}`);
      ended = true;
    } else if (typeof v.r === 'string' && isObject(v.o) && isObject(v.o.metadata)) {
      const o = v.o as KObject;
      const m = o.metadata;
      st.objects.set(keyOf(v.r, m.namespace ?? '', m.name ?? ''), { resource: v.r, rv: Number(m.resourceVersion), obj: o });
    } else {
      throw bad(`line ${i + 1} is not an object entry`);
    }
  }
  if (!ended) throw bad('it ends early');
  return st;
}

/**
 * Applies one record. Records may reach the journal slightly out of revision order (a write made
 * from inside another write's event), so a record only wins over an entry with an older revision.
 */
function replay(st: RecoveredState, rec: JournalRecord): void {
  st.seq = rec.s;
  st.revision = Math.max(st.revision, rec.rv);
  st.replayed++;
  if (rec.op === 'clear') {
    st.objects.clear();
    return;
  }
  const m = rec.op === 'put' ? rec.o.metadata : { namespace: rec.ns, name: rec.n };
  const key = keyOf(rec.r, m.namespace ?? '', m.name ?? '');
  const cur = st.objects.get(key);
  if (cur && cur.rv >= rec.rv) return;
  st.objects.set(key, { resource: rec.r, rv: rec.rv, obj: rec.op === 'put' ? rec.o : undefined });
}

/**
 * Replays the journal. What a crash leaves behind is a damaged *tail*: a last line cut short, or
 * (after an operating-system crash) lines of garbage or zeros up to the end, none of which was
 * acknowledged as synced. That tail is dropped with a warning. A bad record followed by good ones
 * is something else (the file was edited or the disk damaged it): dropping everything after it
 * would silently lose acknowledged writes, so recovery stops with the byte offset instead.
 */
function replayJournal(path: string, st: RecoveredState, warn: (msg: string) => void): void {
  const buf = readFileSync(path);
  const base = st.seq;
  let last = -1;
  let offset = 0;
  let line = 0;
  while (offset < buf.length) {
    const nl = buf.indexOf(0x0a, offset);
    if (nl < 0) {
      // A last line without its newline was being written when the process died: never acknowledged.
      warn(`journal ${path}: ignoring a partial last record (${buf.length - offset} bytes), written when the process stopped`);
      st.droppedTail = true;
      return;
    }
    line++;
    const rec = parseRecord(buf.toString('utf8', offset, nl));
    if (!rec || rec.s <= last) {
      dropTailOrRefuse(path, buf, offset, nl + 1, line, last, warn);
      st.droppedTail = true;
      return;
    }
    last = rec.s;
    // Records up to the snapshot's seq are already in it (a crash came between snapshot and truncation).
    if (rec.s > base) replay(st, rec);
    offset = nl + 1;
  }
}

/** At a bad record: a warning when nothing valid follows it (a torn tail), an error when something does. */
function dropTailOrRefuse(path: string, buf: Buffer, at: number, next: number, line: number, lastSeq: number,
  warn: (msg: string) => void): void {
  let after = 0;
  let offset = next;
  while (offset < buf.length) {
    let nl = buf.indexOf(0x0a, offset);
    if (nl < 0) nl = buf.length;
    const rec = parseRecord(buf.toString('utf8', offset, nl));
    if (rec && rec.s > lastSeq) after++;
    offset = nl + 1;
  }
  if (after > 0) {
    throw new StateFileError(`journal ${path} is corrupt at byte offset ${at} (line ${line}), followed by ${after} valid ` +
      'record(s): refusing to drop acknowledged writes; repair or move the journal away to start from the snapshot');
  }
  warn(`journal ${path}: line ${line} (byte offset ${at}) is corrupt and nothing valid follows; ` +
    `ignoring the last ${buf.length - at} bytes, written when the process stopped`);
}

/** Reads the state saved at `path` (snapshot and journal); undefined when there is none. */
export function recoverState(path: string, warn: (msg: string) => void): RecoveredState | undefined {
  const jpath = journalPath(path);
  const hasSnapshot = existsSync(path);
  const hasJournal = existsSync(jpath);
  if (!hasSnapshot && !hasJournal) return undefined;
  const st = hasSnapshot ? readSnapshot(path) : { revision: 0, seq: 0, objects: new Map(), replayed: 0, droppedTail: false };
  if (hasJournal) replayJournal(jpath, st, warn);
  for (const [k, e] of st.objects) if (!e.obj) st.objects.delete(k);
  if (!hasSnapshot && st.replayed === 0) return undefined;
  return st;
}
