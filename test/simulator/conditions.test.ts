// kubeletConditions walks the containers once: held to the filter/find formulation it replaced, on
// seeded pods with plain and sidecar init containers, statuses present or not, ready or not,
// terminated or not, every phase, with and without pod IPs and readiness gates.
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/machinery/types.js';
import { gatesMessage, kubeletConditions, type Cond } from '../../src/simulator/pod-status.js';
import { SeededRandom } from '../../src/util/random.js';

type J = Record<string, any>;

/** The formulation before issue 16's CPU work, kept as the reference. */
function reference(pod: KObject): Map<string, Cond> {
  const st = (pod.status ?? {}) as J;
  const spec = (pod.spec ?? {}) as J;
  const initSpecs = (spec.initContainers ?? []) as J[];
  const unreadyNames = (statuses: J[], specs: J[]) => specs.filter((c) => !statuses.find((s) => s.name === c.name)?.ready).map((c) => c.name);
  const out = new Map<string, Cond>();
  const completed = st.phase === 'Succeeded';
  const failed = st.phase === 'Failed';
  const sandbox = !(completed || failed) && Array.isArray(st.podIPs) && st.podIPs.length > 0;
  out.set('PodReadyToStartContainers', { status: sandbox ? 'True' : 'False' });
  const inits = initSpecs.filter((c) => c.restartPolicy !== 'Always');
  const initStatuses = (st.initContainerStatuses ?? []) as J[];
  const pendingInit = inits.filter((c) => !initStatuses.find((s) => s.name === c.name)?.state?.terminated).map((c) => c.name);
  out.set('Initialized', completed ? { status: 'True', reason: 'PodCompleted' }
    : pendingInit.length ? { status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${pendingInit.join(' ')}]` }
      : { status: 'True' });
  const sidecars = initSpecs.filter((c) => c.restartPolicy === 'Always');
  const unready = [...unreadyNames(initStatuses, sidecars), ...unreadyNames((st.containerStatuses ?? []) as J[], (spec.containers ?? []) as J[])];
  const containers: Cond = completed ? { status: 'False', reason: 'PodCompleted' }
    : failed ? { status: 'False', reason: 'PodFailed' }
    : unready.length ? { status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` }
      : { status: 'True' };
  const gates = gatesMessage(pod);
  out.set('Ready', containers.status === 'True' && gates ? { status: 'False', reason: 'ReadinessGatesNotReady', message: gates } : containers);
  out.set('ContainersReady', containers);
  out.set('PodScheduled', { status: 'True' });
  return out;
}

function randomPod(rnd: SeededRandom): KObject {
  const names = ['a', 'b', 'c', 'd'];
  const pick = <T>(xs: T[]) => xs[rnd.int(xs.length)];
  const some = (n: number) => Array.from({ length: rnd.int(n + 1) }, (_, i) => ({ name: `${pick(names)}${i % 2}` }));
  const inits = some(3).map((c) => (rnd.int(2) ? { ...c, restartPolicy: 'Always' } : c));
  const containers = some(3);
  const status = (c: J): J => {
    const s: J = { name: c.name };
    if (rnd.int(2)) s.ready = true;
    if (rnd.int(3) === 0) s.state = { terminated: { exitCode: 0 } };
    else if (rnd.int(2)) s.state = { running: {} };
    return s;
  };
  const st: J = {
    phase: pick(['Pending', 'Running', 'Succeeded', 'Failed', undefined]),
    initContainerStatuses: rnd.int(4) ? inits.filter(() => rnd.int(4)).map(status) : undefined,
    containerStatuses: rnd.int(4) ? containers.filter(() => rnd.int(4)).map(status) : undefined,
    conditions: rnd.int(2) ? [{ type: 'x/gate', status: pick(['True', 'False']) }] : [],
  };
  if (rnd.int(2)) st.podIPs = rnd.int(3) ? [{ ip: '10.0.0.1' }] : [];
  const spec: J = { containers, initContainers: rnd.int(3) ? inits : undefined };
  if (rnd.int(3) === 0) spec.readinessGates = [{ conditionType: 'x/gate' }];
  return { metadata: { name: 'p' }, spec, status: st };
}

describe('kubeletConditions', () => {
  it('equals the reference on 5,000 seeded pods', () => {
    const rnd = new SeededRandom(16);
    const messages = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const pod = randomPod(rnd);
      const got = kubeletConditions(pod);
      expect([...got]).toEqual([...reference(pod)]);
      for (const c of got.values()) if (c.message) messages.add(c.message);
    }
    // The runs reached the interesting wordings (several names, both kinds of init container).
    expect([...messages].some((m) => /incomplete status: \[\S+ \S+/.test(m))).toBe(true);
    expect([...messages].some((m) => /unready status: \[\S+ \S+ \S+/.test(m))).toBe(true);
    expect([...messages].some((m) => m.includes('readiness gate'))).toBe(true);
  });
});
