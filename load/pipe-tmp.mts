import { runPipeline } from './lib/pipeline.js';
const seconds = Number(process.argv[2] ?? 5);
const runs = Number(process.argv[3] ?? 1);
for (let i = 0; i < runs; i++) {
  const r = await runPipeline({ connections: 16, seconds, services: 1, capacityPods: 2500 * seconds, warmPods: 500, log: () => {} });
  console.log(`${r.podsPerSec.toFixed(0)} pods/s; cpu ${(r.cpuMs * 1000 / r.pods).toFixed(0)} µs/pod (sys ${(r.cpuSystemMs * 1000 / r.pods).toFixed(0)}); busy ${r.busyUsPerPod.toFixed(0)}; converge ${r.convergeMs.toFixed(0)} ms; ${r.pods} pods`);
  await r.sim.close();
}
process.exit(0);
