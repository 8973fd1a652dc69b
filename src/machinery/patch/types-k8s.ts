// Building blocks of patch metadata for the Go types several kinds share (ObjectMeta, PodSpec,
// LabelSelector, ...), read from k8s.io/api at 1.35 (patchStrategy/patchMergeKey tags and
// +listType/+listMapKey/+mapType/+structType markers). Each kind's own patch schema is assembled
// from these in its file under src/registry/kinds/; nothing here is keyed by kind.
import { atomicList, map, mapList, setList, struct, type SchemaNode, type StructNode } from './schema.js';

/** metav1.LabelSelector is +structType=atomic. */
export const labelSelector = struct({}, true);

export const objectMeta = struct({
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

export const container = struct({
  ports: mapList(['containerPort', 'protocol'], struct(), { mergeKey: 'containerPort', keyDefaults: { protocol: 'TCP' } }),
  env: mapList(['name'], envVar, { mergeKey: 'name' }),
  volumeMounts: mapList(['mountPath'], struct(), { mergeKey: 'mountPath' }),
  volumeDevices: mapList(['devicePath'], struct(), { mergeKey: 'devicePath' }),
  resources: struct({ limits: map(), requests: map(), claims: mapList(['name'], struct()) }),
});

const podAffinityTerm = struct({ labelSelector, namespaceSelector: labelSelector });

export const podSpec = struct({
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

/** core/v1 PodTemplateSpec, as embedded in workloads. */
export const podTemplateSpec = struct({ metadata: objectMeta, spec: podSpec });

/** Status conditions keyed by type (patchMergeKey type, listType map). */
export const conditionsByType = mapList(['type'], struct(), { mergeKey: 'type' });

/** A top-level kind: ObjectMeta plus the kind's own fields. */
export function kindStruct(fields: Record<string, SchemaNode>): StructNode {
  return struct({ metadata: objectMeta, ...fields });
}

/** Any kind without Go struct tags (custom resources): only ObjectMeta is known. */
export const unstructuredKind: StructNode = kindStruct({});
