import { describe, expect, it } from 'vitest';
import { FieldSet, pathString } from '../../../src/machinery/patch/index.js';

describe('FieldSet', () => {
  const fieldsV1 = {
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': {
      'f:containers': {
        'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } },
      },
    },
    'f:metadata2': {},
  };

  it('round-trips FieldsV1 (with "." first and keys in path order)', () => {
    const set = FieldSet.fromFieldsV1(fieldsV1);
    expect(set.toFieldsV1()).toEqual(fieldsV1);
    expect(JSON.stringify(set.toFieldsV1())).toBe(JSON.stringify({
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:metadata2': {},
      'f:spec': fieldsV1['f:spec'],
    }));
  });

  it('knows its members', () => {
    const set = FieldSet.fromFieldsV1(fieldsV1);
    expect(set.has(['f:metadata', 'f:labels'])).toBe(true);
    expect(set.has(['f:metadata'])).toBe(false);
    expect(set.has(['f:spec', 'f:containers', 'k:{"name":"nginx"}', 'f:image'])).toBe(true);
    expect(set.paths().map(pathString)).toEqual([
      '.metadata2', '.metadata.labels', '.metadata.labels.app',
      '.spec.containers[name="nginx"]', '.spec.containers[name="nginx"].image', '.spec.containers[name="nginx"].name',
      '.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"]',
      '.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"].containerPort',
    ]);
  });

  it('prints set items and indices as fieldpath does', () => {
    expect(pathString(['f:metadata', 'f:finalizers', 'v:"a/b"'])).toBe('.metadata.finalizers[="a/b"]');
    expect(pathString(['f:spec', 'f:list', 'i:3'])).toBe('.spec.list[3]');
  });

  it('set algebra', () => {
    const a = FieldSet.of(['f:a'], ['f:b', 'f:c'], ['f:b', 'f:d']);
    const b = FieldSet.of(['f:b', 'f:c'], ['f:e']);
    expect(a.union(b).paths().map(pathString)).toEqual(['.a', '.e', '.b.c', '.b.d']);
    expect(a.intersection(b).paths().map(pathString)).toEqual(['.b.c']);
    expect(a.difference(b).paths().map(pathString)).toEqual(['.a', '.b.d']);
    // difference removes members only; recursiveDifference removes whole subtrees.
    const parent = FieldSet.of(['f:b']);
    expect(a.difference(parent).paths().map(pathString)).toEqual(['.a', '.b.c', '.b.d']);
    expect(a.recursiveDifference(parent).paths().map(pathString)).toEqual(['.a']);
    expect(new FieldSet().isEmpty()).toBe(true);
    expect(FieldSet.of(['f:x', 'f:y']).difference(FieldSet.of(['f:x', 'f:y'])).isEmpty()).toBe(true);
  });
});
