// Patch metadata per kind, read from the Go types of k8s.io/api (patchStrategy/patchMergeKey
// tags and +listType/+listMapKey/+mapType/+structType markers) at 1.35. Only fields whose
// merge behaviour differs from the default (objects merge, lists are atomic) are described.
import { atomicList, map, mapList, setList, struct, type SchemaNode, type StructNode } from './schema.js';

const labelSelector = struct({}, true); // metav1.LabelSelector is +structType=atomic

const objectMeta = struct({
  labels: map(),
  annotations: map(),
  finalizers: setList(true),
  ownerReferences: mapList(['uid'], struct({}, true), { mergeKey: 'uid' }),
  managedFields: atomicList(),
});

const keySelector = struct({}, true); // ConfigMapKeySelector / SecretKeySelector are atomic

const envVar = struct({
  valueFrom: struct({ configMapKeyRef: keySelector, secretKeyRef: keySelector }),
});

const container = struct({
  ports: mapList(['containerPort', 'protocol'], struct(), { mergeKey: 'containerPort', keyDefaults: { protocol: 'TCP' } }),
  env: mapList(['name'], envVar, { mergeKey: 'name' }),
  volumeMounts: mapList(['mountPath'], struct(), { mergeKey: 'mountPath' }),
  volumeDevices: mapList(['devicePath'], struct(), { mergeKey: 'devicePath' }),
  resources: struct({ limits: map(), requests: map(), claims: mapList(['name'], struct()) }),
});

const podAffinityTerm = struct({ labelSelector, namespaceSelector: labelSelector });

const podSpec = struct({
  containers: mapList(['name'], container, { mergeKey: 'name' }),
  initContainers: mapList(['name'], container, { mergeKey: 'name' }),
  ephemeralContainers: mapList(['name'], container, { mergeKey: 'name' }),
  volumes: mapList(['name'], struct(), { mergeKey: 'name', retainKeys: true }),
  imagePullSecrets: mapList(['name'], struct(), { mergeKey: 'name' }),
  hostAliases: mapList(['ip'], struct(), { mergeKey: 'ip' }),
  topologySpreadConstraints: mapList(['topologyKey', 'whenUnsatisfiable'], struct({ labelSelector }),
    { mergeKey: 'topologyKey' }),
  schedulingGates: mapList(['name'], struct(), { mergeKey: 'name' }),
  resourceClaims: mapList(['name'], struct(), { mergeKey: 'name', retainKeys: true }),
  nodeSelector: map(undefined, true),
  overhead: map(),
  affinity: struct({
    podAffinity: struct({ requiredDuringSchedulingIgnoredDuringExecution: atomicList(podAffinityTerm) }),
    podAntiAffinity: struct({ requiredDuringSchedulingIgnoredDuringExecution: atomicList(podAffinityTerm) }),
  }),
});

const podStatus = struct({
  conditions: mapList(['type'], struct(), { mergeKey: 'type' }),
  podIPs: mapList(['ip'], struct(), { mergeKey: 'ip' }),
  hostIPs: mapList(['ip'], struct(), { mergeKey: 'ip' }),
  resourceClaimStatuses: mapList(['name'], struct(), { mergeKey: 'name' }),
});

const serviceSpec = struct({
  ports: mapList(['port', 'protocol'], struct(), { mergeKey: 'port', keyDefaults: { protocol: 'TCP' } }),
  selector: map(undefined, true),
});

const serviceStatus = struct({
  conditions: mapList(['type'], struct(), { mergeKey: 'type' }),
});

const nodeSpec = struct({ podCIDRs: setList(true) });

const nodeStatus = struct({
  conditions: mapList(['type'], struct(), { mergeKey: 'type' }),
  addresses: mapList(['type'], struct(), { mergeKey: 'type' }),
  capacity: map(),
  allocatable: map(),
});

const namespaceStatus = struct({
  conditions: mapList(['type'], struct(), { mergeKey: 'type' }),
});

const endpointSlice = {
  endpoints: atomicList(struct({ addresses: setList(false), deprecatedTopology: map() })),
  ports: atomicList(),
};

function kind(fields: Record<string, SchemaNode>): StructNode {
  return struct({ metadata: objectMeta, ...fields });
}

/** Patch metadata for each built-in kind, keyed by `apiVersion/Kind` (`v1/Pod`). */
const kinds: Record<string, StructNode> = {
  'v1/Pod': kind({ spec: podSpec, status: podStatus }),
  'v1/Service': kind({ spec: serviceSpec, status: serviceStatus }),
  'v1/Endpoints': kind({ subsets: atomicList() }),
  'v1/Node': kind({ spec: nodeSpec, status: nodeStatus }),
  'v1/Namespace': kind({ status: namespaceStatus }),
  'v1/Event': kind({}),
  'events.k8s.io/v1/Event': kind({}),
  'discovery.k8s.io/v1/EndpointSlice': kind(endpointSlice),
  'v1/ConfigMap': kind({ data: map(), binaryData: map() }),
  'v1/Secret': kind({ data: map(), stringData: map() }),
  // No merge-keyed lists in these: maps merge, lists are atomic (their upstream patch strategies).
  'v1/ResourceQuota': kind({}),
  'v1/LimitRange': kind({}),
  'coordination.k8s.io/v1/Lease': kind({}),
};

/** Any other kind (custom resources): only ObjectMeta is known, everything else is default. */
const unknownKind: StructNode = kind({});

/** Patch metadata for a kind, or undefined when strategic merge patch is not supported for it. */
export function kindSchema(apiVersion: string, kindName: string): StructNode | undefined {
  return kinds[`${apiVersion}/${kindName}`];
}

/**
 * Whether strategic merge patch is served for this kind. The apiserver answers 415 for
 * kinds without Go struct tags (custom resources) — the caller does that.
 */
export function supportsStrategicMerge(apiVersion: string, kindName: string): boolean {
  return kindSchema(apiVersion, kindName) !== undefined;
}

/** Schema used by server-side apply: built-in kinds as above, others with only ObjectMeta. */
export function applySchema(apiVersion: string, kindName: string): StructNode {
  return kindSchema(apiVersion, kindName) ?? unknownKind;
}

/**
 * What a freshly allocated Go object of the kind holds once encoded: its non-pointer struct
 * fields (empty) and lists without omitempty (null). Comparisons against it must not report
 * those as added.
 */
const zeroFields: Record<string, Record<string, unknown>> = {
  'v1/Pod': { spec: { containers: null }, status: {} },
  'v1/Service': { spec: {}, status: {} },
  'v1/Node': { spec: {}, status: {} },
  'v1/Namespace': { spec: {}, status: {} },
  'v1/Event': { involvedObject: {}, source: {} },
  'events.k8s.io/v1/Event': { regarding: {}, deprecatedSource: {} },
  'discovery.k8s.io/v1/EndpointSlice': { endpoints: null },
};

/**
 * The object the apiserver compares a create against (scope.Creater.New), so that its zero
 * fields are not reported as added. Custom resources are an unstructured object with only
 * their type.
 */
export function emptyObject(apiVersion: string, kindName: string): Record<string, unknown> {
  const out: Record<string, unknown> = { apiVersion, kind: kindName };
  if (!kindSchema(apiVersion, kindName)) return out;
  return { ...out, metadata: {}, ...structuredClone(zeroFields[`${apiVersion}/${kindName}`] ?? {}) };
}

/** Kinds whose status is a subresource; their main resource ignores status and vice versa. */
const statusKinds = new Set(['v1/Pod', 'v1/Service', 'v1/Node', 'v1/Namespace']);

/**
 * Fields a write to this (sub)resource may not change, which field ownership must therefore
 * ignore (the strategies' GetResetFields): status on the main resource, spec on /status.
 */
export function resetFields(apiVersion: string, kindName: string, subresource = ''): string[][] {
  const key = `${apiVersion}/${kindName}`;
  if (!statusKinds.has(key)) return [];
  if (subresource === 'status') {
    if (key === 'v1/Pod') return [['spec'], ['metadata', 'deletionTimestamp'], ['metadata', 'ownerReferences']];
    return [['spec']];
  }
  return subresource === '' ? [['status']] : [];
}
