// PATH.lock: one server per state file, and a lock that dies with its holder.
//
// The lock file is created atomically (link(2), which fails with EEXIST as O_CREAT|O_EXCL does,
// of a file already holding its content), so of two starters only one can create it. It
// names its holder by pid *and* the process start time (field 22 of /proc/PID/stat, clock ticks
// since boot), so a lock is stale when its process is gone, is a zombie (killed but not yet
// reaped by its parent: kill(pid, 0) still succeeds for those) or when the pid now belongs to
// another process. A stale lock is taken over under a second O_EXCL file, PATH.lock.takeover,
// after checking that the lock still holds the same stale content, so two starters racing for a
// stale lock cannot both remove it and both win. Without /proc (not Linux) liveness falls back to
// kill(pid, 0).
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { StateFileError } from './recover.js';

interface Holder {
  pid: number;
  /** Start time in clock ticks since boot; undefined when unknown (no /proc, or an old lock). */
  start?: number;
}

/** Locks this process took (and so may release). */
const heldHere = new Set<string>();

/** State and start time of a process from /proc/PID/stat; undefined when there is no such process. */
function procStat(pid: number | 'self'): { state: string; start: number } | undefined | 'no-proc' {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ESRCH') {
      try {
        readFileSync('/proc/self/stat');
      } catch {
        return 'no-proc';
      }
      return undefined;
    }
    return 'no-proc';
  }
  // "pid (comm) S ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
  // Fields from there on are numbered from 3 (state); starttime is field 22.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0], start: Number(rest[22 - 3]) };
}

function self(): Holder {
  const st = procStat('self');
  return { pid: process.pid, start: typeof st === 'object' ? st.start : undefined };
}

function killZero(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process named by a lock still runs (not exited, not a zombie, not a reused pid). */
export function holderAlive(h: Holder): boolean {
  const st = procStat(h.pid);
  if (st === 'no-proc') return killZero(h.pid);
  if (!st) return false;
  if (st.state === 'Z' || st.state === 'X') return false;
  return h.start === undefined || st.start === h.start;
}

const format = (h: Holder) => `${h.pid}${h.start !== undefined ? ` ${h.start}` : ''}\n`;

function parse(text: string): Holder | undefined {
  const [pid, start] = text.trim().split(/\s+/).map(Number);
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  return { pid, start: Number.isSafeInteger(start) ? start : undefined };
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Creates `path` holding `content`, or returns false when it exists. The content is written to a
 * private file first and hard-linked into place (link(2) fails with EEXIST like O_EXCL does), so
 * a lock never appears empty to a racing starter.
 */
function createExclusive(path: string, content: string): boolean {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkIfPresent(tmp);
  }
}

function unlinkIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/**
 * A holder that is not running: gone, a zombie or a reused pid. A lock held by this very process
 * counts as stale too, so a test can restart in-process after abandoning a server (a crash).
 */
function stale(text: string, me: Holder): boolean {
  const h = parse(text);
  if (!h) return true; // not a lock we wrote: garbage
  if (h.pid === me.pid && (h.start === undefined || h.start === me.start)) return true;
  return !holderAlive(h);
}

/** Removes the lock if it still holds exactly `seen`, under PATH.lock.takeover. */
function removeStale(lockPath: string, seen: string, me: Holder): void {
  const takeover = `${lockPath}.takeover`;
  if (!createExclusive(takeover, format(me))) {
    // Another starter is taking over right now (give it a moment), or died doing so.
    const t = read(takeover);
    if (t !== undefined && stale(t, me) && parse(t)?.pid !== me.pid) unlinkIfPresent(takeover);
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    return;
  }
  try {
    if (read(lockPath) === seen) unlinkIfPresent(lockPath);
  } finally {
    unlinkIfPresent(takeover);
  }
}

/** Takes PATH.lock for this process; throws StateFileError naming the live holder. */
export function lockStateFile(path: string): void {
  const lockPath = `${path}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  const me = self();
  for (let attempt = 0; attempt < 50; attempt++) {
    if (createExclusive(lockPath, format(me))) {
      heldHere.add(lockPath);
      return;
    }
    const seen = read(lockPath);
    if (seen === undefined) continue; // released between our two calls
    if (!stale(seen, me)) {
      throw new StateFileError(`state file ${path} is in use by process ${parse(seen)?.pid} (${lockPath})`);
    }
    removeStale(lockPath, seen, me);
  }
  throw new StateFileError(`state file ${path}: could not take ${lockPath} (other servers keep starting on it)`);
}

/** Releases PATH.lock if this process holds it. */
export function unlockStateFile(path: string): void {
  const lockPath = `${path}.lock`;
  if (!heldHere.delete(lockPath)) return;
  const h = parse(read(lockPath) ?? '');
  if (h?.pid === process.pid) unlinkIfPresent(lockPath);
}
