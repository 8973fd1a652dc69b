// StatefulSets end to end with the real kubectl: ordered creation (db-1 only after db-0 is Running
// and Ready, seen on the pod watch), stable identity in the headless Service's EndpointSlices
// (hostname per endpoint), scale-down from the highest ordinal, rollout status, and garbage
// collection of the pods when the set is deleted.
import { describe, expect, it } from 'vitest';
import type { StoreEvent } from '../../src/storage/store.js';
import { eventually } from '../helpers/http.js';
import { useKubectl } from './setup.js';

const { srv, k } = useKubectl();
type J = Record<string, any>;

const MANIFEST = `apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: pg, port: 5432}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: pg, image: 'postgres:16', ports: [{name: pg, containerPort: 5432}]}]
`;

const ready = (p: J) => p.status?.phase === 'Running' && (p.status?.conditions ?? []).some((c: J) => c.type === 'Ready' && c.status === 'True');

describe('StatefulSet', () => {
  it('creates db-0..2 in order, each after its predecessor is Ready', async () => {
    const r = srv().sim.registry;
    const seen: { type: string; name: string; ready: boolean; deleting: boolean }[] = [];
    const off = r.watch(r.resource('', 'pods'), (ev: StoreEvent) => {
      const p = ev.object.obj as J;
      if (p.metadata.labels?.app === 'db') seen.push({ type: ev.type, name: p.metadata.name, ready: ready(p), deleting: !!p.metadata.deletionTimestamp });
    });
    try {
      const apply = await k().run(['apply', '-f', k().file('db.yaml', MANIFEST)]);
      expect(apply.code, apply.stderr).toBe(0);
      const status = await k().run(['rollout', 'status', 'statefulset/db', '--timeout=30s']);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toContain('partitioned roll out complete: 3 new pods have been updated...');
    } finally {
      off();
    }
    const added = (n: string) => seen.findIndex((e) => e.type === 'ADDED' && e.name === n);
    const firstReady = (n: string) => seen.findIndex((e) => e.name === n && e.ready);
    expect(seen.filter((e) => e.type === 'ADDED').map((e) => e.name)).toEqual(['db-0', 'db-1', 'db-2']);
    expect(firstReady('db-0')).toBeGreaterThanOrEqual(0);
    expect(added('db-1')).toBeGreaterThan(firstReady('db-0'));
    expect(added('db-2')).toBeGreaterThan(firstReady('db-1'));

    const pod = await k().run(['get', 'pod', 'db-1', '-o', 'json']);
    const p = JSON.parse(pod.stdout);
    expect(p.spec).toMatchObject({ hostname: 'db-1', subdomain: 'db' });
    expect(p.metadata.labels).toMatchObject({ 'statefulset.kubernetes.io/pod-name': 'db-1', 'apps.kubernetes.io/pod-index': '1' });
    expect(p.metadata.labels['controller-revision-hash']).toMatch(/^db-[a-z0-9]+$/);
    expect(p.metadata.ownerReferences).toEqual([expect.objectContaining({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', controller: true, blockOwnerDeletion: true })]);

    const sts = JSON.parse((await k().run(['get', 'sts', 'db', '-o', 'json'])).stdout);
    expect(sts.status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    expect(sts.status.currentRevision).toBe(p.metadata.labels['controller-revision-hash']);
    const revs = await k().run(['get', 'controllerrevisions', '-o', 'json']);
    expect(JSON.parse(revs.stdout).items.map((x: J) => [x.metadata.name, x.revision])).toEqual([[sts.status.currentRevision, 1]]);

    const events = await k().run(['get', 'events', '--field-selector', 'involvedObject.kind=StatefulSet', '-o', 'json']);
    expect(JSON.parse(events.stdout).items.map((e: J) => e.message)).toEqual(expect.arrayContaining([
      'create Pod db-0 in StatefulSet db successful', 'create Pod db-1 in StatefulSet db successful', 'create Pod db-2 in StatefulSet db successful',
    ]));
  });

  it('the headless Service slice carries each pod hostname', async () => {
    const slice = await eventually(async () => {
      const out = await k().run(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=db', '-o', 'json']);
      const s = JSON.parse(out.stdout).items.find((x: J) => x.addressType === 'IPv4');
      return s?.endpoints?.length === 3 ? s : undefined;
    }, 10000, 'three endpoints');
    expect(slice.endpoints.map((e: J) => e.hostname).sort()).toEqual(['db-0', 'db-1', 'db-2']);
    for (const e of slice.endpoints) expect(e.targetRef.name).toBe(e.hostname);
  });

  it('scales down from the highest ordinal, one at a time', async () => {
    const r = srv().sim.registry;
    const deleting: string[] = [];
    const off = r.watch(r.resource('', 'pods'), (ev: StoreEvent) => {
      const p = ev.object.obj as J;
      if (p.metadata.labels?.app === 'db' && (p.metadata.deletionTimestamp || ev.type === 'DELETED') && !deleting.includes(p.metadata.name)) deleting.push(p.metadata.name);
    });
    try {
      const scale = await k().run(['scale', 'statefulset/db', '--replicas=1']);
      expect(scale.code, scale.stderr).toBe(0);
      await eventually(async () => {
        const out = await k().run(['get', 'pods', '-l', 'app=db', '-o', 'name']);
        return out.stdout.trim() === 'pod/db-0' || undefined;
      }, 20000, 'only db-0 left');
    } finally {
      off();
    }
    expect(deleting).toEqual(['db-2', 'db-1']);
    const sts = JSON.parse((await k().run(['get', 'sts', 'db', '-o', 'json'])).stdout);
    expect(sts.status).toMatchObject({ replicas: 1, readyReplicas: 1 });
  });

  it('rolls a template change out, then back with rollout undo (the old revision is renumbered)', async () => {
    const web = (image: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 2
  podManagementPolicy: Parallel
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: '${image}'}]
`;
    const images = async () => (JSON.parse((await k().run(['get', 'pods', '-l', 'app=web', '-o', 'json'])).stdout).items as J[])
      .map((p) => p.spec.containers[0].image).sort();
    expect((await k().run(['apply', '-f', k().file('web.yaml', web('nginx:1.26'))])).code).toBe(0);
    expect((await k().run(['rollout', 'status', 'sts/web', '--timeout=30s'])).code).toBe(0);
    expect((await k().run(['apply', '-f', k().file('web.yaml', web('nginx:1.27'))])).code).toBe(0);
    const status = await k().run(['rollout', 'status', 'sts/web', '--timeout=60s']);
    expect(status.code, status.stderr).toBe(0);
    expect(await images()).toEqual(['nginx:1.27', 'nginx:1.27']);
    const undo = await k().run(['rollout', 'undo', 'sts/web']);
    expect(undo.code, undo.stderr).toBe(0);
    expect((await k().run(['rollout', 'status', 'sts/web', '--timeout=60s'])).code).toBe(0);
    expect(await images()).toEqual(['nginx:1.26', 'nginx:1.26']);
    const revs = JSON.parse((await k().run(['get', 'controllerrevisions', '-l', 'app=web', '-o', 'json'])).stdout).items as J[];
    expect(revs.map((r) => r.revision).sort()).toEqual([2, 3]);
    const history = await k().run(['rollout', 'history', 'sts/web']);
    expect(history.stdout).toMatch(/^2\s/m);
    expect(history.stdout).toMatch(/^3\s/m);
    expect((await k().run(['delete', 'sts', 'web'])).code).toBe(0);
  });

  it('deleting the StatefulSet deletes its pods (background propagation)', async () => {
    const del = await k().run(['delete', 'statefulset', 'db']);
    expect(del.code, del.stderr).toBe(0);
    await eventually(async () => {
      const out = await k().run(['get', 'pods', '-l', 'app=db', '-o', 'name']);
      return out.stdout.trim() === '' || undefined;
    }, 20000, 'pods gone');
  });
});
