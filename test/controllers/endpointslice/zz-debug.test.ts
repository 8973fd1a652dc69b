import { it } from 'vitest';
import { planService, type Pod } from '../../../src/controllers/endpointslice/index.js';
import { SeededRandom } from '../../../src/util/random.js';
import { FakeSliceStore, makeNode, makePod, makeService, writes } from './helpers.js';
it('debug', () => {
  const svc = makeService({ annotations: { 'service.kubernetes.io/topology-mode': 'Auto' } });
  let bad = 0, total = 0;
  for (let seed = 1; seed <= 3000; seed++) {
    const r = new SeededRandom(seed);
    const zones = 2 + r.int(3);
    const nodes = Array.from({ length: zones + r.int(3) }, (_, i) => makeNode(`n${i}`, `z${i % zones}`, String(1 + r.int(8))));
    const max = 1 + r.int(10);
    const store = new FakeSliceStore();
    let g = 0, st;
    const o = { maxEndpointsPerSlice: max, now: '2025-01-01T00:00:00Z', generateName: (p: string) => `${p}${++g}` };
    let pods: Pod[] = [];
    let idx = 0;
    for (let round = 0; round < 4; round++) {
      pods = pods.filter(() => r.float() > 0.2);
      const add = r.int(25);
      for (let k = 0; k < add; k++) pods.push(makePod(idx++, { node: `n${r.int(nodes.length)}`, ready: r.float() > 0.2 }));
      const p = planService(svc, pods, nodes, store.list(), { ...o, topologyState: st });
      st = p.topologyState; store.apply(p);
      const seq: string[] = [];
      for (let k = 0; k < 3; k++) {
        const q = planService(svc, pods, nodes, store.list(), { ...o, topologyState: st });
        st = q.topologyState; store.apply(q); seq.push(JSON.stringify(writes(q)));
      }
      total++;
      if (seq[0] !== '{"create":0,"update":0,"delete":0}') { bad++; if (bad < 6) console.log('CASE', seed, round, max, seq.join(' ')); }
    }
  }
  console.log('BAD', bad, 'of', total);
});
