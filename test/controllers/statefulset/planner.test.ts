// The StatefulSet planner, step by step. Cases ported from upstream
// pkg/controller/statefulset/stateful_set_control_test.go (CreatesPods, ScaleUp, ScaleDown,
// ReplacesPods, RecreatesFailedPod, SetsStatus, rolling updates with partition and OnDelete,
// Parallel scaling, revision history and rollback, TruncateHistory) and stateful_set_utils_test.go
// (identity, versioned pods), in our own words.
import { describe, expect, it } from 'vitest';
import { statefulSet, World } from './world.js';

type J = Record<string, any>;

describe('OrderedReady scale up (CreatesPods, ScaleUp)', () => {
  it('creates one pod at a time, each after its predecessor is Running and Ready', () => {
    const w = new World(statefulSet());
    let plan = w.sync();
    expect(plan.create.map((p) => p.metadata.name)).toEqual(['db-0']);
    expect(plan.events).toEqual([{ type: 'Normal', reason: 'SuccessfulCreate', message: 'create Pod db-0 in StatefulSet db successful' }]);
    // db-0 exists but is Pending: nothing more.
    expect(w.sync().create).toEqual([]);
    w.ready('db-0', false);
    expect(w.sync().create).toEqual([]);
    w.ready('db-0');
    plan = w.sync();
    expect(plan.create.map((p) => p.metadata.name)).toEqual(['db-1']);
    w.ready('db-1');
    expect(w.sync().create.map((p) => p.metadata.name)).toEqual(['db-2']);
    w.ready('db-2');
    plan = w.sync();
    expect(plan.create).toEqual([]);
    expect(plan.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, currentReplicas: 3, updatedReplicas: 3, observedGeneration: 1 });
  });

  it('gives pods their stable identity, labels and owner', () => {
    const w = new World(statefulSet());
    const pod = w.sync().create[0] as J;
    const rev = w.revisions[0].metadata.name;
    expect(rev).toMatch(/^db-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(pod.metadata).toMatchObject({
      name: 'db-0', namespace: 'default',
      labels: { app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-0', 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': rev },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'uid-db', controller: true, blockOwnerDeletion: true }],
    });
    expect(pod.metadata.generateName).toBeUndefined();
    expect(pod.spec).toMatchObject({ hostname: 'db-0', subdomain: 'db' });
  });

  it('starts at spec.ordinals.start', () => {
    const w = new World(statefulSet({ ordinals: { start: 5 } }));
    w.converge();
    expect(w.names()).toEqual(['db-5', 'db-6', 'db-7']);
  });

  it('adds a claim volume per volumeClaimTemplate', () => {
    const w = new World(statefulSet({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }] }));
    expect((w.sync().create[0] as J).spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }]);
  });
});

describe('Parallel', () => {
  it('creates every missing pod in one sync', () => {
    const w = new World(statefulSet({ podManagementPolicy: 'Parallel' }));
    expect(w.sync().create.map((p) => p.metadata.name)).toEqual(['db-0', 'db-1', 'db-2']);
  });

  it('deletes every condemned pod in one sync', () => {
    const w = new World(statefulSet({ podManagementPolicy: 'Parallel', replicas: 4 }));
    w.converge();
    w.setSpec({ replicas: 1 });
    expect(w.sync().delete.map((d) => d.name)).toEqual(['db-3', 'db-2', 'db-1']);
  });
});

describe('scale down (ScaleDown)', () => {
  it('removes the highest ordinal first and waits for it to go', () => {
    const w = new World(statefulSet());
    w.converge();
    w.setSpec({ replicas: 1 });
    let plan = w.sync();
    expect(plan.delete.map((d) => d.name)).toEqual(['db-2']);
    expect(plan.events).toEqual([{ type: 'Normal', reason: 'SuccessfulDelete', message: 'delete Pod db-2 in StatefulSet db successful' }]);
    // db-2 is terminating: db-1 waits.
    expect(w.sync().delete).toEqual([]);
    w.finishDeletes();
    plan = w.sync();
    expect(plan.delete.map((d) => d.name)).toEqual(['db-1']);
    w.finishDeletes();
    expect(w.sync().delete).toEqual([]);
    expect(w.names()).toEqual(['db-0']);
  });

  it('waits while a lower pod is unhealthy (monotonic)', () => {
    const w = new World(statefulSet());
    w.converge();
    w.ready('db-0', false);
    w.setSpec({ replicas: 2 });
    expect(w.sync().delete).toEqual([]);
    w.ready('db-0');
    expect(w.sync().delete.map((d) => d.name)).toEqual(['db-2']);
  });

  it('deletes an unhealthy condemned pod when it is the first unhealthy one', () => {
    const w = new World(statefulSet());
    w.converge();
    w.ready('db-2', false);
    w.setSpec({ replicas: 2 });
    expect(w.sync().delete.map((d) => d.name)).toEqual(['db-2']);
  });
});

describe('failed pods (ReplacesPods, RecreatesFailedPod)', () => {
  it('deletes a Failed pod and recreates it once gone', () => {
    const w = new World(statefulSet());
    w.converge();
    w.pods.get('db-1')!.status = { phase: 'Failed' };
    let plan = w.sync();
    expect(plan.delete.map((d) => d.name)).toEqual(['db-1']);
    expect(plan.events).toEqual([{ type: 'Normal', reason: 'SuccessfulDelete', message: 'delete Pod db-1 in StatefulSet db successful' }]);
    w.finishDeletes();
    plan = w.sync();
    expect(plan.create.map((p) => p.metadata.name)).toEqual(['db-1']);
  });
});

describe('rolling update', () => {
  const newImage = { template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:17' }] } } };

  it('replaces pods from the highest ordinal down, one at a time, waiting for readiness', () => {
    const w = new World(statefulSet());
    w.converge();
    const oldRev = w.set.status!.currentRevision;
    w.setSpec(newImage);
    let plan = w.sync();
    const newRev = plan.status.updateRevision;
    expect(newRev).not.toBe(oldRev);
    expect(plan.revision.create?.revision).toBe(2);
    expect(plan.delete.map((d) => d.name)).toEqual(['db-2']);
    expect(plan.status).toMatchObject({ currentRevision: oldRev, updateRevision: newRev, currentReplicas: 2, updatedReplicas: 0 });
    w.finishDeletes();
    plan = w.sync();
    expect(plan.create.map((p) => [p.metadata.name, p.metadata.labels!['controller-revision-hash'], (p.spec as J).containers[0].image]))
      .toEqual([['db-2', newRev, 'postgres:17']]);
    // The new db-2 is not ready yet: db-1 waits.
    expect(w.sync().delete).toEqual([]);
    w.ready('db-2');
    expect(w.sync().delete.map((d) => d.name)).toEqual(['db-1']);
    w.converge();
    expect(w.set.status).toMatchObject({ currentRevision: newRev, updateRevision: newRev, currentReplicas: 3, updatedReplicas: 3, readyReplicas: 3 });
  });

  it('maxUnavailable 2 replaces two pods at a time (MaxUnavailableStatefulSet)', () => {
    const w = new World(statefulSet({ replicas: 4, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 2 } } }));
    w.converge();
    w.setSpec(newImage);
    expect(w.sync().delete.map((d) => d.name)).toEqual(['db-3', 'db-2']);
    // Both are unavailable now: nothing more until they are back.
    expect(w.sync().delete).toEqual([]);
  });

  it('maxUnavailable counts pods already unavailable (Parallel; OrderedReady would wait for db-0)', () => {
    const w = new World(statefulSet({ replicas: 4, podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: '50%' } } }));
    w.converge();
    w.ready('db-0', false);
    w.setSpec(newImage);
    expect(w.sync().delete.map((d) => d.name)).toEqual(['db-3']);
  });

  it('stops at the partition', () => {
    const w = new World(statefulSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }));
    w.converge();
    const oldRev = w.set.status!.currentRevision;
    w.setSpec(newImage);
    w.converge();
    const byPod = Object.fromEntries([...w.pods.values()].map((p) => [p.metadata.name, p.metadata.labels!['controller-revision-hash']]));
    expect(byPod['db-0']).toBe(oldRev);
    expect(byPod['db-1']).toBe(oldRev);
    expect(byPod['db-2']).toBe(w.set.status!.updateRevision);
    expect(w.set.status).toMatchObject({ currentRevision: oldRev, currentReplicas: 2, updatedReplicas: 1 });
  });

  it('below the partition a recreated pod keeps the current revision and template', () => {
    const w = new World(statefulSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }));
    w.converge();
    const oldRev = w.set.status!.currentRevision;
    w.setSpec(newImage);
    w.converge();
    w.pods.delete('db-0');
    const pod = w.sync().create[0] as J;
    expect(pod.metadata.labels['controller-revision-hash']).toBe(oldRev);
    expect(pod.spec.containers[0].image).toBe('postgres:16');
  });

  it('OnDelete leaves pods alone until they are deleted', () => {
    const w = new World(statefulSet({ updateStrategy: { type: 'OnDelete' } }));
    w.converge();
    w.setSpec(newImage);
    w.converge();
    expect(w.last!.delete).toEqual([]);
    expect(w.set.status!.updatedReplicas).toBe(0);
    w.pods.delete('db-1');
    const pod = w.sync().create[0] as J;
    expect(pod.spec.containers[0].image).toBe('postgres:17');
  });
});

describe('revisions (history)', () => {
  it('renumbers an old revision when its template comes back (rollback)', () => {
    const w = new World(statefulSet());
    w.converge();
    const first = w.revisions[0].metadata.name;
    w.setSpec({ template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:17' }] } } });
    w.converge();
    w.setSpec({ template: statefulSet().spec!.template });
    const plan = w.sync();
    expect(plan.revision.create).toBeUndefined();
    expect(plan.revision.renumber).toEqual({ name: first, revision: 3 });
    expect(plan.status.updateRevision).toBe(first);
  });

  it('keeps revisionHistoryLimit old revisions besides the live ones', () => {
    const w = new World(statefulSet({ revisionHistoryLimit: 1 }));
    for (const image of ['a', 'b', 'c', 'd']) {
      w.setSpec({ template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image }] } } });
      w.converge();
    }
    // Revisions 1..4 (a..d): the live one (d) and one more (c).
    expect(w.revisions.map((r) => r.revision)).toEqual([3, 4]);
  });

  it('revisions carry the template as a replace patch and the hash label', () => {
    const w = new World(statefulSet());
    w.sync();
    const r = w.revisions[0] as J;
    expect(r.data.spec.template.$patch).toBe('replace');
    expect(r.metadata.labels['controller.kubernetes.io/hash']).toBe(r.metadata.name.slice('db-'.length));
    expect(r.metadata.ownerReferences[0]).toMatchObject({ kind: 'StatefulSet', controller: true, blockOwnerDeletion: true });
  });

  it('counts a collision when the new revision name is taken by other data', () => {
    const w = new World(statefulSet());
    const probe = new World(statefulSet());
    probe.sync();
    const taken = { ...probe.revisions[0], data: { other: true } };
    w.revisions.push(taken);
    const plan = w.sync();
    expect(plan.status.collisionCount).toBe(1);
    expect(plan.revision.create!.metadata.name).not.toBe(taken.metadata.name);
  });
});

describe('steady state', () => {
  it('planning against its own converged result does nothing', () => {
    const w = new World(statefulSet());
    w.converge();
    const plan = w.sync();
    expect([plan.create, plan.delete, plan.relabel, plan.prune, plan.events]).toEqual([[], [], [], [], []]);
    expect(plan.revision.create).toBeUndefined();
  });

  it('a set being deleted only reports status', () => {
    const w = new World(statefulSet());
    w.set.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    const plan = w.sync();
    expect(plan.create).toEqual([]);
    expect(plan.status.replicas).toBe(0);
  });

  it('minReadySeconds: ready pods count as available only later', () => {
    const w = new World(statefulSet({ minReadySeconds: 10, replicas: 1 }));
    w.sync();
    w.ready('db-0');
    let plan = w.sync();
    expect(plan.status).toMatchObject({ readyReplicas: 1, availableReplicas: 0 });
    expect(plan.requeueAfterMs).toBeGreaterThan(9000);
    w.now += 11_000;
    plan = w.sync();
    expect(plan.status.availableReplicas).toBe(1);
  });
});
