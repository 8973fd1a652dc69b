// A JSON body whose text has no "null" skips the write's walk for nulls (src/http/body.ts marks it,
// Writer.checkSchema asks). Seeded pod bodies, with nulls in places and "null" inside strings, must
// be stored (or refused) exactly as the same bodies parsed without the mark.
import { describe, expect, it } from 'vitest';
import { decodeObjectBody } from '../../src/http/body.js';
import { Registry } from '../../src/registry/registry.js';
import { SeededRandom } from '../../src/util/random.js';
import { builtinRegistry } from '../helpers/kinds.js';

type J = Record<string, any>;
const pick = <T>(rnd: SeededRandom, xs: readonly T[]): T => xs[rnd.int(xs.length)];

function registry(): Registry {
  const r = builtinRegistry({ random: new SeededRandom(3), validate: true });
  r.create(r.resource('', 'namespaces'), '', { metadata: { name: 'd' } });
  return r;
}

function body(rnd: SeededRandom, i: number): J {
  const c: J = { name: 'c', image: pick(rnd, ['nginx', 'nginx', 'redis', 'null', 'nullable:1']) };
  if (rnd.int(5) === 0) c.ports = [pick(rnd, [{ containerPort: 80 }, null, { containerPort: 81, name: null }])];
  if (rnd.int(6) === 0) c.env = [{ name: 'A', value: pick(rnd, ['x', null, 'null']) }];
  const b: J = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, labels: pick(rnd, [{ a: 'b' }, { a: 'c' }, { a: 'd' }, null, { n: 'null' }]) }, spec: { containers: [c] } };
  if (rnd.int(8) === 0) b.spec.nodeSelector = pick(rnd, [null, { k: null }, { k: 'v' }]);
  if (rnd.int(10) === 0) b.status = null;
  return b;
}

describe('null-free JSON bodies', () => {
  it('are written as the same bodies walked for nulls (seeded)', () => {
    const [a, b] = [registry(), registry()];
    const [pa, pb] = [a.resource('', 'pods'), b.resource('', 'pods')];
    const rnd = new SeededRandom(2);
    let skipped = 0;
    for (let i = 0; i < 200; i++) {
      const text = JSON.stringify(body(rnd, i));
      if (!text.includes('null')) skipped++;
      const outcome = (r: Registry, s: typeof pa, decoded: unknown) => {
        try {
          return JSON.stringify(r.create(s, 'd', decoded, { fieldValidation: 'Strict', warnings: [] }).object);
        } catch (e) {
          return `error ${JSON.stringify((e as J).status ?? String(e))}`;
        }
      };
      const viaDecoder = outcome(a, pa, decodeObjectBody('application/json', Buffer.from(text), false));
      const plain = outcome(b, pb, JSON.parse(text));
      expect(viaDecoder).toBe(plain);
    }
    expect(skipped).toBeGreaterThan(20);
    expect(skipped).toBeLessThan(180);
  });
});
