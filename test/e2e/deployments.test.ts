// Deployments end to end with the real kubectl v1.35: create, rollout status, get, expose (the
// EndpointSlice follows), scale up and down (removed pods terminate gracefully), describe, and the
// rollout subcommands (history, undo, restart, pause/resume) against the embedded ReplicaSet and
// Deployment controllers and the simulated kubelet.
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/http.js';
import { tableRows } from '../helpers/kubectl.js';
import { useKubectl } from './setup.js';

const { srv, k } = useKubectl();

async function ok(args: string[], timeoutMs?: number): Promise<string> {
  const r = await k().run(args, { timeoutMs });
  expect(r.code, `kubectl ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

const json = async (args: string[]) => JSON.parse(await ok([...args, '-o', 'json']));

/** The pods a selector picks, split into live and terminating. */
async function pods(selector: string): Promise<{ live: any[]; terminating: any[] }> {
  const items = (await json(['get', 'pods', '-l', selector])).items as any[];
  return { live: items.filter((p) => !p.metadata.deletionTimestamp), terminating: items.filter((p) => p.metadata.deletionTimestamp) };
}

async function readyEndpoints(svc: string): Promise<string[]> {
  const slices = (await json(['get', 'endpointslices', '-l', `kubernetes.io/service-name=${svc}`])).items as any[];
  return slices.flatMap((s) => (s.endpoints ?? []).filter((e: any) => e.conditions?.ready).map((e: any) => e.targetRef?.name)).sort();
}

describe('kubectl create deployment / rollout status / get / expose', () => {
  it('gives 3 Ready pods of one ReplicaSet, a finished rollout, 3/3 in get, and a slice of 3 ready endpoints', async () => {
    await ok(['create', 'deployment', 'web', '--image=nginx', '--replicas=3', '--port=8080']);
    const status = await ok(['rollout', 'status', 'deployment/web', '--timeout=30s'], 35_000);
    expect(status).toMatch(/deployment "web" successfully rolled out/);

    const rows = tableRows(await ok(['get', 'deploy']));
    expect(rows[0]).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(rows[1].slice(0, 4)).toEqual(['web', '3/3', '3', '3']);

    const rss = (await json(['get', 'rs', '-l', 'app=web'])).items as any[];
    expect(rss).toHaveLength(1);
    const rs = rss[0];
    const hash = rs.metadata.labels['pod-template-hash'];
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(hash).toMatch(/^[bcdf2-9]{1,10}$/);
    expect(rs.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(rs.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, fullyLabeledReplicas: 3 });
    // The controller's revision annotation goes through /status: no generation of its own.
    const d = await json(['get', 'deployment', 'web', '--show-managed-fields']);
    expect(d.metadata.generation).toBe(1);
    expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.status.observedGeneration).toBe(1);
    expect(d.metadata.managedFields.map((f: any) => [f.manager, f.operation, f.subresource ?? ''])).toContainEqual(['kube-controller-manager', 'Update', 'status']);

    const { live } = await pods('app=web');
    expect(live).toHaveLength(3);
    for (const p of live) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.generateName).toBe(`web-${hash}-`);
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      expect(p.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(p.spec.containers[0]).toMatchObject({ name: 'nginx', image: 'nginx', ports: [{ containerPort: 8080, protocol: 'TCP' }] });
      expect(p.status.conditions.find((c: any) => c.type === 'Ready').status).toBe('True');
    }

    await ok(['expose', 'deployment', 'web', '--port=80', '--target-port=8080']);
    const eps = await eventually(async () => {
      const e = await readyEndpoints('web');
      return e.length === 3 ? e : undefined;
    }, 10_000, 'three ready endpoints');
    expect(eps).toEqual(live.map((p) => p.metadata.name).sort());
    const slices = (await json(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web'])).items;
    expect(slices).toHaveLength(1);
  });

  it('records the events and conditions kubectl describe shows', async () => {
    const out = await ok(['describe', 'deployment', 'web']);
    const rs = (await json(['get', 'rs', '-l', 'app=web'])).items[0].metadata.name;
    expect(out).toMatch(/^Replicas:\s+3 desired \| 3 updated \| 3 total \| 3 available \| 0 unavailable$/m);
    expect(out).toMatch(/^StrategyType:\s+RollingUpdate$/m);
    expect(out).toMatch(/^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
    expect(out).toMatch(/^\s+Available\s+True\s+MinimumReplicasAvailable$/m);
    expect(out).toMatch(/^\s+Progressing\s+True\s+NewReplicaSetAvailable$/m);
    expect(out).toMatch(/^OldReplicaSets:\s+<none>$/m);
    expect(out).toMatch(new RegExp(`^NewReplicaSet:\\s+${rs} \\(3/3 replicas created\\)$`, 'm'));
    expect(out).toMatch(new RegExp(`Normal\\s+ScalingReplicaSet\\s+\\S+\\s+deployment-controller\\s+Scaled up replica set ${rs} to 3 from 0`));
    const rsOut = await ok(['describe', 'rs', rs]);
    expect(rsOut).toMatch(/^Pods Status:\s+3 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed$/m);
    expect(rsOut).toMatch(/Normal\s+SuccessfulCreate\s+\S+\s+replicaset-controller\s+Created pod: web-/);
  });
});

describe('kubectl scale', () => {
  it('scaling up adds endpoints; scaling down terminates pods gracefully and the slice follows', async () => {
    await ok(['scale', 'deployment/web', '--replicas=5']);
    await ok(['rollout', 'status', 'deployment/web', '--timeout=30s'], 35_000);
    await eventually(async () => (await readyEndpoints('web')).length === 5, 10_000, 'five ready endpoints');

    const before = (await pods('app=web')).live.map((p) => p.metadata.name);
    await ok(['scale', 'deployment/web', '--replicas=2']);
    // The surplus pods are deleted gracefully: they linger with a deletionTimestamp first.
    const terminating = await eventually(async () => {
      const t = (await pods('app=web')).terminating;
      return t.length === 3 ? t : undefined;
    }, 10_000, 'three terminating pods');
    for (const p of terminating!) expect(before).toContain(p.metadata.name);
    await eventually(async () => (await pods('app=web')).terminating.length === 0, 15_000, 'terminating pods gone');
    const { live } = await pods('app=web');
    expect(live).toHaveLength(2);
    await eventually(async () => JSON.stringify(await readyEndpoints('web')) === JSON.stringify(live.map((p) => p.metadata.name).sort()), 10_000, 'two endpoints');
    const events = await ok(['get', 'events', '--field-selector', 'reason=SuccessfulDelete', '-o', 'jsonpath={.items[*].message}']);
    for (const p of terminating!) expect(events).toContain(`Deleted pod: ${p.metadata.name}`);
    const d = await json(['get', 'deployment', 'web']);
    expect(d.status).toMatchObject({ replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
    await ok(['scale', 'deployment/web', '--replicas=3']);
    await ok(['rollout', 'status', 'deployment/web', '--timeout=30s'], 35_000);
  });
});

describe('kubectl rollout history / undo / restart / pause / resume', () => {
  const images = async () => ((await json(['get', 'pods', '-l', 'app=web'])).items as any[])
    .filter((p) => !p.metadata.deletionTimestamp).map((p) => p.spec.containers[0].image);

  it('set image makes revision 2; undo goes back to revision 1 as revision 3', async () => {
    await ok(['set', 'image', 'deployment/web', 'nginx=nginx:1.27']);
    await ok(['rollout', 'status', 'deployment/web', '--timeout=30s'], 35_000);
    expect(new Set(await images())).toEqual(new Set(['nginx:1.27']));
    const history = tableRows(await ok(['rollout', 'history', 'deployment/web']));
    expect(history.slice(1).map((r) => r[0])).toEqual(['REVISION', '1', '2']);
    const rev1 = await ok(['rollout', 'history', 'deployment/web', '--revision=1']);
    expect(rev1).toMatch(/Image:\s+nginx$/m);

    const undo = await ok(['rollout', 'undo', 'deployment/web']);
    expect(undo).toMatch(/deployment.apps\/web rolled back/);
    await ok(['rollout', 'status', 'deployment/web', '--timeout=30s'], 35_000);
    expect(new Set(await images())).toEqual(new Set(['nginx']));
    const after = tableRows(await ok(['rollout', 'history', 'deployment/web']));
    expect(after.slice(1).map((r) => r[0])).toEqual(['REVISION', '2', '3']);
    const rss = (await json(['get', 'rs', '-l', 'app=web'])).items as any[];
    const back = rss.find((rs) => rs.metadata.annotations['deployment.kubernetes.io/revision'] === '3');
    expect(back.metadata.annotations['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(back.spec.replicas).toBe(3);
    const d = await json(['get', 'deployment', 'web']);
    expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('restart rolls every pod onto a new ReplicaSet', async () => {
    const old = new Set((await pods('app=web')).live.map((p) => p.metadata.name));
    await ok(['rollout', 'restart', 'deployment/web']);
    await ok(['rollout', 'status', 'deployment/web', '--timeout=30s'], 35_000);
    await eventually(async () => (await pods('app=web')).terminating.length === 0, 15_000, 'old pods gone');
    const now = (await pods('app=web')).live;
    expect(now).toHaveLength(3);
    for (const p of now) {
      expect(old.has(p.metadata.name)).toBe(false);
      expect(p.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBeTruthy();
    }
    const history = tableRows(await ok(['rollout', 'history', 'deployment/web']));
    expect(history.at(-1)?.[0]).toBe('4');
  });

  it('a paused Deployment does not roll out until resumed', async () => {
    await ok(['rollout', 'pause', 'deployment/web']);
    await ok(['set', 'image', 'deployment/web', 'nginx=nginx:1.28']);
    await eventually(async () => {
      const d = await json(['get', 'deployment', 'web']);
      return d.status.observedGeneration === d.metadata.generation && d.status.conditions.some((c: any) => c.type === 'Progressing' && c.reason === 'DeploymentPaused');
    }, 10_000, 'the pause observed');
    await srv().sim.settled();
    expect(new Set(await images())).toEqual(new Set(['nginx']));
    const desc = await ok(['describe', 'deployment', 'web']);
    expect(desc).toMatch(/^\s+Progressing\s+Unknown\s+DeploymentPaused$/m);
    const notResumed = await k().run(['rollout', 'undo', 'deployment/web']);
    expect(notResumed.code).not.toBe(0);
    expect(notResumed.stderr).toMatch(/you cannot rollback a paused deployment; resume it first/);

    await ok(['rollout', 'resume', 'deployment/web']);
    await ok(['rollout', 'status', 'deployment/web', '--timeout=30s'], 35_000);
    await eventually(async () => (await pods('app=web')).terminating.length === 0, 15_000, 'old pods gone');
    expect(new Set(await images())).toEqual(new Set(['nginx:1.28']));
  });

  it('revisionHistoryLimit removes the oldest scaled-down ReplicaSets', async () => {
    await ok(['patch', 'deployment/web', '-p', '{"spec":{"revisionHistoryLimit":1}}']);
    await eventually(async () => (await json(['get', 'rs', '-l', 'app=web'])).items.length === 2, 10_000, 'two ReplicaSets left');
    const revs = ((await json(['get', 'rs', '-l', 'app=web'])).items as any[]).map((rs) => rs.metadata.annotations['deployment.kubernetes.io/revision']).sort();
    expect(revs).toEqual(['4', '5']);
  });
});

describe('Recreate and deletion', () => {
  it('Recreate stops every old pod before any new one starts', async () => {
    await ok(['create', 'deployment', 'batch', '--image=busybox:1.36', '--replicas=2']);
    await ok(['patch', 'deployment/batch', '-p', '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}']);
    await ok(['rollout', 'status', 'deployment/batch', '--timeout=30s'], 35_000);
    const r = srv().sim.registry;
    const seen: string[] = [];
    const unwatch = r.watch(r.resource('', 'pods'), (ev) => {
      const p = ev.object.obj as any;
      if (p.metadata.labels?.app !== 'batch') return;
      const image = p.spec.containers[0].image;
      const oldPresent = [...r.list(r.resource('', 'pods'), 'default', { labelSelector: 'app=batch' }).items]
        .some((x: any) => x.obj.spec.containers[0].image === 'busybox:1.36');
      if (ev.type === 'ADDED' && image === 'busybox:1.37' && oldPresent) seen.push(`new pod ${p.metadata.name} while old pods exist`);
    });
    try {
      await ok(['set', 'image', 'deployment/batch', 'busybox=busybox:1.37']);
      await ok(['rollout', 'status', 'deployment/batch', '--timeout=30s'], 35_000);
    } finally {
      unwatch();
    }
    expect(seen).toEqual([]);
    const { live } = await pods('app=batch');
    expect(live.map((p) => p.spec.containers[0].image)).toEqual(['busybox:1.37', 'busybox:1.37']);
    const desc = await ok(['describe', 'deployment', 'batch']);
    expect(desc).toMatch(/^StrategyType:\s+Recreate$/m);
    expect(desc).toMatch(/Scaled down replica set batch-\S+ to 0 from 2/);
  });

  it('deleting a Deployment removes its ReplicaSets and pods (garbage collection)', async () => {
    await ok(['delete', 'deployment', 'batch']);
    await eventually(async () => (await json(['get', 'rs', '-l', 'app=batch'])).items.length === 0, 10_000, 'ReplicaSets gone');
    await eventually(async () => (await json(['get', 'pods', '-l', 'app=batch'])).items.length === 0, 15_000, 'pods gone');
  });
});

describe('progress deadline', () => {
  it('kubectl rollout status fails once the Deployment exceeds progressDeadlineSeconds', async () => {
    const manifest = k().file('stuck.yaml', `apiVersion: apps/v1
kind: Deployment
metadata:
  name: stuck
  annotations:
    kubernetes.io/change-cause: first try
spec:
  replicas: 1
  progressDeadlineSeconds: 1
  selector: {matchLabels: {app: stuck}}
  template:
    metadata:
      labels: {app: stuck}
      annotations: {kubesim.io/ready: "false"}
    spec:
      containers: [{name: app, image: nginx}]
`);
    await ok(['apply', '-f', manifest]);
    const r = await k().run(['rollout', 'status', 'deployment/stuck', '--timeout=20s'], { timeoutMs: 25_000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/error: deployment "stuck" exceeded its progress deadline/);
    const desc = await ok(['describe', 'deployment', 'stuck']);
    expect(desc).toMatch(/^\s+Progressing\s+False\s+ProgressDeadlineExceeded$/m);
    expect(desc).toMatch(/^\s+Available\s+False\s+MinimumReplicasUnavailable$/m);
    const history = tableRows(await ok(['rollout', 'history', 'deployment/stuck']));
    expect(history.at(-1)).toEqual(['1', 'first try']);
  });
});

describe('cascading deletion', () => {
  it('--cascade=orphan keeps the ReplicaSet and pods; a re-created Deployment adopts them without new pods', async () => {
    await ok(['create', 'deployment', 'keep', '--image=nginx', '--replicas=2']);
    await ok(['rollout', 'status', 'deployment/keep', '--timeout=30s'], 35_000);
    const podsBefore = (await pods('app=keep')).live.map((p) => p.metadata.name).sort();
    const rsName = (await json(['get', 'rs', '-l', 'app=keep'])).items[0].metadata.name;
    await ok(['delete', 'deployment', 'keep', '--cascade=orphan']);
    await eventually(async () => !(await json(['get', 'rs', rsName])).metadata.ownerReferences, 10_000, 'the ReplicaSet orphaned');
    await ok(['create', 'deployment', 'keep', '--image=nginx', '--replicas=2']);
    await ok(['rollout', 'status', 'deployment/keep', '--timeout=30s'], 35_000);
    const d = await json(['get', 'deployment', 'keep']);
    const rs = await json(['get', 'rs', rsName]);
    expect(rs.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Deployment', name: 'keep', uid: d.metadata.uid, controller: true })]);
    expect((await json(['get', 'rs', '-l', 'app=keep'])).items).toHaveLength(1);
    expect((await pods('app=keep')).live.map((p) => p.metadata.name).sort()).toEqual(podsBefore);
  });

  it('--cascade=foreground waits for the ReplicaSet and its pods before the Deployment goes', async () => {
    await ok(['delete', 'deployment', 'keep', '--cascade=foreground', '--wait=true', '--timeout=30s'], 35_000);
    expect((await json(['get', 'rs', '-l', 'app=keep'])).items).toEqual([]);
    expect((await json(['get', 'pods', '-l', 'app=keep'])).items).toEqual([]);
  });
});

describe('ReplicaSet behaviour through kubectl', () => {
  it('a deleted pod is replaced; scaling down removes the pod with the lowest pod-deletion-cost first', async () => {
    await ok(['create', 'deployment', 'heal', '--image=nginx', '--replicas=3']);
    await ok(['rollout', 'status', 'deployment/heal', '--timeout=30s'], 35_000);
    const names = (await pods('app=heal')).live.map((p) => p.metadata.name);
    await ok(['delete', 'pod', names[0], '--wait=false']);
    const healed = await eventually(async () => {
      const { live } = await pods('app=heal');
      return live.length === 3 && !live.some((p) => p.metadata.name === names[0]) ? live : undefined;
    }, 15_000, 'a replacement pod');
    await ok(['rollout', 'status', 'deployment/heal', '--timeout=30s'], 35_000);
    // Without a cost the replacement (the newest pod) would go first; an older pod made cheap goes instead.
    expect(healed!.map((p) => p.metadata.name)).toContain(names[1]);
    const cheap = names[1];
    await ok(['annotate', 'pod', cheap, 'controller.kubernetes.io/pod-deletion-cost=-100']);
    await ok(['scale', 'deployment/heal', '--replicas=2']);
    const gone = await eventually(async () => {
      const t = (await pods('app=heal')).terminating;
      return t.length === 1 ? t[0].metadata.name : undefined;
    }, 10_000, 'one pod terminating');
    expect(gone).toBe(cheap);
  });
});
