// A registry like buildApp's (kinds, schemas, system namespaces) with a FakeClock, without HTTP or
// the other controllers, so simulator tests see only the simulator's writes.
import type { KObject } from '../../src/machinery/types.js';
import { bootstrap } from '../../src/bootstrap.js';
import { Registry } from '../../src/registry/registry.js';
import { seedNodes, startSimulator, type SeedNodesOptions, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { FakeClock } from '../../src/util/clock.js';
import { SeededRandom } from '../../src/util/random.js';
import { builtinRegistry } from '../helpers/kinds.js';

export interface Harness {
  r: Registry;
  clock: FakeClock;
  sim: Simulator;
  pod(name: string, ns?: string): KObject | undefined;
  node(name: string): KObject | undefined;
  createPod(body: Record<string, unknown>, ns?: string): KObject;
  deletePod(name: string, opts?: { gracePeriodSeconds?: number }, ns?: string): void;
  events(podName: string): KObject[];
}

export function harness(
  opts: Partial<SimulatorOptions> & { seed?: SeedNodesOptions | false } = {},
): Harness {
  const clock = new FakeClock();
  const random = new SeededRandom(1);
  const r = builtinRegistry({ clock, random, validate: true });
  bootstrap(r, ['10.96.0.0/16']);
  const { seed, ...simOpts } = opts;
  if (seed !== false) seedNodes(r, { ...simOpts, ...(seed ?? {}) });
  const sim = startSimulator(r, { clock, random, ...simOpts });
  const pods = r.resource('', 'pods');
  return {
    r, clock, sim,
    pod: (name, ns = 'default') => r.tryGet(pods, ns, name)?.obj,
    node: (name) => r.tryGet(r.resource('', 'nodes'), '', name)?.obj,
    createPod: (body, ns = 'default') => r.create(pods, ns, { apiVersion: 'v1', kind: 'Pod', ...body }).object,
    deletePod: (name, o = {}, ns = 'default') => void r.delete(pods, ns, name, o),
    events: (podName) => r.list(r.resource('', 'events'), undefined).items.map((x) => x.obj)
      .filter((e) => (e.involvedObject as Record<string, unknown>).name === podName),
  };
}

/**
 * Runs the simulated cluster until nothing is due: from one due time to the next, draining the
 * simulator's work slices in between (as test/simulator/slices.test.ts does step by step).
 */
export async function runUntilIdle(h: Harness, maxSteps = 1000): Promise<void> {
  const tick = () => new Promise((r) => setImmediate(r));
  for (let i = 0; i < maxSteps; i++) {
    for (let k = 0; k < 10_000 && !h.sim.isIdle(); k++) await tick();
    const due = h.sim.nextDue();
    if (due === undefined) return;
    h.clock.advance(Math.max(0, due - h.clock.now()));
  }
}

export function simplePod(name: string, extra: Record<string, unknown> = {}, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    metadata: { name, ...extra },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec },
  };
}

export type J = Record<string, any>;
export const status = (o: KObject | J | undefined): J => (o?.status ?? {}) as J;
export const cond = (o: KObject | J | undefined, type: string): J | undefined =>
  ((status(o).conditions ?? []) as J[]).find((c) => c.type === type);
