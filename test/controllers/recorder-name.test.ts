// Event names end in the hex of the time in ns plus a sequence number: computed without BigInt,
// held to the BigInt formula client-go's naming is written in.
import { describe, expect, it } from 'vitest';
import { eventNameSuffix } from '../../src/controllers/recorder.js';
import { SeededRandom } from '../../src/util/random.js';

const reference = (ms: number, seq: number) => (BigInt(ms) * 1_000_000n + BigInt(seq)).toString(16);

describe('eventNameSuffix', () => {
  it('matches the BigInt formula', () => {
    const rnd = new SeededRandom(16);
    const edges = [0, 1, 16, 2 ** 24 - 1, 2 ** 24, 2 ** 24 + 1, Date.parse('2026-01-01T00:00:00Z'), 2 ** 41 - 1, 2 ** 44, Number.MAX_SAFE_INTEGER >> 11];
    const seqs = [0, 1, 15, 16, 999_999];
    for (const ms of edges) for (const seq of seqs) expect(eventNameSuffix(ms, seq)).toBe(reference(ms, seq));
    for (let i = 0; i < 20_000; i++) {
      const ms = i % 2 ? Math.floor(rnd.float() * 2 ** 42) : Date.parse('2026-01-01T00:00:00Z') + rnd.int(10 ** 9);
      const seq = rnd.int(1_000_000);
      expect(eventNameSuffix(ms, seq)).toBe(reference(ms, seq));
    }
  });

  it('throws where BigInt throws (a clock with fractions)', () => {
    expect(() => eventNameSuffix(1.5, 0)).toThrow(RangeError);
  });
});
