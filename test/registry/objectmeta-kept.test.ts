// ObjectMeta validation on updates checks a labels/annotations/ownerReferences/finalizers value kept
// from the stored version once and then remembers it. Seeded mutates (kept, replaced, broken values)
// must be accepted or refused exactly as the same writes made from deep copies, with the same causes.
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/machinery/types.js';
import type { Registry } from '../../src/registry/registry.js';
import { clone } from '../../src/util/copy.js';
import { SeededRandom } from '../../src/util/random.js';
import { builtinRegistry } from '../helpers/kinds.js';

type J = Record<string, any>;
const pick = <T>(rnd: SeededRandom, xs: readonly T[]): T => xs[rnd.int(xs.length)];

function setup(): Registry {
  const r = builtinRegistry();
  r.create(r.resource('', 'namespaces'), '', { metadata: { name: 'd' } });
  r.create(r.resource('', 'configmaps'), 'd', { metadata: { name: 'c', labels: { a: '1' }, annotations: { n: 'x' } }, data: { k: 'v' } });
  return r;
}

function mutator(rnd: SeededRandom): (o: KObject) => void {
  const v = rnd.int(4);
  return pick(rnd, [
    (o: KObject) => { (o as J).data = { k: `v${v}` }; },
    (o: KObject) => { o.metadata.labels = pick<Record<string, string>>(new SeededRandom(v), [{ a: '1' }, { a: '2', b: 'x' }, { 'bad key!': '1' }, { a: 'bad value!' }]); },
    (o: KObject) => { o.metadata.annotations = v === 3 ? { 'Bad/Key/x': 'y' } : { n: `x${v}` }; },
    (o: KObject) => { o.metadata.finalizers = v === 2 ? ['not a finalizer!'] : [`example.com/f${v}`]; },
    (o: KObject) => { delete o.metadata.finalizers; },
    (o: KObject) => {
      o.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'ConfigMap', name: v === 1 ? '' : 'owner', uid: `u${v}` }];
    },
    (o: KObject) => { delete o.metadata.ownerReferences; },
  ]);
}

describe('kept ObjectMeta values', () => {
  it('are refused or accepted as in writes from deep copies (seeded)', () => {
    for (let seed = 0; seed < 8; seed++) {
      const [a, b] = [setup(), setup()];
      const [ca, cb] = [a.resource('', 'configmaps'), b.resource('', 'configmaps')];
      const rnd = new SeededRandom(seed);
      let refused = 0;
      for (let i = 0; i < 60; i++) {
        const fn = mutator(rnd);
        const run = (f: () => unknown) => {
          try {
            f();
            return 'ok';
          } catch (e) {
            return JSON.stringify((e as J).status?.details?.causes ?? String(e));
          }
        };
        const ra = run(() => a.mutate(ca, 'd', 'c', fn));
        const rb = run(() => {
          const cur = b.get(cb, 'd', 'c');
          const next = clone(cur.obj) as KObject;
          fn(next);
          b.writer.updateFrom(cb, cur, next, {});
        });
        expect(ra).toBe(rb);
        if (ra !== 'ok') refused++;
        expect(JSON.stringify(a.get(ca, 'd', 'c'))).toBe(JSON.stringify(b.get(cb, 'd', 'c')));
      }
      expect(refused).toBeGreaterThan(3);
    }
  });
});
