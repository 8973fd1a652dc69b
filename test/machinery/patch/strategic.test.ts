import { describe, expect, it } from 'vitest';
import { isStatusError, type StatusError } from '../../../src/machinery/status.js';
import { applyStrategicMergePatch } from '../../../src/machinery/patch/index.js';
import { smpSchemaOf } from '../../helpers/kinds.js';

/** Strategic merge with the patch schema the kind's definition carries (none: 415). */
const smp = <T>(doc: T, patch: unknown, apiVersion: string, kind: string): T =>
  applyStrategicMergePatch(doc, patch, smpSchemaOf(apiVersion, kind));
const supportsStrategicMerge = (apiVersion: string, kind: string) => smpSchemaOf(apiVersion, kind) !== undefined;

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (isStatusError(e)) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...metadata }, spec });
const smpPod = (doc: unknown, patch: unknown) => smp(doc, patch, 'v1', 'Pod');

describe('kubectl client-side apply bodies (spec §8.4)', () => {
  it('ConfigMap: annotation, label and data', () => {
    const live = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm1', labels: { tier: 'w' } }, data: { a: '1', b: '1' } };
    const patch = { metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"x":1}\n' }, labels: { tier: 'x' } }, data: { a: '2' } };
    expect(smp(live, patch, 'v1', 'ConfigMap')).toEqual({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'cm1', labels: { tier: 'x' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"x":1}\n' } },
      data: { a: '2', b: '1' },
    });
  });

  it('Service: $setElementOrder, a changed port, a deleted port, a selector', () => {
    const live = {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' },
      spec: { ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }, { port: 9090, protocol: 'TCP' }], selector: { app: 'web' }, type: 'ClusterIP' },
    };
    const patch = { spec: { '$setElementOrder/ports': [{ port: 80 }], ports: [{ port: 80, targetPort: 8081 }, { $patch: 'delete', port: 9090 }], selector: { app: 'web2' } } };
    const before = structuredClone(live);
    expect(smp(live, patch, 'v1', 'Service')).toEqual({
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' },
      spec: { ports: [{ port: 80, targetPort: 8081, protocol: 'TCP' }], selector: { app: 'web2' }, type: 'ClusterIP' },
    });
    expect(live).toEqual(before);
  });

  it('Pod: $setElementOrder/containers and env: null', () => {
    const live = pod({ containers: [{ name: 'a', image: 'nginx:1', env: [{ name: 'X', value: '1' }] }, { name: 'b', image: 'busybox' }] });
    const patch = { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ env: null, image: 'nginx:2', name: 'a' }] } };
    expect(smpPod(live, patch)).toEqual(pod({ containers: [{ name: 'a', image: 'nginx:2' }, { name: 'b', image: 'busybox' }] }));
  });
});

describe('strategic merge patch rules', () => {
  const cases: Array<{ name: string; live: unknown; patch: unknown; want: unknown; kind?: string }> = [
    { name: 'maps merge recursively and null deletes',
      live: pod({ nodeSelector: { a: '1', b: '2' }, restartPolicy: 'Always' }),
      patch: { spec: { nodeSelector: { b: null, c: '3' }, restartPolicy: null } },
      want: pod({ nodeSelector: { a: '1', c: '3' } }) },
    { name: 'a merge list merges the item with the same key',
      live: pod({ containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80, name: 'http' }] }] }),
      patch: { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 443 }] }] } },
      want: pod({ containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80, name: 'http', hostPort: 8080 }, { containerPort: 443 }] }] }) },
    { name: 'without $setElementOrder new items come first, live-only items keep their order',
      live: pod({ containers: [{ name: 'a' }, { name: 'b' }] }),
      patch: { spec: { containers: [{ name: 'c' }] } },
      want: pod({ containers: [{ name: 'c' }, { name: 'a' }, { name: 'b' }] }) },
    { name: '$setElementOrder puts a new item where the order says',
      live: pod({ containers: [{ name: 'a' }, { name: 'b' }] }),
      patch: { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'c' }, { name: 'b' }], containers: [{ name: 'c', image: 'i' }] } },
      want: pod({ containers: [{ name: 'a' }, { name: 'c', image: 'i' }, { name: 'b' }] }) },
    { name: '$setElementOrder reorders without content changes',
      live: pod({ initContainers: [{ name: 'a' }, { name: 'b' }] }),
      patch: { spec: { '$setElementOrder/initContainers': [{ name: 'b' }, { name: 'a' }] } },
      want: pod({ initContainers: [{ name: 'b' }, { name: 'a' }] }) },
    { name: '$patch: delete removes every item with that key',
      live: pod({ volumes: [{ name: 'v', emptyDir: {} }, { name: 'w', emptyDir: {} }, { name: 'v', emptyDir: {} }] }),
      patch: { spec: { volumes: [{ name: 'v', $patch: 'delete' }] } },
      want: pod({ volumes: [{ name: 'w', emptyDir: {} }] }) },
    { name: '$patch: replace in a list makes the rest the whole list',
      live: pod({ containers: [{ name: 'a', image: 'x' }, { name: 'b' }] }),
      patch: { spec: { containers: [{ name: 'z', image: 'y' }, { $patch: 'replace' }] } },
      want: pod({ containers: [{ name: 'z', image: 'y' }] }) },
    { name: '$patch: replace alone empties a list',
      live: pod({ containers: [{ name: 'a' }] }),
      patch: { spec: { containers: [{ $patch: 'replace' }] } },
      want: pod({ containers: [] }) },
    { name: '$patch: replace in a map replaces it',
      live: pod({ securityContext: { runAsUser: 1, fsGroup: 2 } }),
      patch: { spec: { securityContext: { $patch: 'replace', runAsGroup: 3 } } },
      want: pod({ securityContext: { runAsGroup: 3 } }) },
    { name: '$patch: delete in a map leaves it empty',
      live: pod({ securityContext: { runAsUser: 1 } }),
      patch: { spec: { securityContext: { $patch: 'delete' } } },
      want: pod({ securityContext: {} }) },
    { name: 'a merge list of scalars is unioned (finalizers)',
      live: pod({}, { finalizers: ['a', 'b'] }),
      patch: { metadata: { finalizers: ['b', 'c'] } },
      want: pod({}, { finalizers: ['a', 'b', 'c'] }) },
    { name: '$deleteFromPrimitiveList removes values',
      live: pod({}, { finalizers: ['a', 'b', 'c'] }),
      patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['b', 'zz'] } },
      want: pod({}, { finalizers: ['a', 'c'] }) },
    { name: '$deleteFromPrimitiveList on a missing list adds nothing',
      live: pod({}),
      patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'] } },
      want: pod({}) },
    { name: '$setElementOrder with $deleteFromPrimitiveList (kubectl-generated)', kind: 'Node',
      live: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { podCIDRs: ['10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24'] } },
      patch: { spec: { '$setElementOrder/podCIDRs': ['10.0.1.0/24', '10.0.2.0/24', '10.0.4.0/24'], '$deleteFromPrimitiveList/podCIDRs': ['10.0.3.0/24'], podCIDRs: ['10.0.4.0/24'] } },
      want: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { podCIDRs: ['10.0.1.0/24', '10.0.2.0/24', '10.0.4.0/24'] } } },
    { name: '$retainKeys drops the keys it does not name (volume source switch)',
      live: pod({ volumes: [{ name: 'v', emptyDir: {} }] }),
      patch: { spec: { volumes: [{ $retainKeys: ['hostPath', 'name'], name: 'v', hostPath: { path: '/x' } }] } },
      want: pod({ volumes: [{ name: 'v', hostPath: { path: '/x' } }] }) },
    { name: 'lists without a strategy are replaced (tolerations, command)',
      live: pod({ tolerations: [{ key: 'a' }], containers: [{ name: 'a', command: ['x', 'y'] }] }),
      patch: { spec: { tolerations: [{ key: 'b' }], containers: [{ name: 'a', command: ['z'] }] } },
      want: pod({ tolerations: [{ key: 'b' }], containers: [{ name: 'a', command: ['z'] }] }) },
    { name: 'ownerReferences merge by uid',
      live: pod({}, { ownerReferences: [{ uid: '1', name: 'a', kind: 'ReplicaSet', apiVersion: 'apps/v1' }] }),
      patch: { metadata: { ownerReferences: [{ uid: '2', name: 'b', kind: 'ReplicaSet', apiVersion: 'apps/v1' }] } },
      want: pod({}, { ownerReferences: [{ uid: '2', name: 'b', kind: 'ReplicaSet', apiVersion: 'apps/v1' }, { uid: '1', name: 'a', kind: 'ReplicaSet', apiVersion: 'apps/v1' }] }) },
    { name: 'status conditions merge by type (kubelet-style status patch)',
      live: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] } },
      patch: { status: { '$setElementOrder/conditions': [{ type: 'PodScheduled' }, { type: 'Ready' }], conditions: [{ type: 'Ready', status: 'True' }], podIPs: [{ ip: '10.0.0.5' }], phase: 'Running' } },
      want: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }], podIPs: [{ ip: '10.0.0.5' }] } } },
    { name: 'directives inside new values are obeyed and never stored',
      live: pod({}),
      patch: { spec: { containers: [{ name: 'a', env: [{ name: 'X', value: '1' }, { name: 'Y', $patch: 'delete' }], '$setElementOrder/env': [{ name: 'X' }], resources: null }] } },
      want: pod({ containers: [{ name: 'a', env: [{ name: 'X', value: '1' }] }] }) },
    { name: 'a value of another type replaces', live: pod({ nodeSelector: { a: '1' } }),
      patch: { spec: { nodeSelector: 'x' } }, want: pod({ nodeSelector: 'x' }) },
    { name: 'a null patch changes nothing', live: pod({ a: 1 }), patch: null, want: pod({ a: 1 }) },
  ];
  it.each(cases)('$name', ({ live, patch, want, kind }) => {
    const before = structuredClone(live);
    expect(smp(live, patch, 'v1', kind ?? 'Pod')).toEqual(want);
    expect(live).toEqual(before);
  });

  it('EndpointSlice endpoints and ports are atomic', () => {
    const live = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 's' }, addressType: 'IPv4',
      endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }], ports: [{ port: 80 }] };
    const out = smp(live, { endpoints: [{ addresses: ['10.0.0.3'] }] }, 'discovery.k8s.io/v1', 'EndpointSlice');
    expect(out).toEqual({ ...live, endpoints: [{ addresses: ['10.0.0.3'] }] });
  });
});

describe('strategic merge patch errors', () => {
  it.each([
    ['v1', 'Pod', true], ['v1', 'Service', true], ['v1', 'Endpoints', true], ['v1', 'Node', true],
    ['v1', 'Namespace', true], ['v1', 'Event', true], ['events.k8s.io/v1', 'Event', true], ['v1', 'ConfigMap', true],
    ['v1', 'Secret', true], ['discovery.k8s.io/v1', 'EndpointSlice', true], ['example.com/v1', 'Widget', false],
  ])('supportsStrategicMerge(%s, %s) = %s', (apiVersion, kind, want) => {
    expect(supportsStrategicMerge(apiVersion, kind)).toBe(want);
  });

  it('415 for a kind without patch metadata', () => {
    const e = statusOf(() => smp({}, {}, 'example.com/v1', 'Widget'));
    expect(e.status).toMatchObject({
      code: 415, reason: 'UnsupportedMediaType',
      message: 'the body of the request was in an unknown format - accepted media types include: ' +
        'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    });
  });

  // The real apiserver leaks some of these as 500s without a reason; kubesim answers 400 BadRequest.
  const errors: Array<{ name: string; live?: unknown; patch: unknown; code: number; reason?: string; message: string | RegExp }> = [
    { name: 'not an object', patch: [1], code: 400, reason: 'BadRequest',
      message: 'json: cannot unmarshal array into Go value of type map[string]interface {}' },
    { name: 'unknown $patch in a map', patch: { spec: { securityContext: { $patch: 'merge' } } }, live: pod({ securityContext: {} }),
      code: 400, reason: 'BadRequest', message: 'unknown patch type: merge in map: map[$patch:merge]' },
    { name: '$patch: merge in a list', patch: { spec: { containers: [{ name: 'a', $patch: 'merge' }] } }, live: pod({ containers: [{ name: 'a' }] }),
      code: 400, reason: 'BadRequest', message: 'merging lists cannot yet be specified in the patch' },
    { name: 'item without its merge key', patch: { spec: { containers: [{ image: 'x' }] } }, live: pod({ containers: [{ name: 'a' }] }),
      code: 400, reason: 'BadRequest', message: 'map: map[image:x] does not contain declared merge key: name' },
    { name: '$retainKeys not a list', patch: { spec: { $retainKeys: 'x' } }, code: 400, reason: 'BadRequest', message: 'invalid patch format of retainKeys' },
    { name: 'a key missing from $retainKeys', patch: { spec: { $retainKeys: ['a'], b: 1 } }, code: 400, reason: 'BadRequest', message: 'invalid patch format of retainKeys' },
    { name: 'lists of lists', patch: { spec: { containers: [[1]] } }, live: pod({ containers: [{ name: 'a' }] }), code: 422, reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request' },
    { name: 'patch list out of $setElementOrder', live: pod({ containers: [{ name: 'a' }, { name: 'b' }] }),
      patch: { spec: { '$setElementOrder/containers': [{ name: 'a' }], containers: [{ name: 'b', image: 'x' }] } }, code: 400,
      reason: 'BadRequest', message: /^The order in patch list:/ },
  ];
  it.each(errors)('$name → $code', ({ live, patch, code, reason, message }) => {
    const e = statusOf(() => smpPod(live ?? pod({}), patch));
    expect(e.code).toBe(code);
    expect(e.status.reason).toBe(reason);
    expect(e.message).toMatch(message);
  });
});
