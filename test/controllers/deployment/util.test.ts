// deployment_util.go, cases ported from upstream's pkg/controller/deployment/util/deployment_util_test.go
// (TestResolveFenceposts, TestMaxUnavailable, TestNewRSNewReplicas, TestDeploymentComplete,
// TestDeploymentProgressing, TestDeploymentTimedOut, TestEqualIgnoreHash, TestFindNewReplicaSet,
// TestFindOldReplicaSets, TestAnnotationUtils, TestReplicasAnnotationsNeedUpdate, TestIsSaturated,
// TestGetReplicaCountForReplicaSets) and hash_test.go, rewritten as our own tables.
import { describe, expect, it } from 'vitest';
import * as u from '../../../src/controllers/deployment/util.js';
import { computeHash, safeEncodeString } from '../../../src/controllers/workloads/index.js';
import { at, deployment, replicaSet, T0 } from './helpers.js';

describe('resolveFenceposts: surge rounds up, unavailable rounds down, never both 0', () => {
  it.each([
    ['0%', '0%', 0, 0, 1],
    ['39%', '39%', 10, 4, 3],
    ['oops', '39%', 10, -1, -1],
    ['55%', 'urg', 10, -1, -1],
    ['5', '39%', 10, -1, -1],
    [0, '0%', 10, 0, 1],
    ['25%', '25%', 1000, 250, 250],
    ['25%', '25%', 3, 1, 0],
    [1, 0, 3, 1, 0],
    ['100%', '100%', 7, 7, 7],
  ] as const)('surge %s, unavailable %s of %i → %i, %i', (surge, unavailable, desired, es, eu) => {
    if (es === -1) {
      expect(() => u.resolveFenceposts(surge, unavailable, desired)).toThrow(/invalid value for IntOrString/);
      return;
    }
    expect(u.resolveFenceposts(surge, unavailable, desired)).toEqual([es, eu]);
  });
});

describe('maxUnavailable / maxSurge (TestMaxUnavailable)', () => {
  it.each([
    ['maxUnavailable less than replicas', deployment(10, { unavailable: 5 }), 5],
    ['maxUnavailable equal replicas', deployment(10, { unavailable: 10 }), 10],
    ['maxUnavailable greater than replicas', deployment(5, { unavailable: 10 }), 5],
    ['maxUnavailable with replicas is 0', deployment(0, { unavailable: 10 }), 0],
    ['both 0 resolves to 1', deployment(10), 1],
    ['Recreate has none', deployment(10, { recreate: true }), 0],
    ['percentage rounds down', deployment(10, { unavailable: '25%', surge: '25%' }), 2],
  ])('%s', (_n, d, want) => {
    expect(u.maxUnavailable(d)).toBe(want);
  });

  it('maxSurge is 0 for Recreate and rounds up for percentages', () => {
    expect(u.maxSurge(deployment(10, { recreate: true }))).toBe(0);
    expect(u.maxSurge(deployment(10, { surge: '25%' }))).toBe(3);
    expect(u.maxSurge(deployment(1000, { surge: '25%' }))).toBe(250);
  });
});

describe('newRSNewReplicas (TestNewRSNewReplicas)', () => {
  it.each([
    ['can not scale up - to newRSReplicas', false, 1, 5, 1, 5, 5],
    ['scale up - to depReplicas', false, 6, 2, 10, 5, 6],
    ['recreate - to depReplicas', true, 3, 1, 1, 1, 3],
  ])('%s', (_n, recreate, depReplicas, newRSReplicas, surge, oldReplicas, want) => {
    const d = deployment(depReplicas, { recreate, surge, unavailable: 1 });
    const newRS = replicaSet('new', newRSReplicas);
    const old = replicaSet('old', oldReplicas);
    expect(u.newRSNewReplicas(d, [newRS, old], newRS)).toBe(want);
  });
});

describe('deploymentComplete (TestDeploymentComplete)', () => {
  const st = (desired: number, current: number, updated: number, available: number, surge: number) => {
    const d = deployment(desired, { surge, unavailable: 0, generation: 1 });
    return u.deploymentComplete(d, { replicas: current, updatedReplicas: updated, availableReplicas: available, observedGeneration: 1 });
  };
  it.each([
    ['not complete: min but not all pods become available', 5, 5, 5, 4, 1, false],
    ['not complete: min availability is not honored', 5, 5, 5, 3, 1, false],
    ['complete', 5, 5, 5, 5, 0, true],
    ['not complete: all pods are available but not updated', 5, 5, 4, 5, 0, false],
    ['not complete: still running old pods', 1, 2, 1, 1, 0, false],
    ['not complete: one replica deployment never comes up', 1, 1, 1, 0, 1, false],
  ])('%s', (_n, desired, current, updated, available, surge, want) => {
    expect(st(desired, current, updated, available, surge)).toBe(want);
  });

  it('not complete while the status is for an older generation', () => {
    const d = deployment(1, { generation: 2 });
    expect(u.deploymentComplete(d, { replicas: 1, updatedReplicas: 1, availableReplicas: 1, observedGeneration: 1 })).toBe(false);
  });
});

describe('deploymentProgressing (TestDeploymentProgressing)', () => {
  const check = (old: object, next: object) => {
    const d = deployment(3);
    d.status = old;
    return u.deploymentProgressing(d, next);
  };
  it.each([
    ['progressing: updated pods', { updatedReplicas: 1, replicas: 3 }, { updatedReplicas: 2, replicas: 3 }, true],
    ['not progressing', { updatedReplicas: 2, replicas: 3 }, { updatedReplicas: 2, replicas: 3 }, false],
    ['progressing: old pods removed', { updatedReplicas: 2, replicas: 4 }, { updatedReplicas: 2, replicas: 3 }, true],
    ['not progressing: less new pods', { updatedReplicas: 2, replicas: 3 }, { updatedReplicas: 1, replicas: 3 }, false],
    ['progressing: less overall but more new pods', { updatedReplicas: 2, replicas: 4 }, { updatedReplicas: 3, replicas: 3 }, true],
    ['progressing: more ready pods', { readyReplicas: 1 }, { readyReplicas: 2 }, true],
    ['progressing: more available pods', { availableReplicas: 1 }, { availableReplicas: 2 }, true],
  ])('%s', (_n, old, next, want) => {
    expect(check(old, next)).toBe(want);
  });
});

describe('deploymentTimedOut (TestDeploymentTimedOut)', () => {
  const NOW = T0 + 600_000;
  const progressing = (reason: string, updatedMsAgo: number) => ({
    conditions: [{ type: 'Progressing', status: 'True' as const, reason, lastUpdateTime: at(600_000 - updatedMsAgo), lastTransitionTime: at(0) }],
  });
  it.each([
    ['nil progressDeadlineSeconds', undefined, progressing(u.REPLICASET_UPDATED, 500_000), false],
    ['infinite progressDeadlineSeconds', 2147483647, progressing(u.REPLICASET_UPDATED, 500_000), false],
    ['no Progressing condition', 30, {}, false],
    ['NewReplicaSetAvailable never times out', 30, progressing(u.NEW_RS_AVAILABLE, 500_000), false],
    ['already timed out', 30, progressing(u.TIMED_OUT, 0), true],
    ['last progress older than the deadline', 30, progressing(u.REPLICASET_UPDATED, 31_000), true],
    ['last progress within the deadline', 30, progressing(u.REPLICASET_UPDATED, 29_000), false],
    ['exactly at the deadline is not yet past it', 30, progressing(u.REPLICASET_UPDATED, 30_000), false],
  ])('%s', (_n, deadline, status, want) => {
    const d = deployment(1, { deadline });
    expect(u.deploymentTimedOut(d, status, NOW)).toBe(want);
  });
});

describe('finding the new and old ReplicaSets (TestFindNewReplicaSet, TestFindOldReplicaSets, TestEqualIgnoreHash)', () => {
  const d = deployment(3, { image: 'nginx:2' });
  it('equalIgnoreHash ignores only the pod-template-hash label', () => {
    const a = { metadata: { labels: { app: 'web', 'pod-template-hash': 'x' } }, spec: { containers: [] } };
    const b = { metadata: { labels: { app: 'web', 'pod-template-hash': 'y' } } };
    expect(u.equalIgnoreHash(a, b)).toBe(true);
    expect(u.equalIgnoreHash(a, { metadata: { labels: { app: 'db' } } })).toBe(false);
    expect(u.equalIgnoreHash({ metadata: { labels: { a: '1' }, annotations: {} } }, { metadata: { labels: { a: '1' } } })).toBe(true);
  });

  it('the oldest ReplicaSet with the Deployment template is the new one; the rest are old', () => {
    const newer = replicaSet('newer', 1, { image: 'nginx:2', created: 5000 });
    const older = replicaSet('older', 1, { image: 'nginx:2', created: 1000 });
    const old = replicaSet('old', 1, { image: 'nginx:1', created: 0 });
    expect(u.findNewReplicaSet(d, [newer, older, old])?.metadata.name).toBe('older');
    expect(u.findOldReplicaSets(d, [newer, older, old]).map((x) => x.metadata.name)).toEqual(['newer', 'old']);
    expect(u.findNewReplicaSet(d, [old])).toBeUndefined();
  });
});

describe('annotations (TestAnnotationUtils, TestReplicasAnnotationsNeedUpdate)', () => {
  it('raises the revision and remembers the replaced one in revision-history', () => {
    const d = deployment(3);
    d.metadata.annotations = { team: 'a', [u.REVISION]: '9', [u.LAST_APPLIED]: '{}' };
    const rs = replicaSet('x', 1, { revision: 1 });
    expect(u.setNewReplicaSetAnnotations(d, rs, '4', true)).toBe(true);
    expect(rs.metadata.annotations).toEqual({ team: 'a', [u.REVISION]: '4', [u.REVISION_HISTORY]: '1' });
    u.setNewReplicaSetAnnotations(d, rs, '6', true);
    expect(rs.metadata.annotations?.[u.REVISION_HISTORY]).toBe('1,4');
    expect(u.setNewReplicaSetAnnotations(d, rs, '5', true)).toBe(false);
  });

  it('a ReplicaSet being created also gets desired and max replicas', () => {
    const d = deployment(10, { surge: '25%', unavailable: '25%' });
    const rs = replicaSet('x', 0);
    u.setNewReplicaSetAnnotations(d, rs, '1', false);
    expect(rs.metadata.annotations).toEqual({ [u.REVISION]: '1', [u.DESIRED_REPLICAS]: '10', [u.MAX_REPLICAS]: '13' });
  });

  it('replica annotations need an update when missing or different', () => {
    const rs = replicaSet('x', 1);
    expect(u.replicasAnnotationsNeedUpdate(rs, 10, 12)).toBe(true);
    u.setReplicasAnnotations(rs, 10, 12);
    expect(u.replicasAnnotationsNeedUpdate(rs, 10, 12)).toBe(false);
    expect(u.replicasAnnotationsNeedUpdate(rs, 10, 13)).toBe(true);
  });
});

describe('isSaturated (TestIsSaturated) and counts', () => {
  it('needs size, desired annotation and availability all at spec.replicas', () => {
    const d = deployment(3);
    expect(u.isSaturated(d, replicaSet('a', 3))).toBe(false);
    expect(u.isSaturated(d, replicaSet('a', 3, { d }))).toBe(true);
    expect(u.isSaturated(d, replicaSet('a', 3, { d, available: 2 }))).toBe(false);
    expect(u.isSaturated(d, undefined)).toBe(false);
  });

  it('terminating replicas are unknown when an observed ReplicaSet does not report them', () => {
    const a = replicaSet('a', 1);
    const b = replicaSet('b', 1);
    a.status!.terminatingReplicas = 2;
    expect(u.terminatingReplicaCount([a, b])).toBeUndefined();
    b.status!.terminatingReplicas = 1;
    expect(u.terminatingReplicaCount([a, b])).toBe(3);
    const fresh = replicaSet('c', 1);
    fresh.status = {};
    expect(u.terminatingReplicaCount([a, b, fresh])).toBe(3);
  });
});

describe('pod-template-hash (hash_test.go)', () => {
  it('spells the decimal FNV-32a with the safe alphabet', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    const h = computeHash({ metadata: { labels: { app: 'web' } } });
    expect(h).toMatch(/^[bcdf4-9]{1,10}$/);
  });

  it('is stable, ignores key order, and changes with the template or the collision count', () => {
    const t1 = { metadata: { labels: { app: 'web', tier: 'fe' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    const t2 = { spec: { containers: [{ image: 'nginx', name: 'c' }] }, metadata: { labels: { tier: 'fe', app: 'web' } } };
    expect(computeHash(t1)).toBe(computeHash(t2));
    expect(computeHash(t1)).not.toBe(computeHash({ ...t1, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } }));
    expect(computeHash(t1, 1)).not.toBe(computeHash(t1));
    expect(computeHash(t1, 1)).not.toBe(computeHash(t1, 2));
  });
});

describe('conditions (TestGetCondition, TestSetCondition, TestRemoveCondition)', () => {
  const c = (type: string, status: 'True' | 'False' | 'Unknown', reason: string, t: number) => u.newCondition(type, status, reason, 'm', T0 + t * 1000);

  it('set adds, replaces on a new status or reason, and keeps lastTransitionTime when the status stays', () => {
    const s: { conditions?: ReturnType<typeof c>[] } = {};
    u.setCondition(s, c('Available', 'True', 'A', 1));
    u.setCondition(s, c('Progressing', 'True', 'P', 2));
    expect(s.conditions?.map((x) => x.type)).toEqual(['Available', 'Progressing']);
    u.setCondition(s, c('Available', 'True', 'A', 5));
    expect(u.getCondition(s, 'Available')?.lastUpdateTime).toBe(at(1000));
    u.setCondition(s, c('Available', 'True', 'B', 6));
    expect(u.getCondition(s, 'Available')).toMatchObject({ reason: 'B', lastTransitionTime: at(1000), lastUpdateTime: at(6000) });
    expect(s.conditions?.map((x) => x.type)).toEqual(['Progressing', 'Available']);
    u.setCondition(s, c('Available', 'False', 'B', 7));
    expect(u.getCondition(s, 'Available')).toMatchObject({ status: 'False', lastTransitionTime: at(7000) });
  });

  it('remove drops only the named type', () => {
    const s = { conditions: [c('Available', 'True', 'A', 1), c('Progressing', 'True', 'P', 2)] };
    u.removeCondition(s, 'Progressing');
    expect(s.conditions.map((x) => x.type)).toEqual(['Available']);
    u.removeCondition(s, 'Nope');
    expect(s.conditions.map((x) => x.type)).toEqual(['Available']);
    expect(u.getCondition(s, 'Progressing')).toBeUndefined();
  });
});

describe('revision history is bounded in characters (maxRevHistoryLengthInChars)', () => {
  it('drops the oldest revisions to stay within 2000 characters', () => {
    const d = deployment(1);
    const rs = replicaSet('x', 1, { revision: 1 });
    // 333 five-digit revisions: 1,997 characters; one more would make 2,003.
    rs.metadata.annotations![u.REVISION_HISTORY] = Array.from({ length: 333 }, (_, i) => String(10_000 + i)).join(',');
    rs.metadata.annotations![u.REVISION] = '20000';
    u.setNewReplicaSetAnnotations(d, rs, '20001', true);
    const h = rs.metadata.annotations![u.REVISION_HISTORY];
    expect(h.length).toBe(1997);
    expect(h.endsWith(',10332,20000')).toBe(true);
    expect(h.startsWith('10001,')).toBe(true);
  });
});
