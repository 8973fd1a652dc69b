// EndpointSlice validation remembers endpoints kept, by identity and place, from the stored plain
// frozen version as valid for their address type. Seeded updates that keep, replace, move and break
// endpoints (and change the address type) must be refused or accepted exactly as validating fresh
// copies says, with the same causes.
import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../src/machinery/status.js';
import { validateEndpointSlice } from '../../src/registry/kinds/endpointslice-validation.js';
import type { KObject } from '../../src/machinery/types.js';
import { clone } from '../../src/util/copy.js';
import { SeededRandom } from '../../src/util/random.js';
import { builtinRegistry } from '../helpers/kinds.js';

type J = Record<string, any>;
const pick = <T>(rnd: SeededRandom, xs: readonly T[]): T => xs[rnd.int(xs.length)];

function endpoint(rnd: SeededRandom, i: number): J {
  const ip = pick(rnd, [`10.0.${i >> 8}.${(i & 255) || 1}`, `10.1.0.${rnd.int(250) + 1}`, '127.0.0.1', 'not-an-ip', 'fd00::5', '169.254.1.1']);
  const ep: J = { addresses: [ip], conditions: { ready: rnd.int(2) === 0 } };
  if (rnd.int(5) === 0) ep.nodeName = pick(rnd, ['node-1', 'Bad_Node']);
  return ep;
}

function expected(body: J, old: KObject): string[] {
  const errs = validateEndpointSlice(clone(body) as KObject).map((e) => `${e.field}: ${e.type}`);
  if (body.addressType !== old.addressType) errs.push('addressType: FieldValueInvalid');
  return errs;
}

describe('EndpointSlice validation with remembered endpoints', () => {
  it('refuses and accepts exactly what validating fresh copies does (seeded)', () => {
    const r = builtinRegistry();
    r.create(r.resource('', 'namespaces'), '', { metadata: { name: 'd' } });
    const slices = r.resource('discovery.k8s.io', 'endpointslices');
    r.create(slices, 'd', {
      metadata: { name: 's' }, addressType: 'IPv4', ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
      endpoints: Array.from({ length: 20 }, (_, i) => ({ addresses: [`10.0.0.${i + 1}`], conditions: { ready: true } })),
    });
    const rnd = new SeededRandom(9);
    let refused = 0;
    let accepted = 0;
    for (let step = 0; step < 300; step++) {
      const cur = r.get(slices, 'd', 's').obj;
      const eps = [...(cur.endpoints as J[])];
      for (let n = rnd.int(3); n > 0; n--) {
        const op = rnd.int(4);
        const at = rnd.int(eps.length + 1);
        if (op === 0) eps.splice(at, 0, endpoint(rnd, step));
        else if (op === 1 && eps.length > 1) eps.splice(at % eps.length, 1);
        else if (op === 2 && eps.length) eps[at % eps.length] = endpoint(rnd, step);
        else eps.reverse();
      }
      const body: J = { ...cur, metadata: { ...cur.metadata }, endpoints: eps };
      if (rnd.int(20) === 0) body.addressType = 'IPv6';
      const want = expected(body, cur);
      try {
        r.update(slices, 'd', 's', body);
        expect(want).toEqual([]);
        accepted++;
      } catch (e) {
        if (!isStatusError(e)) throw e;
        expect(e.code).toBe(422);
        expect((e.status.details?.causes ?? []).map((c) => `${c.field}: ${c.reason}`)).toEqual(want);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(20);
    expect(accepted).toBeGreaterThan(20);
  });
});
