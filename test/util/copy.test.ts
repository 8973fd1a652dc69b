// util/copy's clone must be exactly the JSON round trip it replaced (JSON.parse(JSON.stringify(v))),
// on plain JSON and on the odd values in-process writers can put into objects.
import { describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import { clone, freezeStored, isPlainFrozen, shareUnchanged } from '../../src/util/copy.js';
import { SeededRandom } from '../../src/util/random.js';

const roundTrip = (v: unknown): unknown => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/** Every own key path in order, with Object.is-distinct leaves (-0, NaN) spelled out. */
function shape(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return Object.is(v, -0) ? '-0' : typeof v === 'number' ? `n${v}` : v;
  return Object.getOwnPropertyNames(v).map((k) => [k, shape((v as Record<string, unknown>)[k])]);
}

/** Same JSON text, same own keys in the same order, same prototypes and -0/0 all the way down. */
function expectSame(a: unknown, b: unknown): void {
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  expect(isDeepStrictEqual(a, b)).toBe(true);
  expect(shape(a)).toEqual(shape(b));
}

function randomValue(rnd: SeededRandom, depth: number): unknown {
  const odd: unknown[] = [undefined, NaN, Infinity, -Infinity, -0, () => 1, Symbol('s'), new Date(0), null, '', 'x\u2028y', '\ud800'];
  const pick = rnd.int(10);
  if (depth > 4 || pick < 3) {
    const r = rnd.int(6);
    if (r === 0) return odd[rnd.int(odd.length)];
    if (r === 1) return rnd.int(1000) - 500;
    if (r === 2) return rnd.int(2) === 0;
    if (r === 3) return rnd.int(1000) / 7;
    return `s${rnd.int(100)}`;
  }
  if (pick < 6) {
    const a: unknown[] = [];
    const n = rnd.int(5);
    for (let i = 0; i < n; i++) a.push(randomValue(rnd, depth + 1));
    if (rnd.int(8) === 0) a[n + 1] = 1; // a hole
    return a;
  }
  const o: Record<string, unknown> = {};
  const keys = ['a', 'b', '1', '10', 'toJSON', '__proto__', 'z', 'constructor'];
  const n = rnd.int(6);
  for (let i = 0; i < n; i++) {
    const k = keys[rnd.int(keys.length)];
    const v = k === 'toJSON' && rnd.int(2) === 0 ? 'not a function' : randomValue(rnd, depth + 1);
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return o;
}

describe('clone', () => {
  it('equals the JSON round trip on random values (seeded)', () => {
    const rnd = new SeededRandom(16);
    for (let i = 0; i < 3000; i++) {
      const v = randomValue(rnd, 0);
      let want: unknown;
      let wantErr: unknown;
      try {
        want = roundTrip(v);
      } catch (e) {
        wantErr = e;
      }
      if (wantErr) {
        expect(() => clone(v)).toThrow((wantErr as Error).constructor as typeof Error);
        continue;
      }
      expectSame(clone(v), want);
    }
  });

  it('takes the round trip for toJSON, class instances, bigint and cycles', () => {
    const withToJSON = { a: 1, toJSON: () => ({ b: 2 }) };
    expectSame(clone(withToJSON), { b: 2 });
    expectSame(clone({ d: new Date(0) }), { d: '1970-01-01T00:00:00.000Z' });
    class Point { x = 1; y = undefined; }
    expectSame(clone({ p: new Point() }), { p: { x: 1 } });
    expectSame(clone(new Map([[1, 2]])), {});
    expect(() => clone({ n: 1n })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => clone(cyclic)).toThrow(TypeError);
    expect(() => clone(() => 1)).toThrow(SyntaxError);
  });

  it('copies: the result shares nothing with a frozen input', () => {
    const v = Object.freeze({ a: Object.freeze([Object.freeze({ b: 1 })]) });
    const c = clone(v) as { a: { b: number }[] };
    c.a[0].b = 2;
    expect(v.a[0].b).toBe(1);
    expect(Object.isFrozen(c.a)).toBe(false);
  });
});

describe('freezeStored', () => {
  it('freezes everything deepFreeze would and tells plain JSON from what clone would change', () => {
    const plain = freezeStored({ a: [1, 'x', true, null, { b: {} }] });
    expect(Object.isFrozen(plain.a[4])).toBe(true);
    expect(isPlainFrozen(plain)).toBe(true);
    for (const odd of [{ a: undefined }, { a: [1, undefined] }, { a: NaN }, { a: -0 }, { a: () => 1 }, { a: new Date(0) },
      { a: [1, , 2] }, { a: Object.assign([1], { extra: 1 }) }, { a: 1n }]) {
      expect(isPlainFrozen(freezeStored(odd))).toBe(false);
      expect(Object.isFrozen(odd)).toBe(true);
    }
  });

  it('walks own keys only, as Object.keys lists them, whatever Object.prototype has', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = { deep: [1] };
    try {
      const own = freezeStored({ b: { c: 1 }, 2: 'two', a: [{ d: 'x' }] });
      expect(isPlainFrozen(own)).toBe(true);
      expect(Object.isFrozen(proto.polluted)).toBe(false);
      const odd = freezeStored({ a: { b: undefined } });
      expect(isPlainFrozen(odd)).toBe(false);
      const shadow = Object.defineProperty({ x: 1 }, 'polluted', { value: NaN, enumerable: false });
      expect(isPlainFrozen(freezeStored({ s: shadow }))).toBe(true);
    } finally {
      delete proto.polluted;
    }
  });

  it('does not vouch for a frozen value with an unfrozen inside', () => {
    const inner = { x: 1 };
    const shallow = Object.freeze({ inner });
    const v = freezeStored({ shallow });
    expect(isPlainFrozen(v)).toBe(false);
    expect(Object.isFrozen(inner)).toBe(false); // as deepFreeze: it stops at a frozen value
  });

  it('remembers a frozen plain part found in a write (a leaf, with no objects inside, is checked again instead), and never one with an unfrozen inside', () => {
    const shared = Object.freeze({ ip: '10.0.0.1', ref: Object.freeze({ uid: 'u' }) });
    const loose = Object.freeze({ ip: '10.0.0.2', ref: { uid: 'v' } });
    expect(isPlainFrozen(shared)).toBe(false);
    const a = freezeStored({ list: [shared, loose] });
    expect(isPlainFrozen(a)).toBe(false);
    expect(isPlainFrozen(shared)).toBe(true);
    expect(isPlainFrozen(shared.ref)).toBe(false); // a leaf: not remembered
    expect(isPlainFrozen(freezeStored({ only: shared.ref }))).toBe(true); // and still found plain
    expect(isPlainFrozen(loose)).toBe(false);
    expect(Object.isFrozen(loose.ref)).toBe(false); // as deepFreeze: it stops at a frozen value
    // Once what was loose inside is frozen too, the value is plain after all.
    Object.freeze(loose.ref);
    expect(isPlainFrozen(freezeStored({ list: [loose] }))).toBe(true);
    for (const odd of [{ a: undefined }, { a: NaN }, { a: [1, , 2] }, { a: new Date(0) }]) {
      const f = Object.freeze(odd);
      expect(isPlainFrozen(freezeStored({ x: f }))).toBe(false);
      expect(isPlainFrozen(f)).toBe(false);
    }
  });

  it('recognises parts shared with the previous plain version by position', () => {
    const prev = freezeStored({ spec: { c: [{ n: 1 }] }, status: { s: 1 } });
    const next = freezeStored({ spec: prev.spec, status: { s: 2 } }, prev);
    expect(isPlainFrozen(next)).toBe(true);
    const moved = freezeStored({ other: prev.status, bad: { u: undefined } }, prev);
    expect(isPlainFrozen(moved)).toBe(false);
  });
});

describe('shareUnchanged', () => {
  /** A random plain JSON value (no odd values: the stored side is always plain). */
  function plainValue(rnd: SeededRandom, depth: number): unknown {
    const r = rnd.int(8);
    if (depth > 3 || r < 3) return pick(rnd, [1, 2, 'a', 'b', true, null, 0]);
    if (r < 5) return Array.from({ length: rnd.int(4) }, () => plainValue(rnd, depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = rnd.int(4); i > 0; i--) o[pick(rnd, ['a', 'b', 'c', '1'])] = plainValue(rnd, depth + 1);
    return o;
  }
  const pick = <T>(rnd: SeededRandom, xs: readonly T[]): T => xs[rnd.int(xs.length)];
  /** Changes a few places of a copy: values, keys added, removed or reordered. */
  function edit(rnd: SeededRandom, v: unknown): unknown {
    if (typeof v !== 'object' || v === null || rnd.int(4) === 0) return rnd.int(3) === 0 ? plainValue(rnd, 2) : v;
    if (Array.isArray(v)) return rnd.int(6) === 0 ? [...v].reverse() : v.map((x) => edit(rnd, x));
    const o = v as Record<string, unknown>;
    const keys = rnd.int(6) === 0 ? Object.keys(o).reverse() : Object.keys(o);
    const out: Record<string, unknown> = {};
    for (const k of keys) if (rnd.int(8) !== 0) out[k] = edit(rnd, o[k]);
    if (rnd.int(6) === 0) out.z = 1;
    return out;
  }

  it('keeps the JSON (and key order) of the new value, sharing what equals the old one in place (seeded)', () => {
    const rnd = new SeededRandom(99);
    let shared = 0;
    for (let i = 0; i < 3000; i++) {
      const prev = freezeStored(plainValue(rnd, 0));
      const v = edit(rnd, clone(prev));
      const text = JSON.stringify(v);
      const got = shareUnchanged(v, prev);
      expect(JSON.stringify(got)).toBe(text);
      expect(isDeepStrictEqual(got, JSON.parse(text))).toBe(true);
      if (got === prev && typeof prev === 'object' && prev !== null) shared++;
    }
    expect(shared).toBeGreaterThan(100);
  });
});
