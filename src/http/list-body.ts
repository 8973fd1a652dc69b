// Writing a body held as many Buffers (a LIST: head, each object's cached bytes, commas, tail).
// Each Buffer handed to the socket is one iovec of the writev, and an iovec costs about as much as
// copying a kilobyte (JS bookkeeping per write plus the kernel's per-segment work). So runs of
// small parts are copied into reused scratch chunks and written as one segment each, while large
// parts (real-size pods) go out as they are: nothing is concatenated into a fresh Buffer, which
// costs more than either (a new allocation, page faults, and GC pressure from external memory).
import type { ServerResponse } from 'node:http';

/** Parts shorter than this are copied into a scratch chunk; longer ones are written as they are. */
export const SMALL_PART = 2048;
const CHUNK_BYTES = 64 * 1024;
/** Scratch chunks kept for reuse; more are allocated while many responses are in flight. */
const MAX_FREE_CHUNKS = 32;
const free: Buffer[] = [];

/**
 * Writes `parts` in order to a corked response. Scratch chunks go back to the pool when the
 * response closes: by then the socket has taken every byte (finish) or is gone (abort).
 */
export function writeParts(res: ServerResponse, parts: readonly Buffer[]): void {
  let taken: Buffer[] | undefined;
  let chunk: Buffer | undefined;
  let start = 0;
  let pos = 0;
  const flush = () => {
    if (pos > start) res.write(chunk!.subarray(start, pos));
    start = pos;
  };
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.length >= SMALL_PART) {
      flush();
      res.write(p);
      continue;
    }
    // A lone small part between large ones (the comma between two big objects): copying it
    // would save no segment.
    if (pos === start && (i + 1 === parts.length || parts[i + 1].length >= SMALL_PART)) {
      res.write(p);
      continue;
    }
    if (chunk === undefined || pos + p.length > chunk.length) {
      flush();
      chunk = free.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
      (taken ??= []).push(chunk);
      start = pos = 0;
    }
    if (p.length === 1) chunk[pos] = p[0];
    else chunk.set(p, pos);
    pos += p.length;
  }
  flush();
  if (taken) {
    const used = taken;
    res.once('close', () => {
      for (const c of used) if (free.length < MAX_FREE_CHUNKS) free.push(c);
    });
  }
}
