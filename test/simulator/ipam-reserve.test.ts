// PodIPAM.reserve returns early when a pod's addresses are the ones it already holds, before parsing
// them. Held to the previous formulation (canonicalise every address first) with seeded sequences
// of reserve, allocate and release, in canonical and non-canonical spellings.
import { describe, expect, it } from 'vitest';
import { canonicalIP, PodIPAM } from '../../src/simulator/ipam.js';
import { SeededRandom } from '../../src/util/random.js';

/** PodIPAM with reserve as it was: canonical texts first, then the comparison with what is held. */
class ReferenceIPAM extends PodIPAM {
  override reserve(owner: string, ips: readonly string[]): void {
    const self = this as unknown as { byOwner: Map<string, string[]>; inUse: Map<string, string> };
    const canon = ips.map(canonicalIP).filter((x): x is string => x !== undefined);
    const old = self.byOwner.get(owner) ?? [];
    if (old.length === canon.length && old.every((ip, i) => ip === canon[i])) return;
    this.release(owner);
    const held: string[] = [];
    for (const ip of canon) {
      if (self.inUse.has(ip)) continue;
      self.inUse.set(ip, owner);
      held.push(ip);
    }
    if (held.length) self.byOwner.set(owner, held);
  }
}

const SPELLINGS = ['10.0.0.2', '10.0.0.02', '10.0.0.3', '10.0.0.4', 'fd00::2', 'fd00:0::2', 'FD00::3', 'bad', '10.0.0.5'];

describe('PodIPAM.reserve', () => {
  it('holds what the previous formulation held (seeded)', () => {
    for (let seed = 0; seed < 20; seed++) {
      const rnd = new SeededRandom(seed);
      const [a, b] = [new PodIPAM(), new ReferenceIPAM()];
      const owners = ['p1', 'p2', 'p3', 'p4'];
      for (let i = 0; i < 300; i++) {
        const owner = owners[rnd.int(owners.length)];
        const op = rnd.int(10);
        if (op < 6) {
          const ips = Array.from({ length: rnd.int(3) }, () => SPELLINGS[rnd.int(SPELLINGS.length)]);
          a.reserve(owner, ips);
          b.reserve(owner, ips);
        } else if (op < 8) {
          const cidrs = rnd.int(2) ? ['10.0.0.0/29'] : ['10.0.0.0/29', 'fd00::/125'];
          expect(a.allocate(owner, cidrs)).toEqual(b.allocate(owner, cidrs));
        } else {
          a.release(owner);
          b.release(owner);
        }
        expect(a.size).toBe(b.size);
        for (const ip of SPELLINGS) expect(a.holderOf(ip)).toBe(b.holderOf(ip));
      }
    }
  });
});
