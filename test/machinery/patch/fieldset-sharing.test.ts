// FieldSet's one-pass encoding (with the frozen encoding kept per node) and the set operations that
// share untouched subtrees, held to the copying, recursive reference they replaced (seeded).
import { describe, expect, it } from 'vitest';
import { comparePE, FieldSet, type PathElement } from '../../../src/machinery/patch/fieldset.js';
import { SeededRandom } from '../../../src/util/random.js';

const pick = <T>(rnd: SeededRandom, xs: readonly T[]): T => xs[rnd.int(xs.length)];
const PES = ['f:a', 'f:b', 'f:c', 'k:{"name":"x"}', 'k:{"name":"y"}', 'v:"y"', 'i:1', 'i:10', 'i:2'];

/** Built as the old code and the tests build sets: members and children written directly, empty children included. */
function randomSet(rnd: SeededRandom, depth = 0): FieldSet {
  const s = new FieldSet();
  for (let i = rnd.int(4); i > 0; i--) s.members.add(pick(rnd, PES));
  if (depth < 4) for (let i = rnd.int(3); i > 0; i--) s.children.set(pick(rnd, PES), randomSet(rnd, depth + 1));
  return s;
}

// The reference: the encoding and operations as they were (fresh copies, isEmpty per child).
function refIsEmpty(s: FieldSet): boolean {
  if (s.members.size > 0) return false;
  for (const c of s.children.values()) if (!refIsEmpty(c)) return false;
  return true;
}

function refEmit(s: FieldSet, includeSelf: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = new Set<PathElement>(s.members);
  for (const [pe, c] of s.children) if (!refIsEmpty(c)) keys.add(pe);
  if (includeSelf && keys.size > 0) out['.'] = {};
  for (const pe of [...keys].sort(comparePE)) {
    const c = s.children.get(pe);
    out[pe] = c && !refIsEmpty(c) ? refEmit(c, s.members.has(pe)) : {};
  }
  return out;
}

function refCopy(s: FieldSet): FieldSet {
  const out = new FieldSet();
  for (const m of s.members) out.members.add(m);
  for (const [pe, c] of s.children) out.children.set(pe, refCopy(c));
  return out;
}

function refUnion(a: FieldSet, b: FieldSet): FieldSet {
  const out = refCopy(a);
  for (const m of b.members) out.members.add(m);
  for (const [pe, c] of b.children) {
    const mine = out.children.get(pe);
    out.children.set(pe, mine ? refUnion(mine, c) : refCopy(c));
  }
  return out;
}

function refDifference(a: FieldSet, b: FieldSet, recursive: boolean): FieldSet {
  const out = new FieldSet();
  for (const m of a.members) if (!b.members.has(m)) out.members.add(m);
  for (const [pe, c] of a.children) {
    if (recursive && b.members.has(pe)) continue;
    const theirs = b.children.get(pe);
    const d = theirs ? refDifference(c, theirs, recursive) : refCopy(c);
    if (!refIsEmpty(d)) out.children.set(pe, d);
  }
  return out;
}

const text = (v: unknown) => JSON.stringify(v);

describe('FieldSet encoding and sharing', () => {
  it('toFieldsV1 and toFrozenFieldsV1 encode as the reference; frozen encodings are frozen all through (seeded)', () => {
    const rnd = new SeededRandom(1616);
    for (let i = 0; i < 3000; i++) {
      const s = randomSet(rnd);
      const want = text(refEmit(s, false));
      expect(text(s.toFieldsV1())).toBe(want);
      const frozen = s.toFrozenFieldsV1();
      expect(text(frozen)).toBe(want);
      // Asked again: the kept encoding, still equal.
      expect(s.toFrozenFieldsV1()).toBe(frozen);
      const walk = (v: unknown): void => {
        expect(Object.isFrozen(v)).toBe(true);
        for (const x of Object.values(v as object)) walk(x);
      };
      walk(frozen);
    }
  });

  it('union, difference and recursiveDifference give the reference sets, and encode like them after the operands were encoded (seeded)', () => {
    const rnd = new SeededRandom(7);
    for (let i = 0; i < 3000; i++) {
      const a = randomSet(rnd);
      const b = rnd.int(3) === 0 ? FieldSet.of(...a.paths().filter(() => rnd.int(2) === 0)) : randomSet(rnd);
      // Encoded first now and then, so kept encodings of shared subtrees are in play.
      if (rnd.int(2)) a.toFrozenFieldsV1();
      if (rnd.int(2)) b.toFrozenFieldsV1();
      const cases: [FieldSet, FieldSet][] = [
        [a.union(b), refUnion(a, b)],
        [a.difference(b), refDifference(a, b, false)],
        [a.recursiveDifference(b), refDifference(a, b, true)],
      ];
      for (const [got, want] of cases) {
        expect(got.paths()).toEqual(want.paths());
        expect(text(got.toFrozenFieldsV1())).toBe(text(refEmit(want, false)));
        expect(text(got.toFieldsV1())).toBe(text(refEmit(want, false)));
      }
      // Nothing to add: the union is the set itself (what keeps a manager's set, and its encoding, as it was).
      const noEmptyChildren = (s: FieldSet): boolean => [...s.children.values()].every((c) => !refIsEmpty(c) && noEmptyChildren(c));
      if (a.covers(b) && noEmptyChildren(b)) expect(a.union(b)).toBe(a);
      expect(a.union(a)).toBe(a);
      // The operands are unchanged by the operations.
      expect(text(a.toFieldsV1())).toBe(text(refEmit(a, false)));
      expect(text(b.toFieldsV1())).toBe(text(refEmit(b, false)));
    }
  });

  it('insert after an encoding re-encodes the changed path', () => {
    const s = FieldSet.of(['f:spec', 'f:a'], ['f:spec', 'f:b', 'f:c']);
    expect(text(s.toFrozenFieldsV1())).toBe('{"f:spec":{"f:a":{},"f:b":{"f:c":{}}}}');
    s.insert(['f:spec', 'f:b', 'f:d']);
    s.insert(['f:spec', 'f:b']);
    expect(text(s.toFrozenFieldsV1())).toBe('{"f:spec":{"f:a":{},"f:b":{".":{},"f:c":{},"f:d":{}}}}');
    expect(text(s.toFrozenFieldsV1())).toBe(text(refEmit(s, false)));
  });
});
