// The appliers against a real registry on a FakeClock (buildApp in process): claiming — orphans
// that match are adopted, owned objects that stop matching are released — as upstream's
// ControllerRefManager does for StatefulSets, DaemonSets and Jobs (controller_ref_manager_test.go);
// and a Job pod whose Job is gone losing its tracking finalizer.
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type Kubesim } from '../../../src/app.js';
import type { KObject } from '../../../src/machinery/types.js';
import { FakeClock } from '../../../src/util/clock.js';

type J = Record<string, any>;
let sim: Kubesim | undefined;
afterEach(async () => {
  await sim?.app.close();
  sim = undefined;
});

async function start(): Promise<Kubesim> {
  sim = await buildApp({ clock: new FakeClock(), seed: 3 });
  return sim;
}

const template = (app: string, extra: J = {}) => ({ metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'busybox' }], ...extra } });
const owner = (o: KObject | undefined) => o?.metadata.ownerReferences?.find((r) => r.controller);

describe('claiming pods', () => {
  it('a StatefulSet (OnDelete) adopts a matching orphan with its ordinal name and keeps it', async () => {
    const s = await start();
    const r = s.registry;
    const pods = r.resource('', 'pods');
    const orphan = r.create(pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db-0', labels: { app: 'db' } }, spec: template('db').spec }).object;
    r.create(r.resource('apps', 'statefulsets'), 'default', {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' },
      // With RollingUpdate the adopted pod, lacking the revision label, would be replaced at once.
      spec: { replicas: 1, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template('db'), updateStrategy: { type: 'OnDelete' } },
    });
    await s.settle(5000);
    const pod = r.get(pods, 'default', 'db-0').obj;
    expect(pod.metadata.uid).toBe(orphan.metadata.uid);
    expect(owner(pod)).toMatchObject({ kind: 'StatefulSet', name: 'db', blockOwnerDeletion: true });
    // The adopted pod gets its identity labels.
    expect(pod.metadata.labels).toMatchObject({ 'statefulset.kubernetes.io/pod-name': 'db-0', 'apps.kubernetes.io/pod-index': '0' });
  });

  it('a pod relabelled out of a DaemonSet is released and replaced', async () => {
    const s = await start();
    const r = s.registry;
    const pods = r.resource('', 'pods');
    r.create(r.resource('apps', 'daemonsets'), 'default', {
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent') },
    });
    await s.settle(5000);
    const before = r.list(pods, 'default').items.map((p) => p.obj);
    expect(before).toHaveLength(3);
    const victim = before[0];
    r.mutate(pods, 'default', victim.metadata.name!, (p) => {
      p.metadata.labels = { app: 'debug' };
    });
    await s.settle(5000);
    const released = r.get(pods, 'default', victim.metadata.name!).obj;
    expect(owner(released)).toBeUndefined();
    const agents = r.list(pods, 'default', { labelSelector: 'app=agent' }).items.map((p) => p.obj);
    expect(agents).toHaveLength(3);
    expect(new Set(agents.map((p) => (p.spec as J).nodeName)).size).toBe(3);
  });

  it('a Job pod whose Job is gone loses the tracking finalizer, so it can go', async () => {
    const s = await start();
    const r = s.registry;
    const pods = r.resource('', 'pods');
    const jobs = r.resource('batch', 'jobs');
    r.create(jobs, 'default', {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'w' },
      spec: { template: { metadata: { annotations: { 'kubesim.io/run-seconds': '600' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    await s.settle(1000);
    const [pod] = r.list(pods, 'default').items.map((p) => p.obj);
    expect(pod.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    // Orphan the pod: delete the Job without cascading.
    r.delete(jobs, 'default', 'w', { propagationPolicy: 'Orphan' });
    await s.settle(1000);
    expect(r.get(pods, 'default', pod.metadata.name!).obj.metadata.finalizers).toBeUndefined();
  });
});
