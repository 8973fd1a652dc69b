// Printer columns of custom resources and the JSONPath subset they use. Cases after
// apiextensions-apiserver pkg/registry/customresource/tableconvertor/tableconvertor_test.go and
// k8s.io/client-go/util/jsonpath/jsonpath_test.go.
import { describe, expect, it } from 'vitest';
import { evalJSONPath, isValidJSONPath, printerFor } from '../../src/crd/index.js';
import { evalJSONPathAll } from '../../src/crd/jsonpath.js';

const pod = {
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' } },
  spec: { containers: [{ name: 'a', image: 'nginx', ports: [{ containerPort: 80 }] }, { name: 'b', image: 'redis' }] },
  status: { conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False' }], replicas: 3 },
};

describe('evalJSONPath', () => {
  const cases: Array<[string, unknown]> = [
    ['.metadata.name', 'web'],
    ['{.metadata.name}', 'web'],
    ['$.metadata.name', 'web'],
    ['.spec.containers[0].image', 'nginx'],
    ['.spec.containers[-1].name', 'b'],
    ['.spec.containers[1:2]', { name: 'b', image: 'redis' }],
    ['.spec.containers[*].name', 'a'],
    ['.spec.containers[0].ports[0].containerPort', 80],
    [".metadata.labels['app\\.kubernetes\\.io/name']", undefined],
    [".metadata.labels['app.kubernetes.io/name']", 'web'],
    ['.status.conditions[?(@.type=="Ready")].status', 'False'],
    [".status.conditions[?(@.type == 'PodScheduled')].status", 'True'],
    ['.status.conditions[?(@.status!="True")].type', 'Ready'],
    ['.spec.containers[?(@.ports)].name', 'a'],
    ['..image', 'nginx'],
    ['.status.replicas', 3],
    ['.status.missing', undefined],
    ['.spec.containers[5].name', undefined],
    ['.metadata.*', { 'app.kubernetes.io/name': 'web' }],
  ];
  for (const [path, want] of cases) it(path, () => expect(evalJSONPath(pod, path)).toEqual(want));

  it('returns every match when asked', () => {
    expect(evalJSONPathAll(pod, '.spec.containers[*].name')).toEqual(['a', 'b']);
    expect(evalJSONPathAll({ items: [{ n: 1 }, { n: 5 }, { n: 9 }] }, '.items[?(@.n > 3)].n')).toEqual([5, 9]);
  });

  it('tells unparseable paths apart', () => {
    expect(isValidJSONPath('.spec.replicas')).toBe(true);
    expect(isValidJSONPath('.spec[unclosed')).toBe(false);
    expect(evalJSONPath(pod, '.spec[unclosed')).toBeUndefined();
  });
});

describe('printerFor', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');
  const widget = {
    metadata: { name: 'w1', creationTimestamp: '2026-06-01T11:55:00Z' },
    spec: { replicas: 3, ratio: 1.5, paused: false, owner: 'team-a', selector: { app: 'w', tier: 'fe' }, hosts: ['a', 'b'], since: '2026-06-01T10:00:00Z' },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };

  it('without columns: Name and Age (from creationTimestamp)', () => {
    const p = printerFor(undefined);
    expect(p.columns.map((c) => [c.name, c.type, c.format])).toEqual([['Name', 'string', 'name'], ['Age', 'date', '']]);
    expect(p.columns[1].description).toMatch(/^CreationTimestamp is a timestamp/);
    expect(p.cells(widget, now)).toEqual(['w1', '5m']);
    expect(printerFor([]).columns.map((c) => c.name)).toEqual(['Name', 'Age']);
  });

  it('columns keep their definition; a missing description is the JSONPath', () => {
    const p = printerFor([
      { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas', description: 'wanted replicas' },
      { name: 'Owner', type: 'string', format: 'name', priority: 1, jsonPath: '.spec.owner' },
    ]);
    expect(p.columns.slice(1)).toEqual([
      { name: 'Replicas', type: 'integer', format: '', description: 'wanted replicas', priority: 0 },
      { name: 'Owner', type: 'string', format: 'name', description: 'Custom resource definition column (in JSONPath format): .spec.owner', priority: 1 },
    ]);
  });

  it('cells per type', () => {
    const col = (type: string, jsonPath: string) => ({ name: jsonPath, type, jsonPath });
    const p = printerFor([
      col('integer', '.spec.replicas'), col('integer', '.spec.ratio'), col('number', '.spec.replicas'), col('boolean', '.spec.paused'),
      col('string', '.spec.owner'), col('string', '.spec.replicas'), col('string', '.spec.selector'), col('string', '.spec.hosts'),
      col('date', '.spec.since'), col('date', '.spec.owner'), col('integer', '.spec.owner'), col('string', '.spec.nothing'),
      col('string', '.status.conditions[?(@.type=="Ready")].status'),
    ]);
    expect(p.cells(widget, now)).toEqual([
      'w1', 3, 1, 3, false,
      'team-a', '3', 'map[app:w tier:fe]', '[a b]',
      '120m', '<invalid>', null, null,
      'True',
    ]);
  });
});
