// The ReplicaSet and Deployment controllers in-process on a FakeClock: what falls due on the clock
// (minReadySeconds elapsing, a progress deadline passing) re-queues them without any other event,
// and a ReplicaSet adopts and releases pods by selector.
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type Kubesim } from '../../../src/app.js';
import { FakeClock } from '../../../src/util/clock.js';

type J = any;
let sim: Kubesim;
let clock: FakeClock;
afterEach(async () => {
  await sim?.app.close();
});

async function start(): Promise<void> {
  clock = new FakeClock();
  sim = await buildApp({ clock, seed: 3 });
}

const res = (group: string, r: string) => sim.registry.resource(group, r);
const get = (group: string, r: string, name: string) => sim.registry.get(res(group, r), 'default', name).obj as J;
const cond = (d: J, type: string) => (d.status?.conditions ?? []).find((c: J) => c.type === type);

function deployment(name: string, spec: J, podAnnotations: Record<string, string> = {}): J {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name }, annotations: podAnnotations }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      ...spec,
    },
  };
}

describe('on the injected clock', () => {
  it('pods count as available only once minReadySeconds has passed', async () => {
    await start();
    sim.registry.create(res('apps', 'deployments'), 'default', deployment('slow', { replicas: 2, minReadySeconds: 10 }));
    await sim.settle(1000);
    const rsName = sim.registry.list(res('apps', 'replicasets'), 'default').items[0].obj.metadata.name!;
    expect(get('apps', 'replicasets', rsName).status).toMatchObject({ replicas: 2, readyReplicas: 2 });
    expect(get('apps', 'replicasets', rsName).status.availableReplicas).toBeUndefined();
    expect(cond(get('apps', 'deployments', 'slow'), 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });

    clock.advance(10_000);
    await sim.settled();
    expect(get('apps', 'replicasets', rsName).status.availableReplicas).toBe(2);
    const d = get('apps', 'deployments', 'slow');
    expect(d.status.availableReplicas).toBe(2);
    expect('unavailableReplicas' in d.status).toBe(false);
    expect(cond(d, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(cond(d, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
  });

  it('a rollout that makes no progress times out at progressDeadlineSeconds', async () => {
    await start();
    sim.registry.create(res('apps', 'deployments'), 'default',
      deployment('stuck', { replicas: 1, progressDeadlineSeconds: 30 }, { 'kubesim.io/ready': 'false' }));
    await sim.settle(1000);
    const before = cond(get('apps', 'deployments', 'stuck'), 'Progressing');
    expect(before).toMatchObject({ status: 'True' });
    expect(['NewReplicaSetCreated', 'ReplicaSetUpdated']).toContain(before.reason);

    clock.advance(20_000);
    await sim.settled();
    expect(cond(get('apps', 'deployments', 'stuck'), 'Progressing').status).toBe('True');

    clock.advance(12_000);
    await sim.settled();
    const d = get('apps', 'deployments', 'stuck');
    const rs = sim.registry.list(res('apps', 'replicasets'), 'default').items[0].obj.metadata.name;
    expect(cond(d, 'Progressing')).toMatchObject({
      status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rs}" has timed out progressing.`,
    });
  });
});

describe('ReplicaSet adoption and release', () => {
  it('adopts a matching orphan pod instead of creating one, and replaces a pod relabelled away', async () => {
    await start();
    sim.registry.create(res('', 'pods'), 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', labels: { app: 'solo' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    sim.registry.create(res('apps', 'replicasets'), 'default', {
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'solo' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'solo' } }, template: { metadata: { labels: { app: 'solo' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    await sim.settle(1000);
    const pods = () => sim.registry.list(res('', 'pods'), 'default').items.map((p) => p.obj as J);
    expect(pods().map((p) => p.metadata.name)).toEqual(['stray']);
    const rs = get('apps', 'replicasets', 'solo');
    expect(pods()[0].metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'solo', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);

    sim.registry.mutate(res('', 'pods'), 'default', 'stray', (p) => {
      p.metadata.labels = { app: 'debug' };
    });
    await sim.settle(1000);
    const after = pods();
    expect(after).toHaveLength(2);
    expect(after.find((p) => p.metadata.name === 'stray').metadata.ownerReferences).toBeUndefined();
    expect(after.find((p) => p.metadata.name !== 'stray').metadata.name).toMatch(/^solo-[a-z0-9]{5}$/);
  });
});

describe('Deployment claims ReplicaSets (TestAddReplicaSetOrphan, TestUpdateReplicaSetRelease)', () => {
  it('adopts a matching orphan ReplicaSet with its template as the new one', async () => {
    await start();
    const d = deployment('adopt', { replicas: 2 });
    sim.registry.create(res('apps', 'replicasets'), 'default', {
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'adopt-manual', labels: { app: 'adopt' } },
      spec: { replicas: 2, selector: { matchLabels: { app: 'adopt' } }, template: d.spec.template },
    });
    await sim.settle(1000);
    sim.registry.create(res('apps', 'deployments'), 'default', d);
    await sim.settle(1000);
    const rss = sim.registry.list(res('apps', 'replicasets'), 'default').items.map((x) => x.obj as J);
    expect(rss.map((rs) => rs.metadata.name)).toEqual(['adopt-manual']);
    const dep = get('apps', 'deployments', 'adopt');
    expect(rss[0].metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'adopt', uid: dep.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(rss[0].metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
    expect(dep.status).toMatchObject({ replicas: 2, updatedReplicas: 2, availableReplicas: 2 });
  });

  it('releases a ReplicaSet relabelled away; the name it leaves taken is a hash collision', async () => {
    await start();
    sim.registry.create(res('apps', 'deployments'), 'default', deployment('rel', { replicas: 1 }));
    await sim.settle(1000);
    const first = sim.registry.list(res('apps', 'replicasets'), 'default').items[0].obj as J;
    sim.registry.mutate(res('apps', 'replicasets'), 'default', first.metadata.name, (o) => {
      o.metadata.labels = { app: 'elsewhere' };
    });
    await sim.settle(2000);
    const released = get('apps', 'replicasets', first.metadata.name);
    expect(released.metadata.ownerReferences).toBeUndefined();
    const dep = get('apps', 'deployments', 'rel');
    expect(dep.status.collisionCount).toBe(1);
    const owned = sim.registry.list(res('apps', 'replicasets'), 'default').items.map((x) => x.obj as J)
      .filter((rs) => rs.metadata.ownerReferences?.[0]?.uid === dep.metadata.uid);
    expect(owned).toHaveLength(1);
    expect(owned[0].metadata.name).not.toBe(first.metadata.name);
    expect(owned[0].metadata.name).toBe(`rel-${owned[0].metadata.labels['pod-template-hash']}`);
  });
});
