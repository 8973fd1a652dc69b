// The write path's shortcuts against the full computations they stand for, on seeded random input:
// managedFieldsAfterUpdate (stored versions frozen and shared, decoded once, entries reused) against
// updateManagedFields on unfrozen deep copies; FieldSet.covers/intersects against union/intersection.
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../../src/machinery/types.js';
import { FieldSet, managedFieldsAfterUpdate, updateManagedFields } from '../../../src/machinery/patch/index.js';
import { pods } from '../../../src/registry/kinds/pods.js';
import { freezeStored } from '../../../src/util/copy.js';
import { SeededRandom } from '../../../src/util/random.js';

const pick = <T>(rnd: SeededRandom, xs: readonly T[]): T => xs[rnd.int(xs.length)];
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function randomContainers(rnd: SeededRandom): unknown[] {
  const n = 1 + rnd.int(3);
  // Now and then a repeated name: the comparison then fails to key the list (TypedError path).
  const names = rnd.int(12) === 0 ? ['a', 'a'] : ['a', 'b', 'c'].slice(0, n);
  return names.map((name) => ({ name, image: pick(rnd, ['nginx', 'pause', 'redis']), ports: rnd.int(2) ? [{ containerPort: 80 + rnd.int(3) }] : undefined }))
    .map((c) => (c.ports === undefined ? { name: c.name, image: c.image } : c));
}

function randomStatus(rnd: SeededRandom): Record<string, unknown> {
  const st: Record<string, unknown> = { phase: pick(rnd, ['Pending', 'Running']) };
  if (rnd.int(2)) st.podIP = `10.0.0.${rnd.int(4)}`;
  if (rnd.int(2)) st.podIPs = [{ ip: `10.0.0.${rnd.int(4)}` }];
  const types = ['Ready', 'Initialized', 'PodScheduled', 'ContainersReady'].filter(() => rnd.int(2) === 0);
  if (types.length) st.conditions = types.map((type) => ({ type, status: pick(rnd, ['True', 'False']), lastProbeTime: null }));
  if (rnd.int(3) === 0) st.containerStatuses = [{ name: 'a', ready: rnd.int(2) === 0, state: { running: { startedAt: 't' } } }];
  return st;
}

/** A random next version of `old`, as a write to `sub` would present it. */
function randomNext(rnd: SeededRandom, old: KObject): KObject {
  const next = copy(old);
  const m = next.metadata;
  if (rnd.int(4) === 0) m.labels = { ...(m.labels ?? {}), [pick(rnd, ['a', 'b', 'c'])]: pick(rnd, ['1', '2']) };
  if (rnd.int(6) === 0) delete m.labels;
  if (rnd.int(5) === 0) m.annotations = { note: pick(rnd, ['x', 'y']) };
  if (rnd.int(3) === 0) (next.spec as Record<string, unknown>).containers = randomContainers(rnd);
  if (rnd.int(4) === 0) (next.spec as Record<string, unknown>).nodeName = pick(rnd, ['n1', 'n2']);
  if (rnd.int(2) === 0) next.status = randomStatus(rnd);
  if (rnd.int(8) === 0) m.managedFields = pick(rnd, [[], [{}]]) as KObject['metadata']['managedFields'];
  return next;
}

describe('managedFieldsAfterUpdate', () => {
  it('gives the managedFields updateManagedFields gives, write after write (seeded)', () => {
    const rnd = new SeededRandom(1616);
    for (let chain = 0; chain < 60; chain++) {
      const create: KObject = {
        apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'd', labels: { app: 'x' } },
        spec: { containers: randomContainers(rnd) }, status: { phase: 'Pending' },
      };
      const opts = (i: number, sub: string) => ({
        manager: pick(rnd, ['kubectl', 'kubelet', 'kube-scheduler', 'ctrl', `m${rnd.int(14)}`]),
        now: Date.parse('2026-01-01T00:00:00Z') + i * pick(rnd, [0, 999, 1000, 60_000]),
        apiVersion: 'v1', subresource: sub || undefined, type: pods.patch,
      });
      // The fast chain keeps every version frozen as the store does; the reference works on copies.
      const first = opts(0, '');
      const mf = managedFieldsAfterUpdate(undefined, create, first);
      const want = updateManagedFields(undefined, copy(create), first).managedFields;
      expect(mf).toEqual(want);
      let fast: KObject = freezeStored({ ...copy(create), metadata: { ...copy(create.metadata), uid: 'u', managedFields: mf } });
      let slow: KObject = copy(fast);
      expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
      for (let i = 1; i < 25; i++) {
        const sub = pick(rnd, ['', 'status', 'status', 'binding']);
        const next = randomNext(rnd, slow);
        const o = opts(i, sub);
        // The fast side sees shared, frozen parts of the old version wherever they did not change.
        const nextFast = { ...next } as KObject;
        for (const k of Object.keys(next)) {
          if (k !== 'metadata' && JSON.stringify(next[k]) === JSON.stringify(fast[k])) nextFast[k] = fast[k];
        }
        const got = managedFieldsAfterUpdate(fast, nextFast, o);
        const ref = updateManagedFields(slow, copy(next), o).managedFields;
        expect(JSON.stringify(got)).toBe(JSON.stringify(ref));
        const meta = { ...next.metadata, uid: 'u' } as KObject['metadata'];
        if (got.length) meta.managedFields = got;
        else delete meta.managedFields;
        fast = freezeStored({ ...nextFast, metadata: meta });
        slow = copy(fast);
      }
    }
  });
});

function randomSet(rnd: SeededRandom, depth = 0): FieldSet {
  const s = new FieldSet();
  const pes = ['f:a', 'f:b', 'k:{"name":"x"}', 'v:"y"', 'i:1'];
  for (let i = rnd.int(4); i > 0; i--) s.members.add(pick(rnd, pes));
  if (depth < 3) for (let i = rnd.int(3); i > 0; i--) s.children.set(pick(rnd, pes), randomSet(rnd, depth + 1));
  return s;
}

describe('FieldSet shortcuts', () => {
  it('covers(b) exactly when union(b) encodes like the set itself; intersects(b) when intersection(b) is not empty; overlapsRecursively(b) when recursiveDifference(b) takes something (seeded)', () => {
    const rnd = new SeededRandom(7);
    let covered = 0;
    for (let i = 0; i < 5000; i++) {
      const a = randomSet(rnd);
      const b = rnd.int(3) === 0 ? FieldSet.of(...a.paths().filter(() => rnd.int(2) === 0)) : randomSet(rnd);
      const same = JSON.stringify(b.union(a).toFieldsV1()) === JSON.stringify(a.toFieldsV1());
      expect(a.covers(b)).toBe(same);
      if (same) covered++;
      expect(a.intersects(b)).toBe(!a.intersection(b).isEmpty());
      const kept = JSON.stringify(a.recursiveDifference(b).toFieldsV1()) === JSON.stringify(a.toFieldsV1());
      expect(a.overlapsRecursively(b)).toBe(!kept);
    }
    expect(covered).toBeGreaterThan(500);
  });
});
