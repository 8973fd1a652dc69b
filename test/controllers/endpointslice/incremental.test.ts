// Property: the controller's incremental state (service-state.ts) plans exactly what the full
// planner plans. Random pod, node and Service changes, slices written, lost or tampered with
// between syncs; after every step both plans must serialise to the same bytes, and the trigger
// time must match computeTriggerTime over every pod.
import { describe, expect, it } from 'vitest';
import {
  buildNodeView,
  computeTriggerTime,
  planService,
  type EndpointSlice,
  type Node,
  type NodeView,
  type Pod,
  type Service,
  type TopologyHintsState,
  type TriggerTimeState,
} from '../../../src/controllers/endpointslice/index.js';
import { ServiceEndpointState, triggerTimeFor } from '../../../src/controllers/endpointslice/service-state.js';
import { deepFreeze } from '../../../src/util/copy.js';
import { SeededRandom } from '../../../src/util/random.js';
import { FakeSliceStore, makeNode, makePod, makeService } from './helpers.js';

type R = SeededRandom;
const pick = <T>(r: R, xs: readonly T[]): T => xs[r.int(xs.length)];
const chance = (r: R, p: number) => r.float() < p;

function randomService(r: R): Service {
  const annotations: Record<string, string> = {};
  if (chance(r, 0.15)) annotations['service.kubernetes.io/topology-mode'] = pick(r, ['Auto', 'Disabled']);
  return deepFreeze(makeService({
    ipFamilies: pick(r, [['IPv4'], ['IPv4'], ['IPv6'], ['IPv4', 'IPv6'], ['IPv6', 'IPv4'], []]),
    clusterIP: chance(r, 0.2) ? 'None' : pick(r, ['10.96.0.10', 'fd00::10']),
    ports: pick(r, [
      [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }],
      [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }, { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' }],
      [],
    ]),
    labels: pick<Record<string, string>>(r, [{ app: 'web' }, { app: 'web', tier: 'a' }]),
    annotations,
    publishNotReadyAddresses: chance(r, 0.15),
    trafficDistribution: pick(r, [undefined, undefined, 'PreferClose', 'PreferSameNode']),
  }));
}

function randomNodes(r: R): Node[] {
  return Array.from({ length: 2 + r.int(4) }, (_, i) =>
    makeNode(`node-${i}`, chance(r, 0.9) ? pick(r, ['z1', 'z2', 'z3']) : undefined, pick(r, ['1', '2', '4']), { ready: chance(r, 0.9) }));
}

function randomPod(r: R, i: number): Pod {
  const v4 = `10.1.${i >> 8}.${i & 255}`;
  const v6 = `fd00::1:${i.toString(16)}`;
  const ips = pick(r, [[v4], [v4], [v6], [v4, v6], []]);
  const pod = makePod(i, {
    ips,
    ready: chance(r, 0.75),
    terminating: chance(r, 0.08),
    phase: pick(r, ['Running', 'Running', 'Running', 'Pending', 'Succeeded']),
    node: chance(r, 0.93) ? `node-${r.int(6)}` : 'ghost',
    labels: chance(r, 0.9) ? { app: 'web' } : { app: 'other' },
    hostname: chance(r, 0.1) ? `h${i}` : undefined,
    subdomain: chance(r, 0.1) ? 'web' : undefined,
    containerPorts: chance(r, 0.85) ? [{ name: 'web', containerPort: pick(r, [8080, 8080, 8081]) }] : [],
    readyTransition: `2025-01-01T00:00:${String(r.int(60)).padStart(2, '0')}Z`,
  });
  if (ips.length === 0) pod.status!.podIP = undefined;
  // A pod re-created under its name gets a new uid (the endpoint's targetRef must follow it);
  // drawn from the transition time so that the seeds' other draws stay as they were.
  const second = Number(pod.status!.conditions!.find((c) => c.type === 'Ready')?.lastTransitionTime?.slice(17, 19) ?? 0);
  if (second % 3 === 0) pod.metadata.uid = `${pod.metadata.uid}-${second}`;
  return deepFreeze(pod);
}

/** Writes made behind the controller's back: a lost slice, a dropped endpoint, a duplicate, new labels. */
function tamper(r: R, store: FakeSliceStore): void {
  const slices = store.list();
  if (slices.length === 0) return;
  const s = pick(r, slices);
  const name = s.metadata.name!;
  const what = r.int(4);
  if (what === 0) {
    store.slices.delete(name);
    return;
  }
  const copy = structuredClone(s) as EndpointSlice;
  if (what === 1 && (copy.endpoints ?? []).length > 0) copy.endpoints!.splice(r.int(copy.endpoints!.length), 1);
  if (what === 2) {
    const other = pick(r, slices);
    const ep = pick(r, other.endpoints ?? [null]);
    if (ep) copy.endpoints = [...(copy.endpoints ?? []), structuredClone(ep)];
  }
  if (what === 3) copy.metadata.labels = { ...copy.metadata.labels, extra: 'x' };
  copy.metadata.resourceVersion = String(Number(copy.metadata.resourceVersion) + 100000);
  store.slices.set(name, deepFreeze(copy));
}

function runScenario(seed: number): void {
  const r = new SeededRandom(seed);
  const max = pick(r, [1, 2, 3, 5, 10, 100]);
  let namesA = 0;
  let namesB = 0;
  const base = { maxEndpointsPerSlice: max, now: '2025-02-01T00:00:00Z' };
  const store = new FakeSliceStore();
  let svc = randomService(r);
  let nodes = randomNodes(r);
  let view: NodeView = buildNodeView(nodes);
  const pods = new Map<string, Pod>();
  let next = 0;
  let state = new ServiceEndpointState(svc, []);
  let topoA: TopologyHintsState | undefined;
  let topoB: TopologyHintsState | undefined;
  let trigA: TriggerTimeState | undefined;
  let trigB: TriggerTimeState | undefined;

  for (let step = 0; step < 25; step++) {
    const changed = new Set<string>();
    if (chance(r, 0.06)) {
      svc = randomService(r);
      state = new ServiceEndpointState(svc, [...pods.values()]);
    }
    if (chance(r, 0.1)) {
      nodes = chance(r, 0.5) ? randomNodes(r) : nodes.slice(0, -1);
      view = buildNodeView(nodes);
    }
    for (let k = r.int(step < 3 ? 30 : 8); k > 0; k--) {
      const existing = [...pods.keys()];
      const op = r.int(4);
      if (op === 0 && existing.length > 0) {
        const name = pick(r, existing);
        pods.delete(name);
        changed.add(name);
      } else if (op === 1 && existing.length > 0) {
        const name = pick(r, existing);
        const p = randomPod(r, Number(name.slice(4)));
        pods.set(name, p);
        changed.add(name);
      } else {
        const p = randomPod(r, next++);
        pods.set(p.metadata.name!, p);
        changed.add(p.metadata.name!);
      }
    }
    for (const name of changed) state.setPod(name, pods.get(name));

    const all = [...pods.values()].filter((p) => p.metadata.labels?.app === 'web');
    const refTrig = computeTriggerTime(trigA, svc, all);
    const incTrig = triggerTimeFor(state, trigB);
    expect(incTrig.triggerTime, `seed ${seed} step ${step}: trigger time`).toBe(refTrig.triggerTime);

    const existing = store.list();
    const ref = planService(svc, [...pods.values()], view, existing,
      { ...base, generateName: (p) => `${p}${String(++namesA).padStart(5, '0')}`, topologyState: topoA, triggerTime: refTrig.triggerTime });
    const inc = state.plan(view, existing,
      { ...base, generateName: (p) => `${p}${String(++namesB).padStart(5, '0')}`, topologyState: topoB, triggerTime: incTrig.triggerTime });
    expect(JSON.stringify(inc), `seed ${seed} step ${step}`).toBe(JSON.stringify(ref));
    topoA = ref.topologyState;
    topoB = inc.topologyState;

    // Mostly the writes succeed; sometimes they are lost (the sync failed) and the state must not
    // have assumed them.
    if (chance(r, 0.9)) {
      store.apply(ref);
      trigA = refTrig.state;
      trigB = incTrig.commit();
      expect(trigB.podTriggerTimes).toEqual(trigA.podTriggerTimes);
    }
    if (chance(r, 0.1)) tamper(r, store);
  }
}

describe('incremental EndpointSlice planning', () => {
  it.each(Array.from({ length: 400 }, (_, i) => i + 1))('seed %i: the incremental plan equals the full plan at every step', (seed) => {
    runScenario(seed);
  });
});
