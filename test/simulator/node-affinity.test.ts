// Required node affinity in the simulated scheduler and the shared helper the DaemonSet controller
// uses. Cases after k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity_test.go
// (terms ORed, requirements ANDed, empty term matches nothing, matchFields on metadata.name).
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../src/machinery/types.js';
import { nodeMatchesPod } from '../../src/controllers/workloads/node-affinity.js';
import { ClusterView, schedulePod } from '../../src/simulator/index.js';
import { readyConditions } from '../../src/simulator/nodes.js';

type J = Record<string, any>;

const node = (name: string, labels: Record<string, string> = {}): KObject => ({
  metadata: { name, labels },
  spec: {},
  status: { allocatable: { cpu: '2', memory: '4Gi', pods: '10' }, conditions: readyConditions(0) },
});
const required = (...terms: J[]): J => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });

describe('nodeMatchesPod', () => {
  const n = node('node-2', { disk: 'ssd', gen: '5' });
  it.each([
    { name: 'no constraints', spec: {}, want: true },
    { name: 'nodeSelector matches', spec: { nodeSelector: { disk: 'ssd' } }, want: true },
    { name: 'nodeSelector differs', spec: { nodeSelector: { disk: 'hdd' } }, want: false },
    { name: 'In', spec: required({ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd', 'nvme'] }] }), want: true },
    { name: 'NotIn', spec: required({ matchExpressions: [{ key: 'disk', operator: 'NotIn', values: ['ssd'] }] }), want: false },
    { name: 'Exists', spec: required({ matchExpressions: [{ key: 'gen', operator: 'Exists' }] }), want: true },
    { name: 'DoesNotExist', spec: required({ matchExpressions: [{ key: 'gen', operator: 'DoesNotExist' }] }), want: false },
    { name: 'Gt', spec: required({ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] }), want: true },
    { name: 'Lt', spec: required({ matchExpressions: [{ key: 'gen', operator: 'Lt', values: ['4'] }] }), want: false },
    { name: 'matchFields metadata.name', spec: required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }), want: true },
    { name: 'matchFields other node', spec: required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }), want: false },
    { name: 'terms are ORed', spec: required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }, { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }), want: true },
    { name: 'requirements in a term are ANDed', spec: required({ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }), want: false },
    { name: 'an empty term matches nothing', spec: required({}), want: false },
    { name: 'nodeSelector and affinity must both hold', spec: { nodeSelector: { disk: 'hdd' }, ...required({ matchExpressions: [{ key: 'gen', operator: 'Exists' }] }) }, want: false },
  ])('$name', ({ spec, want }) => {
    expect(nodeMatchesPod(spec, n)).toBe(want);
  });
});

describe('the scheduler honours required node affinity', () => {
  it('binds a pod pinned by matchFields to its node only', () => {
    const v = new ClusterView();
    for (const name of ['node-1', 'node-2', 'node-3']) v.setNode(node(name));
    const pod: KObject = {
      metadata: { name: 'ds-x', namespace: 'default', uid: 'u1' },
      spec: { containers: [{ name: 'c', image: 'x' }], ...required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-3'] }] }) },
    };
    expect(schedulePod(pod, v.nodes())).toEqual({ node: 'node-3' });
    const elsewhere = { ...pod, spec: { ...(pod.spec as J), ...required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-9'] }] }) } };
    expect(schedulePod(elsewhere, v.nodes()).node).toBeUndefined();
  });
});
