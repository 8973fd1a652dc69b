// The Endpoints controller writes frozen copies of its remembered addresses, made once per address
// object and reused while the pod is unchanged (controller.ts storedCopy). Property: after random pod
// changes, the stored subsets are exactly what the full planner builds from every pod, the stored
// object is plain JSON frozen all the way down, and the remembered state was not frozen by the write.
import { describe, expect, it } from 'vitest';
import { bootstrap } from '../../../src/bootstrap.js';
import { EndpointsController } from '../../../src/controllers/endpoints/controller.js';
import { planEndpoints } from '../../../src/controllers/endpoints/planner.js';
import type { Endpoints, Pod, Service } from '../../../src/controllers/endpoints/types.js';
import type { KObject } from '../../../src/machinery/types.js';
import { Registry } from '../../../src/registry/registry.js';
import { SeededRandom } from '../../../src/util/random.js';
import { builtinRegistry } from '../../helpers/kinds.js';

function setup(): { r: Registry; ctl: EndpointsController } {
  const r = builtinRegistry({ random: new SeededRandom(7), validate: true });
  bootstrap(r, ['10.96.0.0/16']);
  return { r, ctl: new EndpointsController(r, 0) };
}

function deeplyFrozen(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return true;
  return Object.isFrozen(v) && Object.values(v).every(deeplyFrozen);
}

describe('EndpointsController writes', () => {
  it('stores what the full planner builds, frozen, for random pod changes', async () => {
    const { r, ctl } = setup();
    const pods = r.resource('', 'pods');
    const services = r.resource('', 'services');
    const endpoints = r.resource('', 'endpoints');
    r.create(services, 'default', {
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'web' }] },
    });
    const rnd = new SeededRandom(11);
    const live = new Set<string>();
    let seq = 0;
    const setStatus = (name: string) => {
      r.mutate(pods, 'default', name, (p) => {
        const ip = `10.1.${rnd.int(4)}.${rnd.int(250) + 1}`;
        p.status = {
          phase: 'Running', podIP: ip, podIPs: [{ ip }],
          conditions: [{ type: 'Ready', status: rnd.int(4) === 0 ? 'False' : 'True' }],
        };
      }, { subresource: 'status' });
    };
    let writes = 0;
    r.watch(endpoints, () => writes++);
    for (let step = 0; step < 60; step++) {
      for (let n = 1 + rnd.int(6); n > 0; n--) {
        const op = rnd.int(10);
        const names = [...live];
        if (op < 4 || names.length < 3) {
          const name = `p${seq++}`;
          // Some pods do not name the port: the state then repacks every pod (desiredSubsets).
          const ports = rnd.int(8) === 0 ? [] : [{ name: 'web', containerPort: 8080 + rnd.int(2) }];
          r.create(pods, 'default', {
            metadata: { name, labels: { app: 'web' } },
            spec: { nodeName: `node-${rnd.int(3)}`, containers: [{ name: 'c', image: 'nginx', ports }] },
          });
          live.add(name);
          if (rnd.int(3) > 0) setStatus(name);
        } else if (op < 8) {
          setStatus(names[rnd.int(names.length)]);
        } else {
          const name = names[rnd.int(names.length)];
          r.delete(pods, 'default', name, { gracePeriodSeconds: 0 });
          live.delete(name);
        }
      }
      await ctl.idle();
      const svc = r.get(services, 'default', 'web').obj as unknown as Service;
      const all = r.list(pods, 'default').items.map((p) => p.obj as unknown as Pod);
      const stored = r.tryGet(endpoints, 'default', 'web')?.obj as unknown as Endpoints | undefined;
      expect(stored).toBeDefined();
      const want = planEndpoints(svc, all, undefined).endpoints!;
      expect(JSON.stringify(stored!.subsets ?? null)).toBe(JSON.stringify(want.subsets ?? null));
      expect(deeplyFrozen(stored)).toBe(true);
      expect(JSON.parse(JSON.stringify(stored))).toEqual(stored);
    }
    expect(writes).toBeGreaterThan(20);
    // The controller's remembered addresses stay its own: a write froze copies, not them.
    const state = (ctl as unknown as { states: Map<string, { subsets(): { addresses?: KObject[] }[] }> }).states.get('default/web');
    const remembered = state!.subsets().flatMap((s) => s.addresses ?? []);
    expect(remembered.length).toBeGreaterThan(0);
    expect(remembered.some((a) => Object.isFrozen(a))).toBe(false);
    ctl.stop();
  });
});
