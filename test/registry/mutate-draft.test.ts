// Registry.mutate hands its mutator a draft that shares frozen, unchanged parts with the stored
// object. The writes it makes must be exactly those of the full path (a deep copy of the stored
// object through updateFrom): same stored objects, same managedFields, same events, byte for byte,
// including mutators that write deep into shared parts (a TypeError, then a start over with a copy).
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/machinery/types.js';
import type { Registry } from '../../src/registry/registry.js';
import type { Strategy } from '../../src/registry/strategy.js';
import { clone } from '../../src/util/copy.js';
import { SeededRandom } from '../../src/util/random.js';
import { builtinRegistry } from '../helpers/kinds.js';

type J = Record<string, any>;
const pick = <T>(rnd: SeededRandom, xs: readonly T[]): T => xs[rnd.int(xs.length)];

/** A mutator, chosen by the seed, writing at some depth of the object. */
function randomMutator(rnd: SeededRandom): { sub: string; manager?: string; fn: (o: KObject) => void } {
  // Every random draw happens here: a mutator may run twice (draft, then copy) and must do the same.
  const v = `v${rnd.int(4)}`;
  const manager = pick(rnd, ['kubelet', 'kube-scheduler', undefined]);
  const phase = pick(rnd, ['Pending', 'Running']);
  const ip = `10.0.0.${rnd.int(3)}`;
  const deadline = 30 + rnd.int(3);
  const muts: { sub: string; fn: (o: KObject) => void }[] = [
    { sub: 'status', fn: (o) => { ((o.status ??= {}) as J).phase = phase; } },
    { sub: 'status', fn: (o) => { ((o.status ??= {}) as J).conditions = [{ type: 'Ready', status: v === 'v0' ? 'True' : 'False' }]; } },
    { sub: 'status', fn: (o) => { const c = ((o.status as J)?.conditions ?? []) as J[]; if (c[0]) c[0].reason = v; } },
    { sub: 'status', fn: (o) => { (o.status as J).podIP = ip; } },
    { sub: 'status', fn: (o) => { o.metadata.labels = { ...(o.metadata.labels ?? {}), s: v }; } },
    { sub: 'status', fn: (o) => { (o.spec as J).containers[0].image = v; } }, // deep into spec: discarded by /status
    { sub: '', fn: (o) => { o.metadata.labels = { ...(o.metadata.labels ?? {}), l: v }; } },
    { sub: '', fn: (o) => { if (o.metadata.labels) o.metadata.labels.deep = v; } }, // deep: TypeError, then a copy
    { sub: '', fn: (o) => { (o.spec as J).activeDeadlineSeconds = deadline; } },
    { sub: '', fn: (o) => { (o.spec as J).containers[0].image = `img-${v}`; } },
    { sub: '', fn: (o) => { o.metadata.annotations = { a: v }; } },
    { sub: '', fn: (o) => { (o.spec as J).containers[0].ports = [{ containerPort: 80 }, { containerPort: 80 }]; } },
    { sub: 'binding', fn: (o) => { (o.spec as J).nodeName = `node-${v}`; } },
    { sub: 'status', fn: () => undefined }, // no change at all: no write
  ];
  return { ...pick(rnd, muts), manager };
}

/** Every store event as JSON, in order. */
function journal(r: Registry): string[] {
  const out: string[] = [];
  r.watchAll((ev) => out.push(`${ev.type} ${ev.resource} ${JSON.stringify(ev.object.obj)}`));
  return out;
}

/** The full path mutate took before drafts: a deep copy of the stored object through updateFrom. */
function mutateByCopy(r: Registry, s: Strategy, ns: string, name: string, fn: (o: KObject) => void, o: { subresource?: string; fieldManager?: string }) {
  const cur = r.get(s, ns, name);
  const next = clone(cur.obj) as KObject;
  fn(next);
  return r.writer.updateFrom(s, cur, next, o);
}

describe('mutate drafts', () => {
  it('write exactly what a deep copy writes (seeded)', () => {
    for (let seed = 0; seed < 12; seed++) {
      const [a, b] = [builtinRegistry(), builtinRegistry()];
      const [ja, jb] = [journal(a), journal(b)];
      for (const r of [a, b]) {
        r.create(r.resource('', 'namespaces'), '', { metadata: { name: 'd' } });
        r.create(r.resource('', 'pods'), 'd', {
          metadata: { name: 'p', labels: { app: 'x' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        }, { fieldManager: 'kubectl' });
      }
      const [sa, sb] = [a.resource('', 'pods'), b.resource('', 'pods')];
      const rnd = new SeededRandom(seed);
      for (let i = 0; i < 40; i++) {
        const m = randomMutator(rnd);
        const o = { subresource: m.sub || undefined, fieldManager: m.manager };
        let errA: unknown;
        let errB: unknown;
        try { a.mutate(sa, 'd', 'p', m.fn, o); } catch (e) { errA = e; }
        try { mutateByCopy(b, sb, 'd', 'p', m.fn, o); } catch (e) { errB = e; }
        expect(String(errA)).toBe(String(errB));
        expect(ja).toEqual(jb);
        expect(JSON.stringify(a.get(sa, 'd', 'p').obj)).toBe(JSON.stringify(b.get(sb, 'd', 'p').obj));
      }
    }
  });

  it('never lets a mutator change the stored object', () => {
    const r = builtinRegistry();
    const pods = r.resource('', 'pods');
    r.create(r.resource('', 'namespaces'), '', { metadata: { name: 'd' } });
    r.create(pods, 'd', { metadata: { name: 'p', labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const before = r.get(pods, 'd', 'p');
    const text = JSON.stringify(before.obj);
    let runs = 0;
    r.mutate(pods, 'd', 'p', (o) => {
      runs++;
      o.metadata.labels!.app = 'y';
      (o.spec as J).containers[0].image = 'redis';
    });
    expect(JSON.stringify(before.obj)).toBe(text);
    expect(runs).toBe(2); // the draft refused the deep write; the copy took it
    const after = r.get(pods, 'd', 'p').obj;
    expect(after.metadata.labels).toEqual({ app: 'y' });
    expect((after.spec as J).containers[0].image).toBe('redis');
  });
});
