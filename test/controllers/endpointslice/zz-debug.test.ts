import { it } from 'vitest';
import { runScenario } from './idempotency.test.js';
it('debug', () => {
  const seed = Number(process.env.SEED);
  try {
    runScenario(seed, (info) => {
      if (info.phase === 'before-check') return;
      const again = info.again as any;
      if (again.update.length || again.create.length || again.delete.length) {
        const svc = info.svc as any;
        console.log(JSON.stringify({ round: info.round, ann: svc.metadata.annotations, fam: svc.spec.ipFamilies, nodes: (info.nodes as any[]).map((n) => [n.metadata.name, n.metadata.labels, n.status.allocatable.cpu, n.status.conditions[0].status]) }));
        for (const s of info.slices as any[]) console.log('BEFORE', s.metadata.name, s.addressType, JSON.stringify(s.endpoints?.map((e: any) => [e.targetRef.name, e.conditions.ready, e.zone, e.hints?.forZones?.[0]?.name])));
        for (const s of again.update) console.log('AFTER ', s.metadata.name, JSON.stringify(s.endpoints?.map((e: any) => [e.targetRef.name, e.conditions.ready, e.zone, e.hints?.forZones?.[0]?.name])));
        console.log('EVENTS', JSON.stringify(again.events));
      }
    });
  } catch (e) { console.log(String(e).slice(0, 300)); }
});
