// The decoded form of stored managedFields is remembered for recent writes only (a bounded memo,
// managed.ts): after thousands of other writes an object's entries decode to the same sets and
// re-encode to the very same (reused, frozen) entries, as when the memo still held them.
import { describe, expect, it } from 'vitest';
import { decodeManagedFields, decodeStoredManagedFields, encodeManagedFieldsReusing, type Managed } from '../../src/machinery/patch/managed.js';
import { FieldSet } from '../../src/machinery/patch/fieldset.js';
import { SeededRandom } from '../../src/util/random.js';

function managedFor(i: number, rnd: SeededRandom): Managed {
  const m: Managed = new Map();
  const spec = FieldSet.fromFieldsV1({ 'f:spec': { 'f:nodeName': {} } });
  m.set('{"manager":"kube-scheduler","operation":"Update","apiVersion":"v1","subresource":"binding"}',
    { manager: 'kube-scheduler', operation: 'Update', apiVersion: 'v1', subresource: 'binding', set: spec, time: '2026-01-01T00:00:00Z' });
  const ip = `10.${rnd.int(256)}.${rnd.int(256)}.${i % 256}`;
  const status = FieldSet.fromFieldsV1({ 'f:status': { 'f:podIP': {}, 'f:podIPs': { '.': {}, [`k:{"ip":"${ip}"}`]: { '.': {}, 'f:ip': {} } } } });
  m.set('{"manager":"kubelet","operation":"Update","apiVersion":"v1","subresource":"status"}',
    { manager: 'kubelet', operation: 'Update', apiVersion: 'v1', subresource: 'status', set: status, time: '2026-01-01T00:00:01Z' });
  return m;
}

describe('decodeStoredManagedFields after the memo moved on', () => {
  it('decodes the same sets and reuses the stored entries', () => {
    const rnd = new SeededRandom(21);
    const stored = Array.from({ length: 12_000 }, (_, i) => encodeManagedFieldsReusing(managedFor(i, rnd), new Map()));
    for (const i of [0, 1, 5_000, 11_999]) {
      const entries = stored[i];
      const d = decodeStoredManagedFields(entries)!;
      const fresh = decodeManagedFields(entries)!;
      expect([...d.managed.keys()]).toEqual([...fresh.keys()]);
      for (const [id, m] of d.managed) expect(m.set.covers(fresh.get(id)!.set) && fresh.get(id)!.set.covers(m.set)).toBe(true);
      const again = encodeManagedFieldsReusing(d.managed, d.entryOf);
      expect(again).toHaveLength(entries.length);
      again.forEach((e, k) => expect(e).toBe(entries[k]));
      expect(JSON.stringify(again)).toBe(JSON.stringify(entries));
    }
  });
});
