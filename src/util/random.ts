// Injected randomness: seedable for deterministic tests, crypto-backed otherwise.
import { randomUUID, randomBytes } from 'node:crypto';

export interface Random {
  /** A float in [0, 1). */
  float(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  uuid(): string;
}

export class CryptoRandom implements Random {
  float(): number {
    return randomBytes(4).readUInt32BE(0) / 0x100000000;
  }
  int(n: number): number {
    return Math.floor(this.float() * n);
  }
  uuid(): string {
    return randomUUID();
  }
}

/** mulberry32: small, fast, good enough for reproducible test runs. */
export class SeededRandom implements Random {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  float(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.float() * n);
  }
  /** 16 bytes from int(256), version 4 and variant bits set, as 8-4-4-4-12 lowercase hex. */
  uuid(): string {
    // The text's bytes written into one reused buffer and read back as one flat string: `s += ...`
    // leaves a chain of ~14 cons strings (~450 bytes) behind every uid, which every stored object
    // keeps, and joining an array of parts costs twice the time.
    const out = UUID_TEXT;
    let p = 0;
    for (let i = 0; i < 16; i++) {
      let b = this.int(256);
      if (i === 6) b = (b & 0x0f) | 0x40;
      else if (i === 8) b = (b & 0x3f) | 0x80;
      if (i === 4 || i === 6 || i === 8 || i === 10) out[p++] = 0x2d; // '-'
      out[p++] = HEX_CODES[2 * b];
      out[p++] = HEX_CODES[2 * b + 1];
    }
    return out.toString('latin1', 0, 36);
  }
}

/** Two lowercase hex digits per byte value. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
/** The character codes of HEX[b] at 2b and 2b + 1. */
const HEX_CODES = Uint8Array.from(HEX.flatMap((h) => [h.charCodeAt(0), h.charCodeAt(1)]));
/** SeededRandom.uuid's scratch: the 36 bytes of the text being made. */
const UUID_TEXT = Buffer.alloc(36);

/** Kubernetes' generateName alphabet (no vowels, no confusable characters). */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(r: Random, n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[r.int(ALPHABET.length)];
  return s;
}

/** generateName rule: prefix cut to 58 chars, then 5 random characters. */
export function generateName(r: Random, prefix: string): string {
  return prefix.slice(0, 58) + randomSuffix(r);
}
