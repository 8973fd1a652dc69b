// Strategy.share and util/intern: equal parts of stored objects are kept once (memory), and that
// is invisible: every object reads back as written, and changing one never changes another.
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../helpers/kinds.js';
import { SeededRandom } from '../../src/util/random.js';
import { internJSON, internParts } from '../../src/util/intern.js';
import type { KObject } from '../../src/machinery/types.js';

type J = Record<string, any>;
const pod = (name: string, labels: Record<string, string>, image = 'nginx:1.27'): unknown => ({
  metadata: { name, labels },
  spec: { containers: [{ name: 'app', image, ports: [{ containerPort: 80 }] }] },
});

describe('pods share equal parts', () => {
  const r = builtinRegistry({ random: new SeededRandom(1), validate: true });
  const pods = r.resource('', 'pods');
  r.create(r.resource('', 'namespaces'), '', { metadata: { name: 'default' } });
  const a = r.create(pods, 'default', pod('a', { app: 'x' })).object as J;
  const b = r.create(pods, 'default', pod('b', { app: 'x' })).object as J;
  const c = r.create(pods, 'default', pod('c', { app: 'y' }, 'nginx:1.28')).object as J;

  it('of one template: containers, tolerations and labels are the same frozen objects', () => {
    expect(b.spec.containers).toBe(a.spec.containers);
    expect(b.spec.tolerations).toBe(a.spec.tolerations);
    expect(b.metadata.labels).toBe(a.metadata.labels);
    expect(Object.isFrozen(a.spec.containers)).toBe(true);
    expect(c.spec.containers).not.toBe(a.spec.containers);
    expect(c.spec.containers[0].image).toBe('nginx:1.28');
    expect(c.metadata.labels).toEqual({ app: 'y' });
  });

  it('bound to one node, the whole spec; to another node, not', () => {
    const bind = (name: string, node: string) => r.mutate(pods, 'default', name, (p) => { (p.spec as J).nodeName = node; }, { subresource: 'binding' }).object as J;
    const ba = bind('a', 'n1');
    const bb = bind('b', 'n1');
    const bc = bind('c', 'n1');
    expect(bb.spec).toBe(ba.spec);
    expect(bc.spec).not.toBe(ba.spec);
    expect(ba.spec.nodeName).toBe('n1');
  });

  it('changing one pod leaves the others as they were', () => {
    const before = JSON.stringify(r.get(pods, 'default', 'b').obj);
    r.patch(pods, 'default', 'a', 'merge', { metadata: { labels: { app: 'z' } } });
    const after = r.get(pods, 'default', 'a').obj as J;
    expect(after.metadata.labels).toEqual({ app: 'z' });
    expect(JSON.stringify(r.get(pods, 'default', 'b').obj)).toBe(before);
    expect((r.get(pods, 'default', 'b').obj as J).metadata.labels).toEqual({ app: 'x' });
  });

  it('reads back exactly as an unshared write would: the same JSON text', () => {
    const d = r.create(pods, 'default', pod('d', { app: 'x' })).object as KObject;
    const copy = JSON.parse(JSON.stringify(d)) as J;
    expect(JSON.stringify(d)).toBe(JSON.stringify(copy));
    expect(copy.spec.containers).toEqual([{
      name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: {},
      terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent',
    }]);
  });
});

describe('internJSON', () => {
  it('answers the first equal value seen, frozen; key order counts', () => {
    const first = internJSON({ a: 1, b: [true, null, 'x'] });
    expect(Object.isFrozen(first) && Object.isFrozen(first.b)).toBe(true);
    expect(internJSON({ a: 1, b: [true, null, 'x'] })).toBe(first);
    const other = internJSON({ b: [true, null, 'x'], a: 1 });
    expect(other).not.toBe(first);
    expect(Object.keys(other)).toEqual(['b', 'a']);
  });

  it('leaves a value that is not plain JSON as it is (not shared, not frozen inside)', () => {
    const odd = { a: new Date(0) };
    expect(internJSON(odd)).toBe(odd);
    expect(internJSON({ a: new Date(0) })).not.toBe(odd);
  });
});

describe('internParts', () => {
  it('finds an object of kept parts by its fields: equal such objects are one, anything different is not', () => {
    const part = internJSON({ image: 'x', ports: [80] });
    const list = internJSON([{ key: 'a' }]);
    const one = internParts({ containers: part, tolerations: list, nodeName: 'n1', priority: 0 });
    expect(Object.isFrozen(one)).toBe(true);
    expect(internParts({ containers: part, tolerations: list, nodeName: 'n1', priority: 0 })).toBe(one);
    // A primitive's type, a key's order, another node: other objects.
    expect(internParts({ containers: part, tolerations: list, nodeName: 'n1', priority: '0' })).not.toBe(one);
    expect(internParts({ tolerations: list, containers: part, nodeName: 'n1', priority: 0 })).not.toBe(one);
    expect(internParts({ containers: part, tolerations: list, nodeName: 'n2', priority: 0 })).not.toBe(one);
    // An equal part that is kept is the same part, so the same object.
    expect(internParts({ containers: internJSON({ image: 'x', ports: [80] }), tolerations: list, nodeName: 'n1', priority: 0 })).toBe(one);
  });

  it('falls back to the JSON key when a value is an object not kept (or undefined)', () => {
    const fresh = { containers: { image: 'y' }, nodeName: 'n1' };
    const kept = internParts(fresh);
    expect(kept).toBe(fresh);
    expect(internJSON({ containers: { image: 'y' }, nodeName: 'n1' })).toBe(kept);
    expect(internParts({ containers: { image: 'y' }, nodeName: 'n1' })).toBe(kept);
    const withUndefined = { a: undefined, b: 1 };
    expect(internParts(withUndefined)).toBe(withUndefined);
    expect(JSON.stringify(internParts({ a: undefined, b: 1 }))).toBe('{"b":1}');
  });
});
