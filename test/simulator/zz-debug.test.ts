import { it } from 'vitest';
import { harness, simplePod } from './helpers.js';
it('dbg', () => {
  const h = harness({ seed: { nodes: 100 }, events: false });
  let t = Date.now();
  for (let i = 0; i < 10000; i++) h.createPod(simplePod(`p${i}`));
  console.log('create', Date.now() - t); t = Date.now();
  h.clock.advance(10);
  console.log('schedule', Date.now() - t); t = Date.now();
  h.clock.advance(20);
  console.log('init', Date.now() - t); t = Date.now();
  h.clock.advance(40);
  console.log('start', Date.now() - t); t = Date.now();
  h.clock.advance(20);
  console.log('ready', Date.now() - t); t = Date.now();
});
