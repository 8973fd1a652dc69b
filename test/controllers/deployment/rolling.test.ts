// Rolling updates, Recreate and proportional scaling, cases ported from upstream's
// pkg/controller/deployment/rolling_test.go (reconcileNewReplicaSet, reconcileOldReplicaSets,
// cleanupUnhealthyReplicas, scaleDownOldReplicaSetsForRollingUpdate), sync_test.go (TestScale) and
// recreate_test.go (TestScaleDownOldReplicaSets, TestOldPodsRunning) and sync_test.go (cleanupDeployment),
// rewritten as our own tables.
import { describe, expect, it } from 'vitest';
import {
  cleanupUnhealthyReplicas, oldPodsRunning, reconcileNewReplicaSet, reconcileOldReplicaSets, scale, scaleDownOldForRollingUpdate,
} from '../../../src/controllers/deployment/rolling.js';
import { deployment, replicaSet, sizes, syncOf } from './helpers.js';

describe('reconcileNewReplicaSet', () => {
  it.each([
    ['no room to surge: no scale up', 10, 0, 10, 0, false, 0],
    ['surge 2: new grows to 2', 10, 2, 10, 0, true, 2],
    ['surge 2 with 5 old: new grows to 7', 10, 2, 5, 0, true, 7],
    ['already at the surge limit', 10, 2, 10, 2, false, 2],
    ['new larger than wanted: scaled down', 2, 0, 2, 4, true, 2],
  ])('%s', (_n, replicas, surge, oldReplicas, newReplicas, scaled, want) => {
    const d = deployment(replicas, { surge });
    const oldRS = replicaSet('old', oldReplicas);
    const newRS = replicaSet('new', newReplicas);
    const s = syncOf(d, [oldRS, newRS]);
    expect(reconcileNewReplicaSet(s, [oldRS, newRS], newRS)).toBe(scaled);
    expect(newRS.spec?.replicas).toBe(want);
  });
});

describe('reconcileOldReplicaSets', () => {
  it.each([
    ['maxUnavailable 0 (resolves to 1): one old pod goes', 10, 0, 10, 0, 10, 0, true, 9],
    ['maxUnavailable 2: two old pods go', 10, 2, 10, 0, 10, 0, true, 8],
    ['unhealthy old replicas are cleaned up first', 10, 2, 10, 0, 8, 0, true, 8],
    ['one unhealthy cleaned up, one available scaled down', 10, 2, 10, 0, 9, 0, true, 8],
    ["the new ReplicaSet's unavailable pods stop further scale-down", 10, 2, 8, 2, 8, 0, false, 8],
  ])('%s', (_n, replicas, unavailable, oldReplicas, newReplicas, oldAvailable, newAvailable, scaled, want) => {
    const d = deployment(replicas, { unavailable });
    const oldRS = replicaSet('old', oldReplicas, { available: oldAvailable });
    const newRS = replicaSet('new', newReplicas, { available: newAvailable });
    const s = syncOf(d, [oldRS, newRS]);
    expect(reconcileOldReplicaSets(s, [oldRS], newRS)).toBe(scaled);
    expect(oldRS.spec?.replicas).toBe(want);
  });
});

describe('cleanupUnhealthyReplicas', () => {
  it.each([
    [10, 8, 1, 1],
    [10, 8, 3, 2],
    [10, 8, 0, 0],
    [10, 10, 3, 0],
  ])('%i old replicas, %i available, at most %i → %i cleaned up', (oldReplicas, available, max, want) => {
    const oldRS = replicaSet('old', oldReplicas, { available });
    const s = syncOf(deployment(10), [oldRS]);
    expect(cleanupUnhealthyReplicas(s, [oldRS], max)).toBe(want);
    expect(oldRS.spec?.replicas).toBe(oldReplicas - want);
  });
});

describe('scaleDownOldReplicaSetsForRollingUpdate', () => {
  it.each([
    ['maxUnavailable 0 (resolves to 1)', 10, 0, 10, 10, 1],
    ['maxUnavailable 2', 10, 2, 10, 10, 2],
    ['not enough available pods: no scale down', 10, 2, 8, 10, 0],
    ['no old replicas', 10, 2, 10, 0, 0],
    ['one available pod', 10, 2, 1, 10, 0],
  ])('%s', (_n, replicas, unavailable, available, oldReplicas, want) => {
    const d = deployment(replicas, { unavailable });
    const oldRS = replicaSet('old', oldReplicas, { available: Math.min(available, oldReplicas) });
    const s = syncOf(d, [oldRS]);
    const all = [oldRS];
    if (available > oldReplicas) all.push(replicaSet('new', available, { available }));
    expect(scaleDownOldForRollingUpdate(s, all, [oldRS])).toBe(want);
    expect(oldRS.spec?.replicas).toBe(oldReplicas - want);
  });
});

describe('scale: proportional scaling during a rollout (TestScale)', () => {
  // Each ReplicaSet carries the replica annotations of the Deployment's old size.
  const run = (oldSize: number, newSize: number, newRSSize: number, oldSizes: number[], surge = 0) => {
    const before = deployment(oldSize, { surge });
    const d = deployment(newSize, { surge });
    d.status = { replicas: newRSSize + oldSizes.reduce((a, b) => a + b, 0) };
    const olds = oldSizes.map((n, i) => replicaSet(`old${i}`, n, { created: i * 1000, d: before }));
    for (const rs of olds) rs.metadata.annotations!['deployment.kubernetes.io/max-replicas'] = String(oldSize + surge);
    const newRS = replicaSet('new', newRSSize, { created: 10_000, d: before, available: 0 });
    newRS.metadata.annotations!['deployment.kubernetes.io/max-replicas'] = String(oldSize + surge);
    const s = syncOf(d, [...olds, newRS]);
    scale(s, newRS, olds);
    return { sizes: sizes([newRS, ...olds]), s };
  };

  it('a single active ReplicaSet takes the whole new size', () => {
    expect(run(10, 12, 10, []).sizes).toEqual({ new: 12 });
    expect(run(10, 12, 10, [0]).sizes).toEqual({ new: 12, old0: 0 });
  });

  it('with no active ReplicaSet the newest is scaled', () => {
    expect(run(0, 5, 0, [0]).sizes).toEqual({ new: 5, old0: 0 });
  });

  it.each([
    ['5 → 10', 5, 10, 2, [3], { new: 4, old0: 6 }],
    ['5 → 3', 5, 3, 2, [3], { new: 1, old0: 2 }],
    ['9 → 4', 9, 4, 8, [1], { new: 4, old0: 0 }],
    ['7 → 10', 7, 10, 2, [3, 2], { new: 3, old0: 4, old1: 3 }],
    ['13 → 8', 13, 8, 2, [8, 3], { new: 1, old0: 5, old1: 2 }],
    ['scale down to 0', 10, 0, 5, [5], { new: 0, old0: 0 }],
  ])('proportional: %s', (_n, from, to, newRSSize, olds, want) => {
    expect(run(from, to, newRSSize, olds).sizes).toEqual(want);
  });

  it('with surge, max-replicas (replicas + surge) is the base of the proportion', () => {
    expect(run(10, 20, 6, [5], 1).sizes).toEqual({ new: 11, old0: 10 });
  });

  it('a saturated new ReplicaSet sends the old ones to 0', () => {
    const d = deployment(3);
    const newRS = replicaSet('new', 3, { d });
    const old = replicaSet('old', 2, { d });
    const s = syncOf(d, [old, newRS]);
    scale(s, newRS, [old]);
    expect(sizes([newRS, old])).toEqual({ new: 3, old: 0 });
    expect(s.actions.map((a) => a.event?.message)).toEqual(['Scaled down replica set old to 0 from 2']);
  });
});

describe('oldPodsRunning (TestOldPodsRunning)', () => {
  const pod = (phase: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: phase }, status: { phase } });
  it.each([
    ['no old ReplicaSets', [], false],
    ['a Running old pod', ['Running'], true],
    ['a Pending old pod', ['Pending'], true],
    ['an Unknown old pod', ['Unknown'], true],
    ['only finished old pods', ['Succeeded', 'Failed'], false],
  ])('%s', (_n, phases, want) => {
    const old = replicaSet('old', 0, { actual: 0 });
    const newRS = replicaSet('new', 1);
    const s = syncOf(deployment(1, { recreate: true }), [old, newRS]);
    s.podsByRS.set(old, phases.map(pod));
    s.podsByRS.set(newRS, [pod('Running')]);
    expect(oldPodsRunning(s, newRS, [old])).toBe(want);
  });

  it('an old ReplicaSet still reporting replicas counts as running', () => {
    const old = replicaSet('old', 0, { actual: 1 });
    expect(oldPodsRunning(syncOf(deployment(1), [old]), undefined, [old])).toBe(true);
  });
});

describe('cleanupUnhealthyReplicas with a stale status', () => {
  it('refuses to turn a clean-up into a scale-up when status counts more available pods than spec', () => {
    const oldRS = replicaSet('old', 3, { available: 4 });
    const s = syncOf(deployment(4, { surge: 1 }), [oldRS]);
    expect(() => cleanupUnhealthyReplicas(s, [oldRS], 1)).toThrow(/invalid request to scale down default\/old 3 -> 4/);
    expect(oldRS.spec?.replicas).toBe(3);
  });
});

describe('cleanupDeployment (TestDeploymentController_cleanupDeployment)', () => {
  const old = (name: string, spec: number, actual: number, o: { deleting?: boolean; stale?: boolean } = {}) => {
    const rs = replicaSet(name, spec, { actual, revision: Number(name.slice(-1)) });
    if (o.deleting) rs.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    if (o.stale) rs.metadata.generation = 2;
    return rs;
  };
  it.each([
    ['three scaled-down ReplicaSets, limit 1', [old('foo-1', 0, 0), old('foo-2', 0, 0), old('foo-3', 0, 0)], 1, ['foo-1', 'foo-2']],
    ['only those with spec and status replicas at 0', [old('foo-1', 0, 0), old('foo-2', 0, 1), old('foo-3', 1, 0), old('foo-4', 1, 1)], 0, ['foo-1']],
    ['none when every one still has pods', [old('foo-1', 0, 1), old('foo-2', 0, 1)], 0, []],
    ['none when every one still wants pods', [old('foo-1', 1, 1), old('foo-2', 1, 1)], 0, []],
    ['not one already being deleted', [old('foo-1', 0, 0, { deleting: true }), old('foo-2', 0, 0)], 0, ['foo-2']],
    ['not one whose spec the ReplicaSet controller has not observed', [old('foo-1', 0, 0, { stale: true }), old('foo-2', 0, 0)], 0, ['foo-2']],
    ['none within the limit', [old('foo-1', 0, 0), old('foo-2', 0, 0)], 2, []],
  ])('%s', (_n, olds, limit, want) => {
    const s = syncOf(deployment(1, { history: limit }), olds);
    s.cleanup(olds);
    expect(s.actions.filter((a) => a.op === 'delete').map((a) => a.rs.metadata.name)).toEqual(want);
  });
});
