// Watch history is compacted like etcd's: every interval, what is older than the revision of one
// interval ago goes; resuming from before it is 410 Expired, from after it works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type Kubesim } from '../../src/app.js';
import { FakeClock } from '../../src/util/clock.js';

let sim: Kubesim;
let clock: FakeClock;
beforeAll(async () => {
  clock = new FakeClock();
  sim = await buildApp({ simulate: false, seed: 4, clock, compactionIntervalMs: 60_000 });
});
afterAll(() => sim.app.close());

const cms = () => sim.registry.resource('', 'configmaps');

describe('watch history compaction', () => {
  it('drops history older than one interval, and answers 410 to a watch from before it', async () => {
    const first = sim.registry.create(cms(), 'default', { metadata: { name: 'a' }, data: { v: '0' } }).stored!.rv;
    for (let i = 1; i <= 5; i++) sim.registry.mutate(cms(), 'default', 'a', (o) => { o.data = { v: String(i) }; });
    const log = sim.store.log('configmaps');
    expect(log.since(first)).toHaveLength(5);
    clock.advance(60_000); // first tick: compacts to the revision of the start (nothing of ours)
    expect(log.since(first)).toHaveLength(5);
    const mid = sim.store.currentRevision;
    sim.registry.mutate(cms(), 'default', 'a', (o) => { o.data = { v: 'later' }; });
    clock.advance(60_000); // second tick: everything up to `mid` goes
    expect(log.since(first)).toBeUndefined();
    expect(log.since(mid)).toHaveLength(1);
    const res = await sim.app.inject({ method: 'GET', url: `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${first}` });
    expect(JSON.parse(res.body.trim())).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
  });
});
