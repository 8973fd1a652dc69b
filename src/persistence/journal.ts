// The append-only journal and atomic snapshot writes.
//
// Durability: append() hands each record to the kernel with write(2) before it returns, and it is
// called from the store's event listener, i.e. before the HTTP response of the write is sent. A
// killed process (SIGKILL, crash, OOM) therefore never loses an acknowledged write: the kernel
// owns the bytes. fsync(2) is batched (at most `syncIntervalMs` after a write, or after
// `syncEvery` writes), so an operating-system crash or power loss may lose the writes of that
// last window, nothing older.
import { closeSync, fdatasyncSync, mkdirSync, fstatSync, fsyncSync, ftruncateSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface JournalOptions {
  /** fsync at most this long after a write (default 5 ms). */
  syncIntervalMs?: number;
  /** fsync at once after this many unsynced writes (default 256). */
  syncEvery?: number;
  /** Called after each batched fsync (compaction checks run here, outside any write). */
  afterSync?: () => void;
}

function writeAll(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

export class Journal {
  private fd: number;
  private unsynced = 0;
  private timer?: NodeJS.Timeout;
  private size: number;

  constructor(readonly path: string, private readonly opts: JournalOptions = {}) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  get bytes(): number {
    return this.size;
  }

  /** Writes one record (a full line) to the kernel before returning. */
  append(line: string): void {
    const buf = Buffer.from(line, 'utf8');
    writeAll(this.fd, buf);
    this.size += buf.length;
    this.unsynced++;
    if (this.unsynced >= (this.opts.syncEvery ?? 256)) this.sync();
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.sync();
        this.opts.afterSync?.();
      }, this.opts.syncIntervalMs ?? 5);
      this.timer.unref();
    }
  }

  /** Flushes to stable storage now. */
  sync(): void {
    if (this.unsynced === 0) return;
    fdatasyncSync(this.fd);
    this.unsynced = 0;
  }

  /** Empties the journal once a snapshot holds everything in it. */
  truncate(): void {
    ftruncateSync(this.fd, 0);
    fsyncSync(this.fd);
    this.size = 0;
    this.unsynced = 0;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.sync();
    closeSync(this.fd);
  }
}

/** Replaces `path` with `content` atomically: write a temporary file, fsync it, rename, fsync the directory. */
export function writeFileAtomic(path: string, chunks: Iterable<string>): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    let batch: string[] = [];
    let n = 0;
    for (const c of chunks) {
      batch.push(c);
      n += c.length;
      if (n > 1 << 20) {
        writeAll(fd, Buffer.from(batch.join(''), 'utf8'));
        batch = [];
        n = 0;
      }
    }
    writeAll(fd, Buffer.from(batch.join(''), 'utf8'));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  const dfd = openSync(dirname(path), 'r');
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
}
