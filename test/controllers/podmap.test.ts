// PodServiceMap answers exactly what servicesForPodEvent (a list of the namespace's Services per
// event) answers, in the same order, while Services and pods come and go at random.
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type Kubesim } from '../../src/app.js';
import { endpointFieldsText, PodServiceMap, sameEndpointFields, servicesForPodEvent } from '../../src/controllers/podmap.js';
import type { KObject } from '../../src/machinery/types.js';
import type { StoreEvent } from '../../src/storage/store.js';
import { SeededRandom } from '../../src/util/random.js';

type R = SeededRandom;
const pick = <T>(r: R, xs: readonly T[]): T => xs[r.int(xs.length)];

const LABELS: Record<string, string>[] = [{}, { app: 'a' }, { app: 'b' }, { app: 'a', tier: 'x' }, { tier: 'x' }, { app: 'a', tier: 'y', z: '' }];
const SELECTORS = [undefined, {}, { app: 'a' }, { app: 'b' }, { tier: 'x' }, { app: 'a', tier: 'x' }, { z: '' }, { tier: 'x', app: 'a' }];

let sim: Kubesim | undefined;
afterEach(async () => {
  await sim?.app.close();
  sim = undefined;
});

describe('PodServiceMap', () => {
  it.each([1, 2, 3, 4, 5, 6])('seed %i: same Services, same order, as listing them per event', async (seed) => {
    sim = await buildApp({ seed, simulate: false, controllers: false });
    const r = sim.registry;
    const rnd = new SeededRandom(seed);
    const services = r.resource('', 'services');
    const pods = r.resource('', 'pods');
    for (const ns of ['n1', 'n2']) r.create(r.resource('', 'namespaces'), '', { metadata: { name: ns } });
    const map = new PodServiceMap(r);
    const events: StoreEvent[] = [];
    let several = 0;
    const stop = r.watch(pods, (ev) => {
      events.push(ev);
      const want = servicesForPodEvent(r, ev);
      expect(map.servicesFor(ev)).toEqual(want);
      if (want.length > 1) several++;
    });
    let checked = 0;
    for (let step = 0; step < 300; step++) {
      const ns = pick(rnd, ['n1', 'n2']);
      const name = `s${rnd.int(12)}`;
      const podName = `p${rnd.int(20)}`;
      const op = rnd.int(10);
      if (op < 2) {
        const spec = { selector: pick(rnd, SELECTORS), ports: [{ port: 80 }] };
        if (r.tryGet(services, ns, name)) r.mutate(services, ns, name, (s) => { (s.spec as Record<string, unknown>).selector = spec.selector; });
        else r.create(services, ns, { metadata: { name }, spec });
      } else if (op < 3) {
        if (r.tryGet(services, ns, name)) r.delete(services, ns, name);
      } else if (op < 5) {
        if (r.tryGet(pods, ns, podName)) r.delete(pods, ns, podName, { gracePeriodSeconds: 0 });
      } else if (!r.tryGet(pods, ns, podName)) {
        r.create(pods, ns, { metadata: { name: podName, labels: pick(rnd, LABELS) }, spec: { containers: [{ name: 'c', image: 'i' }] } });
      } else if (op < 8) {
        r.mutate(pods, ns, podName, (p) => { p.metadata.labels = { ...pick(rnd, LABELS) }; });
      } else {
        r.mutate(pods, ns, podName, (p) => { p.status = { ...(p.status ?? {}), podIP: `10.0.0.${rnd.int(200)}` }; }, { subresource: 'status' });
      }
      checked = events.length;
    }
    stop();
    map.stop();
    expect(checked).toBeGreaterThan(100);
    expect(several).toBeGreaterThan(0);
  });
});

describe('sameEndpointFields', () => {
  it('agrees with comparing the JSON text, whatever the key order, undefined and null', () => {
    const r = new SeededRandom(11);
    const maybe = <T>(v: T): T | undefined | null => pick(r, [v, v, undefined, null]);
    const port = () => pick(r, [{ name: 'web', containerPort: 8080 }, { containerPort: 8080, name: 'web' }, { name: 'web', containerPort: 8080, protocol: undefined },
      { name: 'web', containerPort: 8081 }, { containerPort: Number.NaN }]);
    const pod = (): KObject => ({
      metadata: { name: 'p', ...(r.int(3) === 0 ? { deletionTimestamp: maybe('2025-01-01T00:00:00Z') as string | undefined } : {}) },
      spec: {
        nodeName: maybe(pick(r, ['n1', 'n2'])), hostname: maybe('h'), subdomain: maybe('s'),
        containers: pick(r, [[], [{ name: 'c', ports: maybe([port()]) }], [{ name: 'c', ports: [port(), port()] }]]),
        ...(r.int(2) ? { initContainers: [{ name: 'i', restartPolicy: maybe('Always'), ports: maybe([port()]) }] } : {}),
      },
      status: {
        phase: maybe(pick(r, ['Running', 'Pending'])), podIP: maybe(pick(r, ['10.0.0.1', '10.0.0.2'])),
        podIPs: maybe(pick(r, [[{ ip: '10.0.0.1' }], [{ ip: '10.0.0.2' }], []])),
        conditions: pick(r, [[], [{ type: 'Ready', status: pick(r, ['True', 'False']), lastTransitionTime: maybe(pick(r, ['t1', 't2'])) }],
          [{ type: 'PodScheduled', status: 'True', lastTransitionTime: pick(r, ['t1', 't2']) }]]),
      },
    });
    // A variant of a pod: the same fields reordered, undefined where they were absent, null for
    // undefined, or one value changed; or a shallow copy sharing its spec or status.
    const reorder = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).reverse());
    const variant = (a: KObject): KObject => {
      // Versions that share parts with the one before (as stored versions do): the same spec, or the same status.
      const st = a.status as Record<string, any>;
      const sp = a.spec as Record<string, any>;
      const sharing = r.int(5);
      if (sharing === 2) {
        // A readiness flip (or another condition's status changing), nothing else.
        const conditions = (st.conditions as Record<string, any>[]).map((c) => ({ ...c, status: c.status === 'True' ? 'False' : 'True' }));
        return { ...a, status: { ...st, conditions } };
      }
      if (sharing === 0) return { ...a, status: { ...st, ...(r.int(2) ? { phase: 'Failed' } : {}) } };
      if (sharing === 1) return { ...a, spec: { ...sp, ...(r.int(2) ? { nodeName: 'n9' } : {}) } };
      const b = structuredClone(a) as KObject & { spec: Record<string, any>; status: Record<string, any> };
      switch (r.int(6)) {
        case 0: b.spec.containers = b.spec.containers.map((c: Record<string, any>) => ({ ...c, ports: c.ports?.map(reorder) })); break;
        case 1: b.spec.hostname = b.spec.hostname ?? undefined; b.metadata.labels = undefined; break;
        case 2: if (b.status.podIP === undefined) b.status.podIP = null; break;
        case 3: b.status.phase = 'Failed'; break;
        case 4: b.status = reorder(b.status); break;
        default: break;
      }
      return b;
    };
    let same = 0;
    for (let i = 0; i < 5000; i++) {
      const a = pod();
      const b = r.int(3) === 0 ? pod() : variant(a);
      const want = endpointFieldsText(a) === endpointFieldsText(b);
      expect(sameEndpointFields(a, b), `${endpointFieldsText(a)} vs ${endpointFieldsText(b)}`).toBe(want);
      if (want) same++;
    }
    expect(same).toBeGreaterThan(20);
  });
});
