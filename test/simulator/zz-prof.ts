import { harness, simplePod } from './helpers.js';
const h = harness({ seed: { nodes: 100 }, events: false });
let t = Date.now();
for (let i = 0; i < 10000; i++) h.createPod(simplePod(`p${i}`));
console.log('create', Date.now() - t); t = Date.now();
h.clock.advance(100);
console.log('rest', Date.now() - t);
