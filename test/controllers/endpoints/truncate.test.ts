import { describe, expect, it } from 'vitest';
import { capacityAnnotationSetCorrectly, truncateSubsets, type EndpointSubset } from '../../../src/controllers/endpoints/index.js';

const addrs = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ ip: `${prefix}.${i}` }));
const subset = (ready: number, notReady: number, tag: string): EndpointSubset => {
  const s: EndpointSubset = { ports: [{ name: tag, port: 80, protocol: 'TCP' }] };
  if (ready) s.addresses = addrs(ready, `r${tag}`);
  if (notReady) s.notReadyAddresses = addrs(notReady, `n${tag}`);
  return s;
};
const counts = (subsets: EndpointSubset[]) => subsets.map((s) => [s.addresses?.length ?? 0, s.notReadyAddresses?.length ?? 0]);

describe('truncateSubsets (1000-address cap, spec §7.2)', () => {
  it.each([
    { name: 'exactly 1000 is left alone', in: [[600, 400]], out: null },
    { name: 'ready first: not-ready fill the room left', in: [[999, 5]], out: [[999, 1]] },
    { name: 'too many ready: every not-ready goes', in: [[1001, 7]], out: [[1000, 0]] },
    // ceil(700/1400×1000)=500, ceil(700/1400×1000)=500
    { name: 'ready shared proportionally over subsets', in: [[700, 1], [700, 2]], out: [[500, 0], [500, 0]] },
    // ceil(1/3×1000)=334 twice, then only 332 left for the last subset
    { name: 'rounding up starves the last subset', in: [[500, 0], [500, 0], [500, 0]], out: [[334, 0], [334, 0], [332, 0]] },
    // 900 ready stay; 100 slots: ceil(30/300×100)=10, ceil(270/300×100)=90
    { name: 'not-ready shared proportionally', in: [[400, 30], [500, 270]], out: [[400, 10], [500, 90]] },
  ])('$name', ({ in: input, out }) => {
    const subsets = input.map(([r, n], i) => subset(r, n, String(i)));
    const result = truncateSubsets(subsets);
    expect(result === null ? null : counts(result)).toEqual(out);
  });

  it('keeps the first addresses in their (sorted) order', () => {
    const result = truncateSubsets([subset(1002, 0, 'a')])!;
    expect(result[0].addresses![0].ip).toBe('ra.0');
    expect(result[0].addresses!.at(-1)!.ip).toBe('ra.999');
  });
});

describe('capacityAnnotationSetCorrectly', () => {
  it.each([
    { annotations: undefined, sizes: [10, 0], ok: true },
    { annotations: { 'endpoints.kubernetes.io/over-capacity': 'truncated' }, sizes: [10, 0], ok: false },
    { annotations: undefined, sizes: [1000, 1], ok: false },
    { annotations: { 'endpoints.kubernetes.io/over-capacity': 'truncated' }, sizes: [1000, 0], ok: false },
  ])('annotations=$annotations sizes=$sizes → $ok', ({ annotations, sizes, ok }) => {
    expect(capacityAnnotationSetCorrectly(annotations, [subset(sizes[0], sizes[1], 'x')])).toBe(ok);
  });
});
