// The ReplicaSet planner, cases ported from upstream's pkg/controller/replicaset/replica_set_test.go
// (TestSyncReplicaSetDoesNothing, TestSyncReplicaSetCreateFailures / burst, TestPodControllerLookup,
// TestClaimPods-style adoption and release, TestSlowStartBatch) and replica_set_utils_test.go
// (TestCalculateStatus, TestCalculateStatusConditions), rewritten as our own tables.
import { describe, expect, it } from 'vitest';
import {
  calculateStatus, nextAvailableAt, planReplicaSet, relatedPods, siblingsWithSurplus, statusUpdate,
} from '../../../src/controllers/replicaset/planner.js';
import { slowStartBatch } from '../../../src/controllers/workloads/index.js';
import { at, pod, rs, T0 } from './helpers.js';

const NOW = T0 + 60_000;
const names = (ps: { metadata: { name?: string } }[]) => ps.map((p) => p.metadata.name);

describe('planReplicaSet: replicas', () => {
  it('does nothing when the owned pods match spec.replicas', () => {
    const plan = planReplicaSet({ rs: rs('web', 2), pods: [pod('a'), pod('b')], now: NOW });
    expect(plan).toMatchObject({ create: 0, delete: [], adopt: [], release: [] });
    expect(names(plan.active)).toEqual(['a', 'b']);
  });

  it('creates the missing pods, at most burstReplicas per sync', () => {
    expect(planReplicaSet({ rs: rs('web', 3), pods: [pod('a')], now: NOW }).create).toBe(2);
    expect(planReplicaSet({ rs: rs('web', 1200), pods: [], now: NOW }).create).toBe(500);
    expect(planReplicaSet({ rs: rs('web', 10), pods: [], now: NOW, burstReplicas: 4 }).create).toBe(4);
  });

  it('deletes the surplus, earliest-stage pods first, at most burstReplicas', () => {
    const pods = [pod('ready', { node: 'n1' }), pod('pending', { phase: 'Pending', ready: false, node: 'n1' }), pod('unscheduled', { phase: 'Pending', ready: false })];
    expect(names(planReplicaSet({ rs: rs('web', 1), pods, now: NOW }).delete)).toEqual(['unscheduled', 'pending']);
    expect(planReplicaSet({ rs: rs('web', 0), pods, now: NOW, burstReplicas: 2 }).delete).toHaveLength(2);
  });

  it('ignores finished and terminating pods when counting, and counts terminating ones apart', () => {
    const pods = [pod('a'), pod('done', { phase: 'Succeeded' }), pod('failed', { phase: 'Failed' }), pod('going', { deleting: true })];
    const plan = planReplicaSet({ rs: rs('web', 2), pods, now: NOW });
    expect(names(plan.active)).toEqual(['a']);
    expect(names(plan.terminating)).toEqual(['going']);
    expect(plan.create).toBe(1);
  });

  it('a ReplicaSet being deleted claims but neither creates nor deletes', () => {
    const r = rs('web', 3);
    r.metadata.deletionTimestamp = at(0);
    const plan = planReplicaSet({ rs: r, pods: [pod('a'), pod('orphan', { owner: null })], now: NOW });
    expect(plan.create).toBe(0);
    expect(plan.adopt).toEqual([]);
    expect(names(plan.active)).toEqual(['a']);
  });
});

describe('planReplicaSet: controllerRef claiming (ControllerRefManager)', () => {
  it('adopts matching orphans and counts them', () => {
    const plan = planReplicaSet({ rs: rs('web', 2), pods: [pod('a'), pod('orphan', { owner: null })], now: NOW });
    expect(names(plan.adopt)).toEqual(['orphan']);
    expect(names(plan.active)).toEqual(['a', 'orphan']);
    expect(plan.create).toBe(0);
  });

  it('leaves pods of other controllers and non-matching orphans alone', () => {
    const pods = [pod('theirs', { owner: 'other' }), pod('stranger', { owner: null, labels: { app: 'db' } })];
    const plan = planReplicaSet({ rs: rs('web', 1), pods, now: NOW });
    expect(plan.adopt).toEqual([]);
    expect(plan.release).toEqual([]);
    expect(plan.create).toBe(1);
  });

  it('releases owned pods whose labels no longer match', () => {
    const plan = planReplicaSet({ rs: rs('web', 1), pods: [pod('relabelled', { labels: { app: 'debug' } })], now: NOW });
    expect(names(plan.release)).toEqual(['relabelled']);
    expect(plan.active).toEqual([]);
    expect(plan.create).toBe(1);
  });

  it('does not adopt an orphan that is being deleted', () => {
    const plan = planReplicaSet({ rs: rs('web', 1), pods: [pod('dying', { owner: null, deleting: true })], now: NOW });
    expect(plan.adopt).toEqual([]);
    expect(plan.create).toBe(1);
  });
});

describe('calculateStatus (TestCalculateStatus)', () => {
  it.each([
    ['1 fully labelled pod', rs('web', 1), [pod('a')], { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1 }],
    ['1 not fully labelled pod', (() => { const r = rs('web', 1); r.spec!.template!.metadata!.labels = { app: 'web', extra: 'x' }; return r; })(),
      [pod('a')], { replicas: 1, readyReplicas: 1, availableReplicas: 1 }],
    ['ready but not yet available (minReadySeconds)', rs('web', 2, { minReadySeconds: 3600 }), [pod('a'), pod('b', { ready: false })],
      { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 1 }],
    ['available once minReadySeconds passed', rs('web', 1, { minReadySeconds: 30 }), [pod('a', { readySince: 0 })],
      { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1 }],
  ])('%s', (_n, r, pods, want) => {
    expect(calculateStatus(r, pods, [], undefined, NOW)).toEqual({ ...want, terminatingReplicas: 0 });
  });

  it('counts terminating pods (DeploymentReplicaSetTerminatingReplicas is on in 1.35)', () => {
    expect(calculateStatus(rs('web', 1), [pod('a')], [pod('b', { deleting: true })], undefined, NOW).terminatingReplicas).toBe(1);
  });
});

describe('calculateStatus conditions (TestCalculateStatusConditions)', () => {
  it('adds ReplicaFailure FailedCreate when creating failed with too few pods', () => {
    const s = calculateStatus(rs('web', 2), [pod('a')], [], 'quota exceeded', NOW);
    expect(s.conditions).toEqual([{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota exceeded', lastTransitionTime: at(60_000) }]);
  });

  it('adds ReplicaFailure FailedDelete when deleting failed with too many pods', () => {
    expect(calculateStatus(rs('web', 0), [pod('a')], [], 'nope', NOW).conditions?.[0].reason).toBe('FailedDelete');
  });

  it('keeps an existing failure condition untouched while failing', () => {
    const r = rs('web', 2);
    const cond = { type: 'ReplicaFailure', status: 'True' as const, reason: 'FailedCreate', message: 'old', lastTransitionTime: at(0) };
    r.status = { replicas: 1, conditions: [cond] };
    expect(calculateStatus(r, [pod('a')], [], 'new', NOW).conditions).toEqual([cond]);
  });

  it('removes the failure condition once managing replicas succeeds', () => {
    const r = rs('web', 1);
    r.status = { replicas: 1, conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'x' }] };
    expect(calculateStatus(r, [pod('a')], [], undefined, NOW).conditions).toBeUndefined();
  });
});

describe('statusUpdate (updateReplicaSetStatus)', () => {
  it('writes nothing in the steady state', () => {
    const r = rs('web', 1, { generation: 2 });
    r.status = { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, terminatingReplicas: 0, observedGeneration: 2 };
    expect(statusUpdate(r, calculateStatus(r, [pod('a')], [], undefined, NOW))).toBeUndefined();
  });

  it('writes observedGeneration when only the generation moved (a scale to the same size)', () => {
    const r = rs('web', 1, { generation: 3 });
    r.status = { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, terminatingReplicas: 0, observedGeneration: 2 };
    expect(statusUpdate(r, calculateStatus(r, [pod('a')], [], undefined, NOW))?.observedGeneration).toBe(3);
  });
});

describe('nextAvailableAt: re-sync when minReadySeconds elapses', () => {
  it('is the earliest instant a ready pod becomes available', () => {
    const r = rs('web', 2, { minReadySeconds: 10 });
    const pods = [pod('a', { readySince: 55_000 }), pod('b', { readySince: 58_000 }), pod('c', { ready: false })];
    expect(nextAvailableAt(r, pods, NOW)).toBe(T0 + 65_001);
  });

  it('is undefined without minReadySeconds or when every ready pod is available', () => {
    expect(nextAvailableAt(rs('web', 1), [pod('a')], NOW)).toBeUndefined();
    expect(nextAvailableAt(rs('web', 1, { minReadySeconds: 5 }), [pod('a', { readySince: 0 })], NOW)).toBeUndefined();
  });
});

describe('relatedPods (getIndirectlyRelatedPods)', () => {
  it('gathers the pods of every ReplicaSet with the same controller, once each', () => {
    const a = rs('web-a', 1, { owner: 'web', selector: { app: 'web', v: 'a' } });
    const b = rs('web-b', 1, { owner: 'web', selector: { app: 'web', v: 'b' } });
    const other = rs('db', 1, { owner: 'db', selector: { app: 'db' } });
    const pods = [pod('pa', { labels: { app: 'web', v: 'a' } }), pod('pb', { labels: { app: 'web', v: 'b' } }), pod('pdb', { labels: { app: 'db' } })];
    expect(names(relatedPods(a, [a, b, other], pods))).toEqual(['pa', 'pb']);
    expect(relatedPods(rs('lonely', 1), [a, b], pods)).toEqual([]);
  });
});

describe('slowStartBatch (TestSlowStartBatch)', () => {
  it.each([
    ['all succeed', 10, -1, 10, [1, 2, 4, 3]],
    ['the first call fails', 10, 0, 0, [1]],
    ['a call in the third batch fails: later batches skipped', 10, 4, 6, [1, 2, 4]],
    ['nothing to do', 0, -1, 0, []],
  ])('%s', (_n, count, failAt, successes, batches) => {
    let calls = 0;
    const res = slowStartBatch(count as number, 1, () => {
      if (calls++ === failAt) throw new Error('boom');
    });
    expect(res.successes).toBe(successes);
    expect(res.batches).toEqual(batches);
    expect(res.error !== undefined).toBe(failAt !== -1);
  });
});

describe('planning against its own output', () => {
  it('after the planned creates and deletes are applied, the next plan is empty', () => {
    const r = rs('web', 5);
    let pods = [pod('a', { node: 'n1' }), pod('orphan', { owner: null, node: 'n2' })];
    const first = planReplicaSet({ rs: r, pods, now: NOW });
    expect(first.create).toBe(3);
    pods = pods.map((p) => (first.adopt.includes(p) ? pod(p.metadata.name!, { node: p.spec?.nodeName }) : p));
    for (let i = 0; i < first.create; i++) pods.push(pod(`new-${i}`, { phase: 'Pending', ready: false }));
    const second = planReplicaSet({ rs: r, pods, now: NOW });
    expect(second).toMatchObject({ create: 0, delete: [], adopt: [], release: [] });

    const smaller = rs('web', 2);
    const third = planReplicaSet({ rs: smaller, pods, now: NOW });
    expect(third.delete).toHaveLength(3);
    pods = pods.map((p) => (third.delete.includes(p) ? { ...p, metadata: { ...p.metadata, deletionTimestamp: at(60_000) } } : p));
    const fourth = planReplicaSet({ rs: smaller, pods, now: NOW });
    expect(fourth).toMatchObject({ create: 0, delete: [] });
    expect(fourth.terminating).toHaveLength(3);
  });
});

describe('siblingsWithSurplus: shrinking siblings run before a scale-up', () => {
  it('names the sibling ReplicaSets of the same Deployment that own more active pods than they want', () => {
    const next = rs('web-new', 2, { owner: 'web', selector: { app: 'web', v: 'new' } });
    const old = rs('web-old', 3, { owner: 'web', selector: { app: 'web', v: 'old' } });
    const other = rs('db', 0, { owner: 'db', selector: { app: 'db' } });
    const oldPods = [1, 2, 3, 4].map((i) => pod(`o${i}`, { owner: 'web-old', labels: { app: 'web', v: 'old' } }));
    const dbPod = pod('d1', { owner: 'db', labels: { app: 'db' } });
    expect(names(siblingsWithSurplus(next, [next, old, other], [...oldPods, dbPod]))).toEqual(['web-old']);
    oldPods[0].metadata.deletionTimestamp = at(0);
    expect(siblingsWithSurplus(next, [next, old, other], [...oldPods, dbPod])).toEqual([]);
    expect(siblingsWithSurplus(rs('lonely', 1), [old], oldPods)).toEqual([]);
  });
});
