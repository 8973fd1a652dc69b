// /status mutates get a draft whose status is copied one level, like the other fields: replacing
// status fields (as the simulated kubelet and the controllers do) runs the mutator once and shares
// what it did not replace with the stored version; writing inside a status field is refused by the
// frozen part and done again on a full copy. Either way the write is byte for byte the full path's.
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/machinery/types.js';
import type { Registry } from '../../src/registry/registry.js';
import { clone } from '../../src/util/copy.js';
import { SeededRandom } from '../../src/util/random.js';
import { builtinRegistry } from '../helpers/kinds.js';

type J = Record<string, any>;
const pick = <T>(rnd: SeededRandom, xs: readonly T[]): T => xs[rnd.int(xs.length)];

function withPod(r: Registry): void {
  r.create(r.resource('', 'namespaces'), '', { metadata: { name: 'd' } });
  r.create(r.resource('', 'pods'), 'd', {
    metadata: { name: 'p' },
    spec: { nodeName: 'n1', containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'redis' }] },
  });
  r.mutate(r.resource('', 'pods'), 'd', 'p', (o) => {
    o.status = {
      phase: 'Pending', hostIP: '10.0.0.1', podIP: '10.1.0.5', podIPs: [{ ip: '10.1.0.5' }],
      conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
      containerStatuses: [{ name: 'a', ready: false, state: { waiting: { reason: 'ContainerCreating' } } }, { name: 'b', ready: false, state: {} }],
    };
  }, { subresource: 'status', fieldManager: 'kubelet' });
}

function statusMutator(rnd: SeededRandom): (o: KObject) => void {
  const v = rnd.int(3);
  return pick(rnd, [
    (o: KObject) => { (o.status as J).phase = pick(new SeededRandom(v), ['Pending', 'Running']); },
    (o: KObject) => { (o.status as J).conditions = ((o.status as J).conditions as J[]).map((c) => (c.type === 'Ready' ? { ...c, status: v ? 'True' : 'False' } : c)); },
    (o: KObject) => { (o.status as J).containerStatuses = ((o.status as J).containerStatuses as J[]).map((c, i) => (i === v % 2 ? { ...c, ready: v > 0 } : c)); },
    (o: KObject) => { (o.status as J).podIPs = [{ ip: `10.1.0.${v}` }]; },
    (o: KObject) => { delete (o.status as J).hostIP; },
    (o: KObject) => { (o.status as J).conditions[0].reason = `r${v}`; }, // inside a field: refused, then a copy
    (o: KObject) => { ((o.status as J).containerStatuses as J[]).push({ name: `x${v}`, ready: false }); },
    // Outside status: the write keeps the stored fields (spec is not drafted for /status: refused, then a copy).
    (o: KObject) => { (o.spec as J).nodeName = `n${v}`; (o.status as J).phase = 'Running'; },
    (o: KObject) => { o.spec = { containers: [] }; },
    (o: KObject) => { o.metadata.labels = { x: `${v}` }; (o.status as J).podIP = `10.1.0.${v}`; },
    () => undefined,
  ]);
}

describe('/status mutate drafts', () => {
  it('write what a deep copy writes (seeded)', () => {
    for (let seed = 0; seed < 10; seed++) {
      const [a, b] = [builtinRegistry(), builtinRegistry()];
      withPod(a);
      withPod(b);
      const [pa, pb] = [a.resource('', 'pods'), b.resource('', 'pods')];
      const rnd = new SeededRandom(seed);
      for (let i = 0; i < 30; i++) {
        const fn = statusMutator(rnd);
        const o = { subresource: 'status', fieldManager: 'kubelet' };
        let errA: unknown;
        let errB: unknown;
        try { a.mutate(pa, 'd', 'p', fn, o); } catch (e) { errA = e; }
        try {
          const cur = b.get(pb, 'd', 'p');
          const next = clone(cur.obj) as KObject;
          fn(next);
          b.writer.updateFrom(pb, cur, next, o);
        } catch (e) { errB = e; }
        expect(String(errA)).toBe(String(errB));
        expect(JSON.stringify(a.get(pa, 'd', 'p'))).toBe(JSON.stringify(b.get(pb, 'd', 'p')));
      }
    }
  });

  it('runs a field-replacing mutator once and shares the fields it kept', () => {
    const r = builtinRegistry();
    withPod(r);
    const pods = r.resource('', 'pods');
    const before = r.get(pods, 'd', 'p').obj;
    let runs = 0;
    r.mutate(pods, 'd', 'p', (o) => {
      runs++;
      (o.status as J).phase = 'Running';
    }, { subresource: 'status', fieldManager: 'kubelet' });
    const after = r.get(pods, 'd', 'p').obj;
    expect(runs).toBe(1);
    expect((after.status as J).phase).toBe('Running');
    expect((after.status as J).conditions).toBe((before.status as J).conditions);
    expect((after.status as J).containerStatuses).toBe((before.status as J).containerStatuses);
    expect(after.spec).toBe(before.spec);
  });
});
