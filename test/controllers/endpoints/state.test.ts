// Property: the Endpoints controller's incremental state (src/controllers/endpoints/state.ts)
// plans exactly what planEndpoints plans over every pod, and the field-by-field subset
// comparisons agree with the canonical-JSON ones, through random pod and Service changes.
import { describe, expect, it } from 'vitest';
import { canonicalSubsetsEqual } from '../../../src/controllers/endpoints/compare.js';
import { planEndpoints, planEndpointsFor, subsetsEqual, subsetsEqualIgnoringResourceVersion, type Endpoints, type Pod, type Service } from '../../../src/controllers/endpoints/index.js';
import { EndpointsServiceState } from '../../../src/controllers/endpoints/state.js';
import { computeTriggerTime, type TriggerTimeState } from '../../../src/controllers/endpointslice/index.js';
import { deepFreeze } from '../../../src/util/copy.js';
import { SeededRandom } from '../../../src/util/random.js';
import { applyPlan, makePod, makeService } from './helpers.js';

type R = SeededRandom;
const pick = <T>(r: R, xs: readonly T[]): T => xs[r.int(xs.length)];
const chance = (r: R, p: number) => r.float() < p;

function randomService(r: R): Service {
  const headless = chance(r, 0.2);
  return deepFreeze(makeService({
    clusterIP: headless ? 'None' : pick(r, ['10.96.0.10', 'fd00::10']),
    ipFamilies: pick(r, [['IPv4'], ['IPv4'], ['IPv6'], ['IPv4', 'IPv6'], []]),
    ports: pick(r, [
      [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }],
      [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP', appProtocol: 'h2c' }, { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' }],
      [{ name: 'a', port: 1, targetPort: 'web' }, { name: 'b', port: 2, targetPort: 'alt' }],
      [],
    ]),
    labels: pick<Record<string, string>>(r, [{ app: 'web' }, { app: 'web', tier: 'a' }]),
    publishNotReadyAddresses: chance(r, 0.15),
  }));
}

/** Set by a scenario: the share of pods whose uid has text above U+D800 (ordered by UTF-8 bytes, not plain string order). */
let oddUIDs = 0;

function randomPod(r: R, i: number): Pod {
  if (oddUIDs > 0) {
    // Few IPs, so that equal IPs are ordered by uid.
    const pod = structuredClone(randomPlainPod(r, i));
    pod.status!.podIP = `10.0.0.${i % 4}`;
    pod.status!.podIPs = [{ ip: pod.status!.podIP }];
    if (chance(r, oddUIDs)) pod.metadata.uid = `${pick(r, ['\uE000', '\uFFFD', '\uD83D\uDE00', 'z', 'a'])}-${i}`;
    return deepFreeze(pod);
  }
  return randomPlainPod(r, i);
}

function randomPlainPod(r: R, i: number): Pod {
  const v4 = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const v6 = `fd00::${i.toString(16)}`;
  const ports = pick(r, [[{ name: 'web', containerPort: 8080 }], [{ name: 'web', containerPort: 8080 }], [{ name: 'web', containerPort: 9090 }, { name: 'alt', containerPort: 7 }], []]);
  return deepFreeze(makePod(i, {
    ip: pick(r, [v4, v4, v4, v6, [v4, v6], null]),
    ready: chance(r, 0.75),
    terminating: chance(r, 0.08),
    phase: pick(r, ['Running', 'Running', 'Running', 'Pending', 'Failed']),
    node: pick(r, ['node-1', 'node-2']),
    labels: chance(r, 0.9) ? { app: 'web' } : { app: 'other' },
    hostname: chance(r, 0.1) ? `h${i}` : undefined,
    subdomain: chance(r, 0.1) ? 'web' : undefined,
    containerPorts: ports,
  }));
}

function withReadyTime(r: R, p: Pod): Pod {
  const copy = structuredClone(p);
  copy.status!.conditions![0].lastTransitionTime = `2025-01-01T00:00:${String(r.int(60)).padStart(2, '0')}Z`;
  return deepFreeze(copy);
}

function runScenario(seed: number, big = false): void {
  const r = new SeededRandom(seed);
  let svc = randomService(r);
  const pods = new Map<string, Pod>();
  let state = new EndpointsServiceState(svc, []);
  let existing: Endpoints | undefined;
  let trigA: TriggerTimeState | undefined;
  let trigB: TriggerTimeState | undefined;
  let next = 0;
  for (let step = 0; step < (big ? 6 : 20); step++) {
    if (chance(r, 0.07)) {
      svc = randomService(r);
      state = new EndpointsServiceState(svc, [...pods.values()]);
    }
    const changed = new Set<string>();
    for (let k = big && step === 0 ? 1100 : r.int(step < 2 ? 25 : 6); k > 0; k--) {
      const names = [...pods.keys()];
      const op = r.int(4);
      if (op === 0 && names.length) {
        const n = pick(r, names);
        pods.delete(n);
        changed.add(n);
      } else if (op === 1 && names.length) {
        const n = pick(r, names);
        pods.set(n, withReadyTime(r, randomPod(r, Number(n.slice(4)))));
        changed.add(n);
      } else {
        const p = withReadyTime(r, randomPod(r, next++));
        pods.set(p.metadata.name!, p);
        changed.add(p.metadata.name!);
      }
    }
    for (const n of changed) state.setPod(n, pods.get(n));

    const all = [...pods.values()];
    const selected = all.filter((p) => p.metadata.labels?.app === 'web');
    const ta = computeTriggerTime(trigA, svc, selected);
    const tb = state.triggerTimeFor(trigB);
    expect(tb.triggerTime, `seed ${seed} step ${step}: trigger time`).toBe(ta.triggerTime);

    const ref = planEndpoints(svc, all, existing, { triggerTime: ta.triggerTime });
    const inc = planEndpointsFor(svc, () => state.subsets(), existing, { triggerTime: tb.triggerTime });
    expect(JSON.stringify(inc), `seed ${seed} step ${step}`).toBe(JSON.stringify(ref));
    if (ref.endpoints && existing) {
      for (const ignore of [true, false]) {
        const fast = ignore ? subsetsEqualIgnoringResourceVersion : subsetsEqual;
        expect(fast(existing.subsets, ref.endpoints.subsets)).toBe(canonicalSubsetsEqual(existing.subsets, ref.endpoints.subsets, ignore));
        expect(fast(existing.subsets, existing.subsets)).toBe(true);
      }
    }
    if (chance(r, 0.9)) {
      existing = applyPlan(existing, ref);
      if (existing) deepFreeze(existing);
      trigA = ta.state;
      trigB = tb.commit();
    }
  }
}

describe('incremental Endpoints planning', () => {
  it.each(Array.from({ length: 300 }, (_, i) => i + 1))('seed %i: the incremental plan equals the full plan at every step', (seed) => {
    runScenario(seed);
  });

  it.each([1, 2, 3])('seed %i: over 1000 addresses (truncation) as well', (seed) => {
    runScenario(1000 + seed, true);
  });

  it.each(Array.from({ length: 60 }, (_, i) => i + 1))('seed %i: some uids ordered by UTF-8 bytes, not string order', (seed) => {
    oddUIDs = 0.3;
    try {
      runScenario(2000 + seed);
    } finally {
      oddUIDs = 0;
    }
  });
});

describe('field-by-field subset comparison', () => {
  it('agrees with the canonical JSON on resourceVersion, nil versus empty, pointers and ports', () => {
    const addr = (o: Record<string, unknown> = {}) => ({ ip: '10.0.0.1', targetRef: { kind: 'Pod', name: 'p', uid: 'u', ...o } });
    const cases: [unknown, unknown][] = [
      [[{ addresses: [addr()] }], [{ addresses: [addr({ resourceVersion: '5' })] }]],
      [[{ addresses: [addr()] }], [{ addresses: [addr()], notReadyAddresses: [] }]],
      [[{ addresses: [{ ip: '10.0.0.1', nodeName: '' }] }], [{ addresses: [{ ip: '10.0.0.1' }] }]],
      [[{ addresses: [{ ip: '10.0.0.1', hostname: '' }] }], [{ addresses: [{ ip: '10.0.0.1' }] }]],
      [[{ addresses: [{ ip: '10.0.0.1' }] }], [{ addresses: [addr()] }]],
      [[{ ports: [{ port: 80, name: '' }] }], [{ ports: [{ port: 80 }] }]],
      [[{ ports: [{ port: 80, appProtocol: '' }] }], [{ ports: [{ port: 80 }] }]],
      [[{ ports: [{ port: 80 }] }], [{ ports: [{ port: 81 }] }]],
      [[], undefined],
      [[{}], []],
    ];
    for (const [a, b] of cases) {
      for (const ignore of [true, false]) {
        const fast = ignore ? subsetsEqualIgnoringResourceVersion : subsetsEqual;
        expect(fast(a as never, b as never), JSON.stringify([a, b, ignore])).toBe(canonicalSubsetsEqual(a as never, b as never, ignore));
      }
    }
  });
});
