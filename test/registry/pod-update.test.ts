// Pod spec immutability on update and binding (the apiserver's ValidatePodUpdate: only container
// images, activeDeadlineSeconds, terminationGracePeriodSeconds, added tolerations and removed
// scheduling gates may change; pods/binding is the one way to set nodeName). The check compares the
// specs in place; a seeded run holds it to the straightforward clone-delete-compare reference.
import { describe, expect, it } from 'vitest';
import { pods } from '../../src/registry/kinds/pods.js';
import type { KObject } from '../../src/machinery/types.js';
import { jsonEqual } from '../../src/util/copy.js';

const ctx = (subresource: string) => ({ now: 0, subresource, warn: () => {} });
const pod = (spec: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec });
const base = () => ({
  containers: [{ name: 'app', image: 'nginx:1', ports: [{ containerPort: 80 }] }],
  initContainers: [{ name: 'init', image: 'busybox:1' }],
  tolerations: [{ key: 'a', operator: 'Exists' }],
  schedulingGates: [{ name: 'g1' }, { name: 'g2' }],
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 30,
});
/** Only the immutability check's verdict (validateUpdate also runs the spec validation). */
const forbidden = (next: Record<string, unknown>, prev: Record<string, unknown>, sub = '') =>
  pods.validateUpdate!(pod(next), pod(prev), ctx(sub)).some((e) => e.type === 'FieldValueForbidden' && e.field === 'spec');

describe('pod update: what may change', () => {
  const cases: [string, (s: any) => void, boolean, string?][] = [
    ['nothing', () => {}, false],
    ['a container image', (s) => { s.containers[0].image = 'nginx:2'; }, false],
    ['an init container image', (s) => { s.initContainers[0].image = 'busybox:2'; }, false],
    ['activeDeadlineSeconds', (s) => { s.activeDeadlineSeconds = 10; }, false],
    ['terminationGracePeriodSeconds', (s) => { s.terminationGracePeriodSeconds = 5; }, false],
    ['a toleration added', (s) => { s.tolerations.push({ key: 'b', operator: 'Exists' }); }, false],
    ['a toleration removed', (s) => { s.tolerations = []; }, true],
    ['a scheduling gate removed', (s) => { s.schedulingGates = [{ name: 'g2' }]; }, false],
    ['a scheduling gate added', (s) => { s.schedulingGates.push({ name: 'g3' }); }, true],
    ['a container port', (s) => { s.containers[0].ports[0].containerPort = 81; }, true],
    ['a container name', (s) => { s.containers[0].name = 'other'; }, true],
    ['a container added', (s) => { s.containers.push({ name: 'b', image: 'x' }); }, true],
    ['restartPolicy', (s) => { s.restartPolicy = 'Never'; }, true],
    ['a new field', (s) => { s.hostname = 'h'; }, true],
    ['nodeName by update', (s) => { s.nodeName = 'node-1'; }, true],
    ['nodeName by binding', (s) => { s.nodeName = 'node-1'; }, false, 'binding'],
    ['another field by binding', (s) => { s.nodeName = 'node-1'; s.restartPolicy = 'Never'; }, true, 'binding'],
    ['keys in another order', (s) => { const r = s.restartPolicy; delete s.restartPolicy; s.restartPolicy = r; }, false],
    ['an undefined value for an absent field', (s) => { s.hostname = undefined; }, false],
  ];
  for (const [name, change, isForbidden, sub] of cases) {
    it(`${name} → ${isForbidden ? 'forbidden' : 'allowed'}`, () => {
      const prev = base();
      const next = structuredClone(prev);
      change(next);
      expect(forbidden(next, prev, sub)).toBe(isForbidden);
    });
  }

  it('moving nodeName once set is forbidden even by binding', () => {
    expect(forbidden({ ...base(), nodeName: 'node-2' }, { ...base(), nodeName: 'node-1' }, 'binding')).toBe(true);
  });

  it('status writes never run the check', () => {
    expect(pods.validateUpdate!(pod({ ...base(), restartPolicy: 'Never' }), pod(base()), ctx('status'))).toEqual([]);
  });
});

/** The reference: copy both specs, delete what may change, compare what is left. */
function referenceForbidden(a0: Record<string, any>, b0: Record<string, any>, sub: string): boolean {
  const a = structuredClone(a0);
  const b = structuredClone(b0);
  const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);
  for (const s of [a, b]) {
    for (const c of [...arr(s.containers), ...arr(s.initContainers)]) delete c.image;
    delete s.activeDeadlineSeconds;
    delete s.terminationGracePeriodSeconds;
  }
  const tolOk = arr(b.tolerations).every((t) => arr(a.tolerations).some((n) => jsonEqual(n, t)));
  delete a.tolerations;
  delete b.tolerations;
  const oldGates = arr(b.schedulingGates).map((g) => g.name);
  const gatesOk = arr(a.schedulingGates).every((g) => oldGates.includes(g.name));
  delete a.schedulingGates;
  delete b.schedulingGates;
  if (sub === 'binding' && !b.nodeName) delete a.nodeName;
  return !(jsonEqual(a, b) && tolOk && gatesOk);
}

describe('pod update: the in-place comparison agrees with the reference', () => {
  it('on 3,000 seeded random edits', () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const edits: ((s: any) => void)[] = [
      (s) => { s.containers[rnd(s.containers.length)].image = `img:${rnd(3)}`; },
      (s) => { s.containers[rnd(s.containers.length)].name = `c${rnd(3)}`; },
      (s) => { s.containers.push({ name: `c${rnd(9)}`, image: 'x' }); },
      (s) => { s.initContainers = rnd(2) ? [] : [{ name: 'init', image: `b:${rnd(2)}` }]; },
      (s) => { s.tolerations.push({ key: `k${rnd(3)}`, operator: 'Exists' }); },
      (s) => { s.tolerations = s.tolerations.slice(rnd(2)); },
      (s) => { s.schedulingGates = s.schedulingGates.slice(rnd(3)); },
      (s) => { s.schedulingGates.push({ name: `g${rnd(4)}` }); },
      (s) => { s.nodeName = rnd(2) ? 'node-1' : undefined; },
      (s) => { s.activeDeadlineSeconds = rnd(100); },
      (s) => { s.terminationGracePeriodSeconds = rnd(60); },
      (s) => { s.restartPolicy = rnd(2) ? 'Always' : 'Never'; },
      (s) => { s.containers[0].ports = rnd(2) ? [{ containerPort: 80 }] : undefined; },
      (s) => { s.containers[0].image = undefined; },
      (s) => { delete s.containers; },
    ];
    let disagreements = 0;
    let forbiddenSeen = 0;
    for (let i = 0; i < 3000; i++) {
      const prev: any = base();
      if (rnd(3) === 0) prev.nodeName = 'node-1';
      const next = structuredClone(prev);
      for (let k = rnd(3) + 1; k > 0; k--) edits[rnd(edits.length)](next.containers ? next : { ...next, containers: [{ name: 'x' }] });
      const sub = rnd(2) ? 'binding' : '';
      const got = forbidden(next, prev, sub);
      if (got !== referenceForbidden(next, prev, sub)) disagreements++;
      if (got) forbiddenSeen++;
    }
    expect(disagreements).toBe(0);
    // Both verdicts occur often enough for the comparison to mean something.
    expect(forbiddenSeen).toBeGreaterThan(300);
    expect(forbiddenSeen).toBeLessThan(2700);
  });
});
