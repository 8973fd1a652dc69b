// Remembered values of the managedFields path held to what they stand for (seeded): rfc3339's last
// second, and the frozen, shared empty object a create is compared against.
import { describe, expect, it } from 'vitest';
import { emptyObject, frozenEmptyObject } from '../../../src/machinery/patch/meta.js';
import { rfc3339 } from '../../../src/machinery/patch/values.js';
import { pods } from '../../../src/registry/kinds/pods.js';
import { controllerrevisions } from '../../../src/registry/kinds/controllerrevisions.js';
import { SeededRandom } from '../../../src/util/random.js';

const ref = (now: Date | number | string) => (now instanceof Date ? now : new Date(now)).toISOString().replace(/\.\d+Z$/, 'Z');

describe('rfc3339', () => {
  it('formats like toISOString without fractions, in any order of times and input types (seeded)', () => {
    const rnd = new SeededRandom(3339);
    let t = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 20_000; i++) {
      t += [0, 1, 999, 1000, -1, -1500, 86_400_000][rnd.int(7)];
      const v = [t, new Date(t), new Date(t).toISOString(), -t, t + 0.5][rnd.int(5)];
      expect(rfc3339(v)).toBe(ref(v));
    }
  });
});

describe('frozenEmptyObject', () => {
  it('equals a fresh emptyObject, is frozen all through and built once per type, apiVersion and kind', () => {
    for (const [t, kind] of [[pods.patch, 'Pod'], [controllerrevisions.patch, 'ControllerRevision'], [undefined, 'Foo']] as const) {
      const got = frozenEmptyObject('v1', kind, t);
      expect(JSON.stringify(got)).toBe(JSON.stringify(emptyObject('v1', kind, t)));
      if (!t) continue;
      expect(frozenEmptyObject('v1', kind, t)).toBe(got);
      expect(JSON.stringify(frozenEmptyObject('v2', kind, t))).toBe(JSON.stringify(emptyObject('v2', kind, t)));
      const walk = (v: unknown): void => {
        if (typeof v !== 'object' || v === null) return;
        expect(Object.isFrozen(v)).toBe(true);
        for (const x of Object.values(v)) walk(x);
      };
      walk(got);
    }
  });
});
