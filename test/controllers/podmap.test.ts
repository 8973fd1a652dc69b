// PodServiceMap answers exactly what servicesForPodEvent (a list of the namespace's Services per
// event) answers, in the same order, while Services and pods come and go at random.
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type Kubesim } from '../../src/app.js';
import { PodServiceMap, servicesForPodEvent } from '../../src/controllers/podmap.js';
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
