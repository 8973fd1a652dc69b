// A rolling update with maxSurge 1 / maxUnavailable 0, driven by the real kubectl (set image,
// rollout status) while every pod and EndpointSlice change is watched in-process: the pod
// invariants of the strategy hold on every single event, old pods show up as terminating
// endpoints during the rollout, and at the end only new pods are endpoints and the old
// ReplicaSet is at 0.
import { afterAll, describe, expect, it } from 'vitest';
import type { StoreEvent } from '../../src/storage/store.js';
import { eventually } from '../helpers/http.js';
import { useKubectl } from './setup.js';

const { srv, k } = useKubectl();
const REPLICAS = 4;

async function ok(args: string[], timeoutMs?: number): Promise<string> {
  const r = await k().run(args, { timeoutMs });
  expect(r.code, `kubectl ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

type J = any;
const isReady = (p: J) => (p.status?.conditions ?? []).some((c: J) => c.type === 'Ready' && c.status === 'True');
const isLive = (p: J) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';

describe('kubectl set image with maxSurge 1, maxUnavailable 0', () => {
  const unsubscribe: (() => void)[] = [];
  afterAll(() => unsubscribe.forEach((u) => u()));

  it('never exceeds replicas+1 live pods nor drops below replicas Ready pods, and the slices follow', async () => {
    await ok(['create', 'deployment', 'web', '--image=nginx:1.26', `--replicas=${REPLICAS}`, '--port=8080']);
    await ok(['patch', 'deployment/web', '-p', '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}']);
    await ok(['expose', 'deployment', 'web', '--port=80', '--target-port=8080']);
    await ok(['rollout', 'status', 'deployment/web', '--timeout=30s'], 35_000);
    await eventually(async () => {
      await srv().sim.settled();
      const slices = srv().sim.registry.list(srv().sim.registry.resource('discovery.k8s.io', 'endpointslices'), 'default', { labelSelector: 'kubernetes.io/service-name=web' }).items;
      return slices.flatMap((s: J) => s.obj.endpoints ?? []).filter((e: J) => e.conditions.ready).length === REPLICAS;
    }, 10_000, 'all endpoints ready before the rollout');

    const r = srv().sim.registry;
    const pods = new Map<string, J>();
    for (const p of r.list(r.resource('', 'pods'), 'default').items) pods.set(p.obj.metadata.uid!, p.obj);
    const violations: string[] = [];
    let events = 0;
    let maxLive = 0;
    let minReady = Infinity;
    unsubscribe.push(r.watch(r.resource('', 'pods'), (ev: StoreEvent) => {
      const p = ev.object.obj as J;
      if (p.metadata.namespace !== 'default') return;
      if (ev.type === 'DELETED') pods.delete(p.metadata.uid);
      else pods.set(p.metadata.uid, p);
      events++;
      const live = [...pods.values()].filter(isLive);
      const ready = live.filter(isReady);
      maxLive = Math.max(maxLive, live.length);
      minReady = Math.min(minReady, ready.length);
      if (live.length > REPLICAS + 1) violations.push(`${ev.type} ${p.metadata.name}: ${live.length} live pods`);
      if (ready.length < REPLICAS) violations.push(`${ev.type} ${p.metadata.name}: ${ready.length} ready pods`);
    }));
    const terminatingEndpoints = new Set<string>();
    unsubscribe.push(r.watch(r.resource('discovery.k8s.io', 'endpointslices'), (ev: StoreEvent) => {
      for (const e of (ev.object.obj as J).endpoints ?? []) if (e.conditions?.terminating) terminatingEndpoints.add(e.targetRef?.name);
    }));

    const oldPods = new Set([...pods.values()].map((p) => p.metadata.name));
    await ok(['set', 'image', 'deployment/web', 'nginx=nginx:1.27']);
    const out = await ok(['rollout', 'status', 'deployment/web', '--timeout=60s'], 65_000);
    expect(out).toMatch(/Waiting for deployment "web" rollout to finish: \d+ (out of \d+ new replicas have been updated|old replicas are pending termination)/);
    expect(out).toMatch(/deployment "web" successfully rolled out/);
    await eventually(async () => {
      await srv().sim.settled();
      return [...pods.values()].every((p) => !oldPods.has(p.metadata.name));
    }, 15_000, 'old pods gone');
    await srv().sim.settled();

    expect(violations).toEqual([]);
    expect(events).toBeGreaterThan(4 * REPLICAS);
    expect(maxLive).toBe(REPLICAS + 1);
    expect(minReady).toBe(REPLICAS);
    // Old pods were seen as terminating endpoints while they drained.
    expect([...terminatingEndpoints].filter((n) => oldPods.has(n)).length).toBeGreaterThan(0);

    const slices = r.list(r.resource('discovery.k8s.io', 'endpointslices'), 'default', { labelSelector: 'kubernetes.io/service-name=web' }).items.map((s) => s.obj as J);
    const endpoints = slices.flatMap((s) => s.endpoints ?? []);
    const live = [...pods.values()].filter(isLive);
    expect(endpoints.map((e: J) => e.targetRef.name).sort()).toEqual(live.map((p) => p.metadata.name).sort());
    expect(endpoints.every((e: J) => e.conditions.ready && !e.conditions.terminating)).toBe(true);
    for (const p of live) expect(p.spec.containers[0].image).toBe('nginx:1.27');

    const rss = JSON.parse(await ok(['get', 'rs', '-l', 'app=web', '-o', 'json'])).items as J[];
    const byImage = Object.fromEntries(rss.map((rs) => [rs.spec.template.spec.containers[0].image, rs]));
    expect(byImage['nginx:1.26'].spec.replicas).toBe(0);
    expect(byImage['nginx:1.26'].status.replicas).toBe(0);
    expect(byImage['nginx:1.27'].status).toMatchObject({ replicas: REPLICAS, availableReplicas: REPLICAS });
  }, 90_000);
});

describe('proportional scaling during a rollout', () => {
  it('kubectl scale spreads the new size over the old and new ReplicaSets by their share', async () => {
    await ok(['create', 'deployment', 'prop', '--image=nginx:1.26', '--replicas=4']);
    await ok(['rollout', 'status', 'deployment/prop', '--timeout=30s'], 35_000);
    // A new template whose pods never turn ready: the rollout stops with old 3, new 2 (25% surge,
    // 25% unavailable of 4 → 1 and 1).
    await ok(['patch', 'deployment/prop', '-p', JSON.stringify({ spec: { template: {
      metadata: { annotations: { 'kubesim.io/ready': 'false' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
    } } })]);
    const sizes = async () => {
      const rss = JSON.parse(await ok(['get', 'rs', '-l', 'app=prop', '-o', 'json'])).items as J[];
      return Object.fromEntries(rss.map((rs) => [rs.spec.template.spec.containers[0].image, rs.spec.replicas]));
    };
    await eventually(async () => {
      await srv().sim.settled();
      const s = await sizes();
      return s['nginx:1.26'] === 3 && s['nginx:1.27'] === 2;
    }, 15_000, 'the rollout stuck at 3 old, 2 new');
    await srv().sim.settled();
    expect(await sizes()).toEqual({ 'nginx:1.26': 3, 'nginx:1.27': 2 });

    await ok(['scale', 'deployment/prop', '--replicas=10']);
    await eventually(async () => {
      await srv().sim.settled();
      const s = await sizes();
      return s['nginx:1.26'] === 8 && s['nginx:1.27'] === 5;
    }, 15_000, 'old 8, new 5 (13 = 10 + 25% surge, split 3:2)');
    const rss = JSON.parse(await ok(['get', 'rs', '-l', 'app=prop', '-o', 'json'])).items as J[];
    for (const rs of rss) {
      expect(rs.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '10', 'deployment.kubernetes.io/max-replicas': '13' });
    }
    const byImage = Object.fromEntries(rss.map((rs) => [rs.spec.template.spec.containers[0].image, rs.metadata.name]));
    const events = await ok(['get', 'events', '--field-selector', 'involvedObject.name=prop,reason=ScalingReplicaSet', '-o', 'jsonpath={range .items[*]}{.message}{"\\n"}{end}']);
    expect(events).toContain(`Scaled up replica set ${byImage['nginx:1.26']} to 8 from 3`);
    expect(events).toContain(`Scaled up replica set ${byImage['nginx:1.27']} to 5 from 2`);
  }, 60_000);
});
