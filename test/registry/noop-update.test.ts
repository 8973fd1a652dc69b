// An update equal to the stored object apart from managedFields (and fields set to undefined, which
// JSON drops) is a no-op: no new resourceVersion, no event. Seeded bodies against a simple reference
// (the JSON of both objects without managedFields, compared after sorting keys).
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/machinery/types.js';
import { clone } from '../../src/util/copy.js';
import { SeededRandom } from '../../src/util/random.js';
import { builtinRegistry } from '../helpers/kinds.js';

type J = Record<string, any>;
const pick = <T>(rnd: SeededRandom, xs: readonly T[]): T => xs[rnd.int(xs.length)];

/** JSON with sorted keys and without metadata.managedFields / resourceVersion. */
function canonical(o: KObject): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (typeof v !== 'object' || v === null) return v;
    const out: J = {};
    for (const k of Object.keys(v).sort()) if ((v as J)[k] !== undefined) out[k] = sort((v as J)[k]);
    return out;
  };
  const c = clone(o) as J;
  delete c.metadata.managedFields;
  delete c.metadata.resourceVersion;
  return JSON.stringify(sort(c));
}

describe('no-op updates', () => {
  it('keep the resourceVersion exactly when nothing but managedFields or undefined fields differ', () => {
    const r = builtinRegistry();
    const cms = r.resource('', 'configmaps');
    r.create(r.resource('', 'namespaces'), '', { metadata: { name: 'default' } });
    r.create(cms, 'default', { metadata: { name: 'c', labels: { a: '1' } }, data: { k: 'v' } }, { fieldManager: 'm' });
    const rnd = new SeededRandom(5);
    let events = 0;
    r.watch(cms, () => events++);
    let noops = 0;
    for (let i = 0; i < 400; i++) {
      const cur = r.get(cms, 'default', 'c');
      const body = clone(cur.obj) as J;
      const edits = [
        () => undefined,
        () => { body.metadata.labels = { ...body.metadata.labels, u: undefined }; },
        () => { body.metadata.extra = undefined; },
        () => { body.binaryData = undefined; },
        () => { body.metadata.labels = { ...body.metadata.labels, a: pick(rnd, ['1', '2']) }; },
        () => { body.data = { k: pick(rnd, ['v', 'w']) }; },
        () => { body.data = pick(rnd, [{ k: 'v', x: 'y' }, { x: 'y', k: 'v' }]); },
        () => { body.metadata.annotations = pick(rnd, [undefined, { n: '1' }]); },
        () => { delete body.metadata.labels; },
        () => { body.metadata.labels = { a: '1' }; },
      ];
      for (let n = 1 + rnd.int(2); n > 0; n--) pick(rnd, edits)();
      const manager = pick(rnd, ['m', 'other', undefined]);
      const before = events;
      const want = canonical(cur.obj);
      const res = r.update(cms, 'default', 'c', body, { fieldManager: manager });
      const got = canonical(body as KObject);
      const same = got === want;
      // ConfigMaps have no defaults or prepareForUpdate changes; the no-op check comes before
      // field tracking, so another manager's identical write is a no-op too.
      if (same) {
        expect(res.object.metadata.resourceVersion).toBe(cur.obj.metadata.resourceVersion);
        expect(events).toBe(before);
        noops++;
      } else {
        expect(Number(res.object.metadata.resourceVersion)).toBeGreaterThan(Number(cur.obj.metadata.resourceVersion));
        expect(events).toBe(before + 1);
      }
    }
    expect(noops).toBeGreaterThan(50);
  });
});
