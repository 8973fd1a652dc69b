// syncDeployment end to end on the pure planner, cases ported from upstream's
// pkg/controller/deployment/deployment_controller_test.go (TestSyncDeploymentCreatesReplicaSet,
// TestSyncDeploymentDontDoAnythingDuringDeletion, TestSelectorUpdate-style adoption, pause),
// sync_test.go (TestDeploymentController_cleanupDeployment, getNewReplicaSet collisions) and
// progress_test.go (TestSyncRolloutStatus, TestRequeueStuckDeployment), rewritten as our own tables.
import { describe, expect, it } from 'vitest';
import { planDeployment } from '../../../src/controllers/deployment/planner.js';
import * as u from '../../../src/controllers/deployment/util.js';
import { computeHash, type Deployment, type ReplicaSet } from '../../../src/controllers/workloads/index.js';
import { at, deployment, replicaSet, T0 } from './helpers.js';

const NOW = T0 + 3600_000;
const plan = (d: Deployment, rss: ReplicaSet[] = [], now = NOW, pods: any[] = []) => planDeployment({ deployment: d, replicaSets: rss, pods, now });

/** A ReplicaSet that is the Deployment's current template (its new ReplicaSet). */
function current(d: Deployment, replicas: number, o: Parameters<typeof replicaSet>[2] = {}): ReplicaSet {
  const rs = replicaSet('web-cur', replicas, { d, ...o });
  rs.spec!.template = JSON.parse(JSON.stringify(d.spec!.template));
  rs.spec!.template!.metadata!.labels!['pod-template-hash'] = 'cur';
  rs.spec!.minReadySeconds = 0;
  rs.metadata.annotations![u.REVISION] = String(o.revision ?? 2);
  return rs;
}

describe('a new Deployment', () => {
  it('creates its ReplicaSet named <deployment>-<hash> with the hash label and selector, revision 1', () => {
    const d = deployment(3, { surge: '25%', unavailable: '25%', deadline: 600 });
    const p = plan(d);
    const hash = computeHash(d.spec!.template);
    expect(p.actions).toHaveLength(1);
    const a = p.actions[0];
    expect(a.op).toBe('create');
    expect(a.rs.metadata.name).toBe(`web-${hash}`);
    expect(a.rs.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(a.rs.spec?.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect(a.rs.spec?.template?.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(a.rs.spec?.replicas).toBe(3);
    expect(a.rs.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }]);
    expect(a.rs.metadata.annotations).toEqual({ [u.REVISION]: '1', [u.DESIRED_REPLICAS]: '3', [u.MAX_REPLICAS]: '4' });
    expect(a.event).toEqual({ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set web-${hash} to 3 from 0` });
    expect(p.annotations).toEqual({ [u.REVISION]: '1' });
    expect(p.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Progressing', 'True', u.NEW_RS_CREATED, `Created new replica set "web-${hash}"`],
      ['Available', 'False', u.MIN_UNAVAILABLE, 'Deployment does not have minimum availability.'],
    ]);
    expect(p.status).toMatchObject({ observedGeneration: 1, unavailableReplicas: 3 });
  });

  it('planning again against the finished state does nothing', () => {
    const d = deployment(2, { deadline: 600 });
    const rs = current(d, 2, { revision: 1 });
    d.metadata.annotations = { [u.REVISION]: '1' };
    const first = plan(d, [rs]);
    d.status = first.status;
    const second = plan(d, [rs], NOW + 5000);
    expect(second.actions).toEqual([]);
    expect(second.status).toBeUndefined();
    expect(second.annotations).toBeUndefined();
  });
});

describe('rolling update (maxSurge 1, maxUnavailable 0)', () => {
  it('creates the new ReplicaSet at 1 and records revision 3 above the old ones', () => {
    const d = deployment(3, { surge: 1, unavailable: 0, image: 'nginx:2' });
    const old = replicaSet('web-old', 3, { d, revision: 2 });
    const p = plan(d, [old]);
    expect(p.actions.map((a) => [a.op, a.rs.spec?.replicas])).toEqual([['create', 1]]);
    expect(p.actions[0].rs.metadata.annotations?.[u.REVISION]).toBe('3');
    expect(p.annotations?.[u.REVISION]).toBe('3');
  });

  it('scales the old ReplicaSet down once a new pod is available, never below replicas available', () => {
    const d = deployment(3, { surge: 1, unavailable: 0, image: 'nginx:2' });
    const old = replicaSet('web-old', 3, { d, revision: 1 });
    const cur = current(d, 1, { available: 1 });
    const p = plan(d, [old, cur]);
    expect(p.actions.map((a) => [a.op, a.rs.metadata.name, a.rs.spec?.replicas])).toEqual([['update', 'web-old', 2]]);
    expect(p.actions[0].event?.message).toBe('Scaled down replica set web-old to 2 from 3');
  });

  it('waits while the new pod is not available', () => {
    const d = deployment(3, { surge: 1, unavailable: 0, image: 'nginx:2' });
    const p = plan(d, [replicaSet('web-old', 3, { d, revision: 1 }), current(d, 1, { available: 0, ready: 0 })]);
    expect(p.actions).toEqual([]);
  });
});

describe('pause and resume (checkPausedConditions)', () => {
  it('a paused Deployment gets Progressing Unknown DeploymentPaused and no new ReplicaSet', () => {
    const d = deployment(3, { deadline: 600, paused: true, image: 'nginx:2' });
    const old = replicaSet('web-old', 3, { d, revision: 1 });
    const p = plan(d, [old]);
    expect(p.actions).toEqual([]);
    expect(u.getCondition(p.status, 'Progressing')).toMatchObject({ status: 'Unknown', reason: u.PAUSED, message: 'Deployment is paused' });
  });

  it('resuming replaces it with DeploymentResumed', () => {
    const d = deployment(3, { deadline: 600 });
    d.status = { conditions: [u.newCondition('Progressing', 'Unknown', u.PAUSED, 'Deployment is paused', T0)] };
    const p = plan(d, [current(d, 3)]);
    expect(u.getCondition(p.status, 'Progressing')?.reason).not.toBe(u.PAUSED);
  });

  it('a paused Deployment still follows scaling (sync)', () => {
    const d = deployment(5, { paused: true });
    const cur = current(d, 3);
    cur.metadata.annotations![u.DESIRED_REPLICAS] = '3';
    const p = plan(d, [cur]);
    expect(p.actions.map((a) => [a.op, a.rs.spec?.replicas, a.event?.message])).toEqual([['update', 5, 'Scaled up replica set web-cur to 5 from 3']]);
  });
});

describe('cleanup (revisionHistoryLimit)', () => {
  it('deletes the oldest revisions at 0 replicas beyond the limit, never one that still has pods', () => {
    const d = deployment(1, { history: 1 });
    const rss = [
      replicaSet('r1', 0, { revision: 1, actual: 0 }),
      replicaSet('r2', 0, { revision: 2, actual: 0 }),
      replicaSet('r3', 0, { revision: 3, actual: 1 }),
      replicaSet('r4', 0, { revision: 4, actual: 0 }),
    ];
    const cur = current(d, 1, { revision: 5 });
    d.status = { replicas: 1, updatedReplicas: 1, availableReplicas: 1, observedGeneration: 1 };
    const p = plan(d, [...rss, cur]);
    expect(p.actions.filter((a) => a.op === 'delete').map((a) => a.rs.metadata.name)).toEqual(['r1', 'r2']);
  });
});

describe('adoption and hash collisions', () => {
  it('adopts a matching orphan ReplicaSet and leaves one owned by another controller', () => {
    const d = deployment(1);
    const orphan = current(d, 1);
    orphan.metadata.ownerReferences = undefined;
    const theirs = replicaSet('theirs', 1);
    theirs.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'x', uid: 'uid-x', controller: true }];
    const p = plan(d, [orphan, theirs]);
    expect(p.actions.map((a) => [a.op, a.rs.metadata.name])).toContainEqual(['adopt', 'web-cur']);
    expect(p.actions.some((a) => a.rs.metadata.name === 'theirs')).toBe(false);
  });

  it('a name taken by a ReplicaSet with another template bumps collisionCount and retries', () => {
    const d = deployment(1);
    const hash = computeHash(d.spec!.template);
    const squatter = replicaSet(`web-${hash}`, 1, { image: 'other' });
    squatter.metadata.ownerReferences = undefined;
    squatter.metadata.labels = { other: 'x' };
    const p = plan(d, [squatter]);
    expect(p.actions.filter((a) => a.op === 'create')).toEqual([]);
    expect(p.status?.collisionCount).toBe(1);
    expect(p.requeueAfterMs).toBe(0);
    d.status = p.status;
    const again = plan(d, [squatter]);
    expect(again.actions[0].rs.metadata.name).toBe(`web-${computeHash(d.spec!.template, 1)}`);
  });
});

describe('syncRolloutStatus (TestSyncRolloutStatus)', () => {
  const rollout = (deadline: number | undefined, cond?: ReturnType<typeof u.newCondition>) => {
    const d = deployment(2, { deadline, surge: 1, unavailable: 0, image: 'nginx:2' });
    if (cond) d.status = { conditions: [cond], replicas: 3, updatedReplicas: 1, availableReplicas: 2 };
    return d;
  };

  it('without a progress deadline the Progressing condition is removed', () => {
    const d = rollout(undefined, u.newCondition('Progressing', 'True', u.REPLICASET_UPDATED, 'x', T0));
    const p = plan(d, [replicaSet('web-old', 2, { d, revision: 1 }), current(d, 1, { available: 0, ready: 0 })]);
    expect(u.getCondition(p.status, 'Progressing')).toBeUndefined();
  });

  it('progress keeps lastTransitionTime of a True condition and refreshes lastUpdateTime', () => {
    const d = rollout(600, u.newCondition('Progressing', 'True', u.REPLICASET_UPDATED, 'x', T0));
    const p = plan(d, [replicaSet('web-old', 1, { d, revision: 1 }), current(d, 2, { available: 1 })]);
    expect(u.getCondition(p.status, 'Progressing')).toMatchObject({
      status: 'True', reason: u.REPLICASET_UPDATED, message: 'ReplicaSet "web-cur" is progressing.', lastTransitionTime: at(0), lastUpdateTime: at(3600_000),
    });
  });

  it('progress after a False condition updates everything', () => {
    const d = rollout(600, u.newCondition('Progressing', 'False', u.TIMED_OUT, 'x', T0));
    d.status!.conditions![0].reason = 'SomethingElse';
    const p = plan(d, [replicaSet('web-old', 1, { d, revision: 1 }), current(d, 2, { available: 1 })]);
    expect(u.getCondition(p.status, 'Progressing')).toMatchObject({ status: 'True', lastTransitionTime: at(3600_000) });
  });

  it('a complete rollout reports NewReplicaSetAvailable', () => {
    const d = rollout(600, u.newCondition('Progressing', 'True', u.REPLICASET_UPDATED, 'x', T0));
    const p = plan(d, [replicaSet('web-old', 0, { d, revision: 1, actual: 0 }), current(d, 2)]);
    expect(u.getCondition(p.status, 'Progressing')).toMatchObject({
      status: 'True', reason: u.NEW_RS_AVAILABLE, message: 'ReplicaSet "web-cur" has successfully progressed.', lastTransitionTime: at(0),
    });
    expect(u.getCondition(p.status, 'Available')).toMatchObject({ status: 'True', reason: u.MIN_AVAILABLE });
  });

  it('no progress past the deadline: ProgressDeadlineExceeded', () => {
    const d = rollout(60, u.newCondition('Progressing', 'True', u.REPLICASET_UPDATED, 'x', NOW - 61_000));
    d.status = { ...d.status, replicas: 3, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2 };
    const p = plan(d, [replicaSet('web-old', 2, { d, revision: 1 }), current(d, 1, { available: 0, ready: 0 })]);
    expect(u.getCondition(p.status, 'Progressing')).toMatchObject({
      status: 'False', reason: u.TIMED_OUT, message: 'ReplicaSet "web-cur" has timed out progressing.',
    });
  });

  it('a stuck rollout is looked at again when its deadline passes (requeueStuckDeployment)', () => {
    const d = rollout(600, u.newCondition('Progressing', 'True', u.REPLICASET_UPDATED, 'x', NOW - 180_000));
    d.status = { ...d.status, replicas: 3, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2 };
    const p = plan(d, [replicaSet('web-old', 2, { d, revision: 1 }), current(d, 1, { available: 0, ready: 0 })]);
    expect(p.requeueAfterMs).toBe(421_000);
  });

  it('ReplicaFailure of the new ReplicaSet is promoted to the Deployment', () => {
    const d = rollout(600);
    const cur = current(d, 2, { available: 0, ready: 0, actual: 0 });
    cur.status!.conditions = [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota', lastTransitionTime: at(5) }];
    const p = plan(d, [cur]);
    expect(u.getCondition(p.status, 'ReplicaFailure')).toEqual({
      type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota', lastTransitionTime: at(5), lastUpdateTime: at(5),
    });
  });
});

describe('Recreate', () => {
  it('scales old ReplicaSets to 0 first and creates nothing yet', () => {
    const d = deployment(2, { recreate: true, image: 'nginx:2' });
    const p = plan(d, [replicaSet('web-old', 2, { d, revision: 1 })]);
    expect(p.actions.map((a) => [a.op, a.rs.metadata.name, a.rs.spec?.replicas])).toEqual([['update', 'web-old', 0]]);
  });

  it('waits for the old pods to be gone, then creates the new ReplicaSet at full size', () => {
    const d = deployment(2, { recreate: true, image: 'nginx:2' });
    const old = replicaSet('web-old', 0, { d, revision: 1, actual: 0 });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-old', uid: 'uid-web-old', controller: true }], deletionTimestamp: at(0) }, status: { phase: 'Running' } };
    expect(plan(d, [old], NOW, [pod]).actions).toEqual([]);
    const p = plan(d, [old], NOW, []);
    expect(p.actions.map((a) => [a.op, a.rs.spec?.replicas])).toEqual([['create', 2]]);
  });
});

describe('a Deployment being deleted', () => {
  it('only has its status synced (TestSyncDeploymentDontDoAnythingDuringDeletion)', () => {
    const d = deployment(3);
    d.metadata.deletionTimestamp = at(0);
    const p = plan(d, []);
    expect(p.actions).toEqual([]);
  });
});
