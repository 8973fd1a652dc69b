#!/usr/bin/env node
// Generates openapi/*.json: OpenAPI v3 documents shaped like the ones kube-apiserver serves at
// /openapi/v3/<group-version>, for the group-versions kubesim serves.
//
// Schemas are not typed by hand. Their shape (JSON names, types, formats, required fields) and
// descriptions come from the devDependency @kubernetes/client-node, which is generated from the
// Kubernetes release OpenAPI spec: each model's `attributeTypeMap` (JS) and doc comments (.d.ts).
// What the client models erase is restored from small tables of API facts below: the Go package
// of each type, which strings are resource.Quantity, and the list/patch metadata that kubectl's
// strategic merge patch and server-side apply read (x-kubernetes-patch-*, x-kubernetes-list-*).
//
// Usage: npm run gen:openapi [-- <outdir>]  (compact JSON; the index hash is computed when served)
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as k8s from '@kubernetes/client-node';

const require = createRequire(import.meta.url);
const MODELS_DIR = join(dirname(require.resolve('@kubernetes/client-node')), 'gen', 'models');
// An optional argument writes elsewhere (the drift test regenerates into a temporary directory).
const OUT_DIR = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'openapi');

// ---- what we serve ------------------------------------------------------------------------------

// deleteReturnsObject: DELETE answers with the object (pods, services) rather than a Status.
const GROUP_VERSIONS = [
  {
    group: '', version: 'v1', file: 'api__v1.json', tag: 'core_v1', op: 'CoreV1',
    resources: [
      { plural: 'namespaces', kind: 'Namespace', model: 'V1Namespace', status: true, noCollectionDelete: true },
      { plural: 'pods', kind: 'Pod', model: 'V1Pod', namespaced: true, status: true, deleteReturnsObject: true },
      { plural: 'services', kind: 'Service', model: 'V1Service', namespaced: true, status: true, deleteReturnsObject: true },
      { plural: 'endpoints', kind: 'Endpoints', model: 'V1Endpoints', namespaced: true },
      { plural: 'nodes', kind: 'Node', model: 'V1Node', status: true },
      { plural: 'events', kind: 'Event', model: 'CoreV1Event', namespaced: true },
      { plural: 'configmaps', kind: 'ConfigMap', model: 'V1ConfigMap', namespaced: true },
      { plural: 'secrets', kind: 'Secret', model: 'V1Secret', namespaced: true },
      { plural: 'resourcequotas', kind: 'ResourceQuota', model: 'V1ResourceQuota', namespaced: true, status: true },
      { plural: 'limitranges', kind: 'LimitRange', model: 'V1LimitRange', namespaced: true },
    ],
  },
  {
    group: 'discovery.k8s.io', version: 'v1', file: 'apis__discovery.k8s.io__v1.json', tag: 'discovery_v1', op: 'DiscoveryV1',
    resources: [{ plural: 'endpointslices', kind: 'EndpointSlice', model: 'V1EndpointSlice', namespaced: true }],
  },
  {
    group: 'events.k8s.io', version: 'v1', file: 'apis__events.k8s.io__v1.json', tag: 'events_v1', op: 'EventsV1',
    resources: [{ plural: 'events', kind: 'Event', model: 'EventsV1Event', namespaced: true }],
  },
  {
    group: 'coordination.k8s.io', version: 'v1', file: 'apis__coordination.k8s.io__v1.json', tag: 'coordination_v1', op: 'CoordinationV1',
    resources: [{ plural: 'leases', kind: 'Lease', model: 'V1Lease', namespaced: true }],
  },
  {
    group: 'apps', version: 'v1', file: 'apis__apps__v1.json', tag: 'apps_v1', op: 'AppsV1',
    resources: [
      { plural: 'controllerrevisions', kind: 'ControllerRevision', model: 'V1ControllerRevision', namespaced: true },
      { plural: 'daemonsets', kind: 'DaemonSet', model: 'V1DaemonSet', namespaced: true, status: true },
      { plural: 'deployments', kind: 'Deployment', model: 'V1Deployment', namespaced: true, status: true, scale: true },
      { plural: 'replicasets', kind: 'ReplicaSet', model: 'V1ReplicaSet', namespaced: true, status: true, scale: true },
      { plural: 'statefulsets', kind: 'StatefulSet', model: 'V1StatefulSet', namespaced: true, status: true, scale: true },
    ],
  },
  {
    group: 'batch', version: 'v1', file: 'apis__batch__v1.json', tag: 'batch_v1', op: 'BatchV1',
    resources: [
      { plural: 'cronjobs', kind: 'CronJob', model: 'V1CronJob', namespaced: true, status: true },
      { plural: 'jobs', kind: 'Job', model: 'V1Job', namespaced: true, status: true },
    ],
  },
  {
    // No resource of its own here (HorizontalPodAutoscaler is not served): the document carries Scale,
    // the body of the apps/v1 /scale subresources, so that Scale bodies are type-checked like any kind.
    group: 'autoscaling', version: 'v1', file: 'apis__autoscaling__v1.json', tag: 'autoscaling_v1', op: 'AutoscalingV1',
    resources: [], models: ['V1Scale'],
  },
  {
    group: 'apiextensions.k8s.io', version: 'v1', file: 'apis__apiextensions.k8s.io__v1.json', tag: 'apiextensions_v1', op: 'ApiextensionsV1',
    resources: [{ plural: 'customresourcedefinitions', kind: 'CustomResourceDefinition', model: 'V1CustomResourceDefinition', status: true }],
  },
];

// The autoscaling/v1 Scale that /scale subresources read and write.
const SCALE = { model: 'V1Scale', gvk: { group: 'autoscaling', kind: 'Scale', version: 'v1' } };

// Models every document needs for its operations (request and response bodies).
const OPERATION_MODELS = ['V1DeleteOptions', 'V1Status', 'V1WatchEvent', 'V1APIResourceList'];

// ---- facts the client models erase --------------------------------------------------------------

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const TIME = `${META}.Time`;
const MICRO_TIME = `${META}.MicroTime`;

// Un-prefixed `V1X` models live in core/v1 unless named here.
const META_TYPES = new Set(['ObjectMeta', 'ListMeta', 'OwnerReference', 'ManagedFieldsEntry', 'LabelSelector',
  'LabelSelectorRequirement', 'Condition', 'Status', 'StatusDetails', 'StatusCause', 'DeleteOptions', 'Preconditions',
  'WatchEvent', 'APIResourceList', 'APIResource', 'ShardInfo', 'MicroTime', 'Time']);
const DISCOVERY_TYPES = new Set(['EndpointSlice', 'EndpointSliceList', 'Endpoint', 'EndpointConditions', 'EndpointHints',
  'ForZone', 'ForNode']);
const COORDINATION_TYPES = new Set(['Lease', 'LeaseList', 'LeaseSpec']);
const APPS_TYPES = new Set(['ControllerRevision', 'ControllerRevisionList', 'DaemonSet', 'DaemonSetCondition', 'DaemonSetList',
  'DaemonSetSpec', 'DaemonSetStatus', 'DaemonSetUpdateStrategy', 'Deployment', 'DeploymentCondition', 'DeploymentList',
  'DeploymentSpec', 'DeploymentStatus', 'DeploymentStrategy', 'ReplicaSet', 'ReplicaSetCondition', 'ReplicaSetList',
  'ReplicaSetSpec', 'ReplicaSetStatus', 'RollingUpdateDaemonSet', 'RollingUpdateDeployment', 'RollingUpdateStatefulSetStrategy',
  'StatefulSet', 'StatefulSetCondition', 'StatefulSetList', 'StatefulSetOrdinals', 'StatefulSetPersistentVolumeClaimRetentionPolicy',
  'StatefulSetSpec', 'StatefulSetStatus', 'StatefulSetUpdateStrategy']);
const BATCH_TYPES = new Set(['CronJob', 'CronJobList', 'CronJobSpec', 'CronJobStatus', 'Job', 'JobCondition', 'JobList', 'JobSpec',
  'JobStatus', 'JobTemplateSpec', 'PodFailurePolicy', 'PodFailurePolicyOnExitCodesRequirement',
  'PodFailurePolicyOnPodConditionsPattern', 'PodFailurePolicyRule', 'SuccessPolicy', 'SuccessPolicyRule', 'UncountedTerminatedPods']);
const AUTOSCALING_TYPES = new Set(['Scale', 'ScaleSpec', 'ScaleStatus']);
const APIEXT = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
const APIEXTENSIONS_TYPES = new Set(['CustomResourceColumnDefinition', 'CustomResourceConversion', 'CustomResourceDefinition',
  'CustomResourceDefinitionCondition', 'CustomResourceDefinitionList', 'CustomResourceDefinitionNames', 'CustomResourceDefinitionSpec',
  'CustomResourceDefinitionStatus', 'CustomResourceDefinitionVersion', 'CustomResourceSubresourceScale', 'CustomResourceSubresources',
  'CustomResourceValidation', 'JSONSchemaProps', 'ExternalDocumentation', 'SelectableField', 'ValidationRule', 'WebhookConversion']);
const PREFIXED_PACKAGES = {
  Core: 'io.k8s.api.core.v1', Discovery: 'io.k8s.api.discovery.v1', Events: 'io.k8s.api.events.v1', Apiextensions: APIEXT,
};

// Fields whose Go type is resource.Quantity (or a map of them): the client models type them `string`.
const QUANTITY_FIELDS = {
  V1ResourceRequirements: ['limits', 'requests'], V1VolumeResourceRequirements: ['limits', 'requests'],
  V1NodeStatus: ['allocatable', 'capacity'], V1PodSpec: ['overhead'], V1PodStatus: ['allocatedResources'],
  V1ContainerStatus: ['allocatedResources'], V1NodeAllocatableResourceClaimStatus: ['resources'],
  V1EmptyDirVolumeSource: ['sizeLimit'], V1ResourceFieldSelector: ['divisor'],
  V1PersistentVolumeClaimStatus: ['allocatedResources', 'capacity'],
};
// Fields the client models type `any`.
const ANY_FIELDS = {
  'V1ManagedFieldsEntry.fieldsV1': `${META}.FieldsV1`, 'V1WatchEvent.object': 'io.k8s.apimachinery.pkg.runtime.RawExtension',
  'V1ControllerRevision.data': 'io.k8s.apimachinery.pkg.runtime.RawExtension',
  // apiextensions' JSON-valued fields (Go types with their own JSON encoding).
  'V1JSONSchemaProps.default': `${APIEXT}.JSON`, 'V1JSONSchemaProps.example': `${APIEXT}.JSON`,
  'V1JSONSchemaProps.items': `${APIEXT}.JSONSchemaPropsOrArray`, 'V1JSONSchemaProps.additionalItems': `${APIEXT}.JSONSchemaPropsOrBool`,
  'V1JSONSchemaProps.additionalProperties': `${APIEXT}.JSONSchemaPropsOrBool`,
  'V1CustomResourceSubresources.status': `${APIEXT}.CustomResourceSubresourceStatus`,
};

// List semantics (the +listType/+patchStrategy markers of k8s.io/api; see spec §8.4).
const byKey = (key, keys = [key], strategy = 'merge') => ({
  'x-kubernetes-list-map-keys': keys, 'x-kubernetes-list-type': 'map',
  'x-kubernetes-patch-merge-key': key, 'x-kubernetes-patch-strategy': strategy,
});
const atomic = { 'x-kubernetes-list-type': 'atomic' };
const set = { 'x-kubernetes-list-type': 'set' };
const mergedSet = { 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' };
const containerLists = {
  ports: byKey('containerPort', ['containerPort', 'protocol']), env: byKey('name'), volumeMounts: byKey('mountPath'),
  volumeDevices: byKey('devicePath'), command: atomic, args: atomic, envFrom: atomic, resizePolicy: atomic,
};
const LIST_FACTS = {
  V1ObjectMeta: { finalizers: mergedSet, ownerReferences: byKey('uid'), managedFields: atomic },
  V1PodSpec: {
    containers: byKey('name'), initContainers: byKey('name'), ephemeralContainers: byKey('name'),
    volumes: byKey('name', ['name'], 'merge,retainKeys'), imagePullSecrets: byKey('name'), hostAliases: byKey('ip'),
    topologySpreadConstraints: byKey('topologyKey', ['topologyKey', 'whenUnsatisfiable']), schedulingGates: byKey('name'),
    resourceClaims: byKey('name', ['name'], 'merge,retainKeys'), tolerations: atomic, readinessGates: atomic,
  },
  V1Container: containerLists,
  V1EphemeralContainer: containerLists,
  V1PodStatus: {
    conditions: byKey('type'), podIPs: byKey('ip'),
    hostIPs: { ...atomic, 'x-kubernetes-patch-merge-key': 'ip', 'x-kubernetes-patch-strategy': 'merge' },
    containerStatuses: atomic, initContainerStatuses: atomic, ephemeralContainerStatuses: atomic,
    resourceClaimStatuses: byKey('name', ['name'], 'merge,retainKeys'),
  },
  V1ContainerStatus: { allocatedResourcesStatus: byKey('name'), volumeMounts: atomic },
  V1NodeSpec: { podCIDRs: mergedSet, taints: atomic },
  V1NodeStatus: { conditions: byKey('type'), addresses: byKey('type'), images: atomic, volumesInUse: atomic, volumesAttached: atomic },
  V1NamespaceStatus: { conditions: byKey('type') },
  V1ServiceSpec: {
    ports: byKey('port', ['port', 'protocol']), clusterIPs: atomic, externalIPs: atomic, ipFamilies: atomic,
    loadBalancerSourceRanges: atomic,
  },
  V1ServiceStatus: { conditions: byKey('type') },
  V1Endpoints: { subsets: atomic },
  V1EndpointSubset: { addresses: atomic, notReadyAddresses: atomic, ports: atomic },
  V1EndpointSlice: { endpoints: atomic, ports: atomic },
  V1Endpoint: { addresses: set },
  V1PersistentVolumeClaimStatus: { accessModes: atomic, conditions: byKey('type') },
  // apps/v1 and batch/v1 (k8s.io/api/apps/v1/types.go, batch/v1/types.go).
  V1DeploymentSpec: { strategy: { 'x-kubernetes-patch-strategy': 'retainKeys' } },
  V1DeploymentStatus: { conditions: byKey('type') },
  V1ReplicaSetStatus: { conditions: byKey('type') },
  V1StatefulSetSpec: { volumeClaimTemplates: atomic },
  V1StatefulSetStatus: { conditions: byKey('type') },
  V1DaemonSetStatus: { conditions: byKey('type') },
  V1JobStatus: { conditions: { ...atomic, 'x-kubernetes-patch-merge-key': 'type', 'x-kubernetes-patch-strategy': 'merge' } },
  V1UncountedTerminatedPods: { succeeded: set, failed: set },
  V1PodFailurePolicy: { rules: atomic },
  V1PodFailurePolicyRule: { onPodConditions: atomic },
  V1PodFailurePolicyOnExitCodesRequirement: { values: set },
  V1SuccessPolicy: { rules: atomic },
  V1CronJobStatus: { active: atomic },
};
// Structs replaced as a whole by apply and strategic merge (+structType=atomic).
const ATOMIC_STRUCTS = new Set(['V1ObjectReference', 'V1OwnerReference', 'V1LabelSelector', 'V1LocalObjectReference',
  'DiscoveryV1EndpointPort', 'CoreV1EndpointPort', 'V1ConfigMapKeySelector', 'V1SecretKeySelector', 'V1ObjectFieldSelector',
  'V1ResourceFieldSelector', 'V1NodeSelector', 'V1TypedLocalObjectReference', 'V1EndpointAddress']);

// Schemas of Go types with their own JSON encoding (no client model). Descriptions are ours.
const SPECIAL_SCHEMAS = {
  [TIME]: { description: 'An RFC 3339 timestamp with second precision, always in UTC when written by the server.', format: 'date-time', type: 'string' },
  [MICRO_TIME]: { description: 'An RFC 3339 timestamp with microsecond precision.', format: 'date-time', type: 'string' },
  [QUANTITY]: {
    description: 'A fixed-point number with an optional binary (Ki, Mi, Gi, Ti, Pi, Ei), decimal (n, u, m, k, M, G, T, P, E) or exponent suffix, e.g. "100m", "1.5Gi", "2e3". Written as a JSON string; a JSON number is also accepted.',
    oneOf: [{ type: 'string' }, { type: 'number' }],
  },
  [INT_OR_STRING]: {
    description: 'A value that is either a 32-bit integer or a string (for example a port number or a named port).',
    format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }],
  },
  [`${META}.FieldsV1`]: { description: 'The set of fields a manager owns, as a trie of "f:<field>", "k:<keys>", "v:<value>" and "i:<index>" entries (sigs.k8s.io/structured-merge-diff).', type: 'object' },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { description: 'An embedded object of any kind, kept as raw JSON.', type: 'object' },
  [`${META}.Patch`]: { description: 'The body of a PATCH request; its format is given by the Content-Type.', type: 'object' },
  [`${APIEXT}.JSON`]: { description: 'Any JSON value (a default, an example, an enum member).' },
  [`${APIEXT}.JSONSchemaPropsOrArray`]: { description: 'A JSON schema, or an array of JSON schemas.' },
  [`${APIEXT}.JSONSchemaPropsOrBool`]: { description: 'A JSON schema, or a boolean (true allows anything, false nothing).' },
  [`${APIEXT}.JSONSchemaPropsOrStringArray`]: { description: 'A JSON schema, or an array of property names.' },
  [`${APIEXT}.CustomResourceSubresourceStatus`]: { description: 'Enables the /status subresource; it has no fields.', type: 'object' },
};

// ---- client-node models -> schemas ---------------------------------------------------------------

function schemaName(model) {
  const m = /^(Core|Discovery|Events|Apiextensions)?V1(\w+)$/.exec(model);
  if (!m) throw new Error(`unsupported model ${model}`);
  const [, prefix, type] = m;
  if (prefix) return `${PREFIXED_PACKAGES[prefix]}.${type}`;
  if (META_TYPES.has(type)) return `${META}.${type}`;
  if (DISCOVERY_TYPES.has(type)) return `io.k8s.api.discovery.v1.${type}`;
  if (COORDINATION_TYPES.has(type)) return `io.k8s.api.coordination.v1.${type}`;
  if (APPS_TYPES.has(type)) return `io.k8s.api.apps.v1.${type}`;
  if (BATCH_TYPES.has(type)) return `io.k8s.api.batch.v1.${type}`;
  if (AUTOSCALING_TYPES.has(type)) return `io.k8s.api.autoscaling.v1.${type}`;
  if (APIEXTENSIONS_TYPES.has(type)) return `${APIEXT}.${type}`;
  return `io.k8s.api.core.v1.${type}`;
}

/** Doc comments and required-ness from a model's .d.ts (the JS keeps neither). */
function readDeclarations(model) {
  const text = readFileSync(join(MODELS_DIR, `${model}.d.ts`), 'utf8');
  const unescape = (s) => s.trim().replace(/\\(['"\\])/g, '$1').replace(/\*_\//g, '*/').replace(/\/_\*/g, '/*');
  const classDoc = /\/\*\*\s*\n\* ?([^\n]*)\n\*\/\s*\nexport declare class/.exec(text);
  const props = new Map();
  const re = /(?:\/\*\*\s*\n\s*\* ?([^\n]*)\n\s*\*\/\s*\n)?\s*'([^']+)'(\?)?:/g;
  for (let m; (m = re.exec(text));) props.set(m[2], { description: m[1] ? unescape(m[1]) : undefined, required: !m[3] });
  return { description: classDoc ? unescape(classDoc[1]) : undefined, props };
}

const TYPE_COMMENTS = { IntOrString: 'IntOrString is ', V1MicroTime: 'MicroTime is ' };
const ref = (name) => ({ $ref: `#/components/schemas/${name}` });

/** Schema of one attributeTypeMap type string; `quantity` swaps the innermost string for Quantity. */
function typeSchema(type, format, refs, quantity) {
  let m;
  if ((m = /^Array<(.+)>$/.exec(type))) return { items: typeSchema(m[1], format, refs, quantity), type: 'array' };
  if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(type))) {
    return { additionalProperties: typeSchema(m[1], format, refs, quantity), type: 'object' };
  }
  switch (type) {
    case 'string':
      if (quantity) return ref(QUANTITY);
      return format ? { format, type: 'string' } : { type: 'string' };
    case 'boolean': return { type: 'boolean' };
    case 'number': return format === 'double' ? { format, type: 'number' } : { format: format || 'int64', type: 'integer' };
    case 'Date': return ref(format === 'date-time-micro' ? MICRO_TIME : TIME);
    case 'V1MicroTime': return ref(MICRO_TIME);
    case 'IntOrString': return ref(INT_OR_STRING);
    case 'any': return ref(`${APIEXT}.JSON`);
    default:
      if (!k8s[type]?.attributeTypeMap) throw new Error(`unknown type ${type}`);
      refs.push(type);
      return ref(schemaName(type));
  }
}

function propertySchema(model, attr, decl, refs) {
  // Fact tables use JSON names (baseName); client-node renames a few (continue → _continue).
  const special = ANY_FIELDS[`${model}.${attr.baseName}`];
  const quantity = QUANTITY_FIELDS[model]?.includes(attr.baseName);
  const base = special ? ref(special) : typeSchema(attr.type, attr.format, refs, quantity);
  let description = decl?.description;
  // The client models put the type's own comment on IntOrString and MicroTime fields: not a field description.
  const typeComment = TYPE_COMMENTS[attr.type];
  if (typeComment && description?.startsWith(typeComment)) description = undefined;
  const facts = LIST_FACTS[model]?.[attr.baseName] ?? {};
  if (base.$ref) {
    if (!description && Object.keys(facts).length === 0) return base;
    return { allOf: [base], ...(description ? { description } : {}), ...facts };
  }
  return { ...(description ? { description } : {}), ...base, ...facts };
}

/** The component schema of a model, plus the models it refers to. */
function modelSchema(model) {
  const cls = k8s[model];
  const decls = readDeclarations(model);
  const refs = [];
  const properties = {};
  const required = [];
  for (const attr of cls.attributeTypeMap) {
    const decl = decls.props.get(attr.name);
    properties[attr.baseName] = propertySchema(model, attr, decl, refs);
    if (decl?.required) required.push(attr.baseName);
  }
  const schema = { description: decls.description, properties: sortKeys(properties) };
  if (required.length) schema.required = required;
  schema.type = 'object';
  if (ATOMIC_STRUCTS.has(model)) schema['x-kubernetes-map-type'] = 'atomic';
  return { schema, refs };
}

function sortKeys(obj) {
  return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, obj[k]]));
}

function gvks(gv, kind, shared) {
  const own = { group: gv.group, kind, version: gv.version };
  if (!shared) return [own];
  const core = { group: '', kind, version: 'v1' };
  return gv.group ? [core, own] : [core];
}

function components(gv) {
  const schemas = {};
  const scaled = gv.resources.some((r) => r.scale);
  const queue = [...gv.resources.flatMap((r) => [r.model, `${r.model}List`]), ...(gv.models ?? []),
    ...(scaled ? [SCALE.model] : []), ...OPERATION_MODELS];
  while (queue.length) {
    const model = queue.shift();
    const name = schemaName(model);
    if (schemas[name]) continue;
    const { schema, refs } = modelSchema(model);
    schemas[name] = schema;
    queue.push(...refs);
  }
  for (const r of gv.resources) {
    schemas[schemaName(r.model)]['x-kubernetes-group-version-kind'] = gvks(gv, r.kind);
    schemas[schemaName(`${r.model}List`)]['x-kubernetes-group-version-kind'] = gvks(gv, `${r.kind}List`);
  }
  if (schemas[schemaName(SCALE.model)]) schemas[schemaName(SCALE.model)]['x-kubernetes-group-version-kind'] = [SCALE.gvk];
  for (const kind of ['DeleteOptions', 'WatchEvent']) schemas[`${META}.${kind}`]['x-kubernetes-group-version-kind'] = gvks(gv, kind, true);
  for (const kind of ['Status', 'APIResourceList']) schemas[`${META}.${kind}`]['x-kubernetes-group-version-kind'] = gvks({ group: '', version: 'v1' }, kind);
  const used = JSON.stringify(schemas);
  for (const [name, schema] of Object.entries(SPECIAL_SCHEMAS)) {
    if (name.endsWith('.Patch') || used.includes(`/${name}"`)) schemas[name] = schema;
  }
  return sortKeys(schemas);
}

// ---- paths ----------------------------------------------------------------------------------------

const param = (name, type, description, where = 'query') =>
  ({ description, in: where, name, ...(where === 'path' ? { required: true } : {}), schema: { type, uniqueItems: true } });
const P = {
  namespace: param('namespace', 'string', 'The namespace of the object.', 'path'),
  pretty: param('pretty', 'string', "If 'true', indent the response."),
  dryRun: param('dryRun', 'string', 'If set to "All", run every stage of the request but persist nothing.'),
  fieldManager: param('fieldManager', 'string', 'Name of the actor making the change (at most 128 printable characters); required for apply patches.'),
  fieldValidation: param('fieldValidation', 'string', 'What to do with unknown or duplicate fields in the body: "Ignore" drops them, "Warn" drops them and returns a Warning header per field, "Strict" fails the request with 400 BadRequest.'),
  force: param('force', 'boolean', 'Apply patches only: take ownership of fields other managers own.'),
  gracePeriodSeconds: param('gracePeriodSeconds', 'integer', 'Seconds to wait before deleting; 0 deletes immediately. Defaults per kind.'),
  ignoreStoreReadError: param('ignoreStoreReadErrorWithClusterBreakingPotential', 'boolean', 'Delete an object that cannot be read from storage, skipping finalizers and preconditions.'),
  orphanDependents: param('orphanDependents', 'boolean', 'Deprecated: use propagationPolicy. If true, dependents are orphaned.'),
  propagationPolicy: param('propagationPolicy', 'string', 'How dependents are garbage collected: "Orphan", "Background" or "Foreground".'),
  allowWatchBookmarks: param('allowWatchBookmarks', 'boolean', 'Ask a watch to send BOOKMARK events.'),
  continue: param('continue', 'string', 'Opaque token from a previous paginated list, to fetch the next page.'),
  fieldSelector: param('fieldSelector', 'string', 'Restrict the objects by field values, e.g. "metadata.name=x".'),
  labelSelector: param('labelSelector', 'string', 'Restrict the objects by labels, e.g. "app=web,tier!=db".'),
  limit: param('limit', 'integer', 'Largest number of objects to return; a continue token is returned when more remain.'),
  resourceVersion: param('resourceVersion', 'string', 'The resourceVersion the read must be served at or after; see resourceVersionMatch.'),
  resourceVersionMatch: param('resourceVersionMatch', 'string', 'How resourceVersion applies to a list: "Exact" or "NotOlderThan".'),
  sendInitialEvents: param('sendInitialEvents', 'boolean', 'With watch=true: start with synthetic ADDED events for the current state, then a BOOKMARK.'),
  timeoutSeconds: param('timeoutSeconds', 'integer', 'Upper bound on the duration of a list or watch call.'),
  watch: param('watch', 'boolean', 'Stream ADDED, MODIFIED and DELETED events instead of returning a list.'),
};
const nameParam = (kind) => param('name', 'string', `Name of the ${kind}.`, 'path');
const LIST_PARAMS = [P.allowWatchBookmarks, P.continue, P.fieldSelector, P.labelSelector, P.limit, P.resourceVersion,
  P.resourceVersionMatch, P.sendInitialEvents, P.timeoutSeconds, P.watch];
const WRITE_PARAMS = [P.dryRun, P.fieldManager, P.fieldValidation];
const DELETE_PARAMS = [P.dryRun, P.gracePeriodSeconds, P.ignoreStoreReadError, P.orphanDependents, P.propagationPolicy];
const COLLECTION_DELETE_PARAMS = [P.continue, P.dryRun, P.fieldSelector, P.gracePeriodSeconds, P.ignoreStoreReadError,
  P.labelSelector, P.limit, P.orphanDependents, P.propagationPolicy, P.resourceVersion, P.resourceVersionMatch,
  P.sendInitialEvents, P.timeoutSeconds];

const MEDIA = ['application/json', 'application/vnd.kubernetes.protobuf', 'application/yaml'];
const STREAM_MEDIA = ['application/json', 'application/json;stream=watch', 'application/vnd.kubernetes.protobuf',
  'application/vnd.kubernetes.protobuf;stream=watch', 'application/yaml'];
const PATCH_MEDIA = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json',
  'application/strategic-merge-patch+json'];
const content = (types, schema) => Object.fromEntries(types.map((t) => [t, { schema: ref(schema) }]));
const responses = (codes, types, schema) => ({
  ...Object.fromEntries(codes.map(([code, description]) => [code, { content: content(types, schema), description }])),
  401: { description: 'Unauthorized' },
});
const OK = ['200', 'OK'], CREATED = ['201', 'Created'], ACCEPTED = ['202', 'Accepted'];

function operation(gv, r, action, opId, description, extra, gvk = { group: gv.group, kind: r.kind, version: gv.version }) {
  return { description, operationId: opId, ...extra, tags: [gv.tag], 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': gvk };
}

function resourcePaths(gv, r, prefix) {
  const kindSchema = schemaName(r.model), listSchema = schemaName(`${r.model}List`);
  const ns = r.namespaced ? 'Namespaced' : '';
  const scope = r.namespaced ? '/namespaces/{namespace}' : '';
  const scopeParams = r.namespaced ? [P.namespace] : [];
  const id = (verb, suffix = '') => `${verb}${gv.op}${ns}${r.kind}${suffix}`;
  const op = (...args) => operation(gv, r, ...args);
  const body = (schema, types = ['*/*']) => ({ requestBody: { content: content(types, schema), required: true } });
  const deleted = r.deleteReturnsObject ? kindSchema : `${META}.Status`;
  const collection = `${prefix}${scope}/${r.plural}`, item = `${collection}/{name}`;
  const paths = {};
  paths[collection] = {
    get: op('list', id('list'), `list or watch ${r.kind} objects`, { parameters: LIST_PARAMS, responses: responses([OK], STREAM_MEDIA, listSchema) }),
    parameters: [...scopeParams, P.pretty],
    post: op('post', id('create'), `create a ${r.kind}`, { parameters: WRITE_PARAMS, ...body(kindSchema), responses: responses([OK, CREATED, ACCEPTED], MEDIA, kindSchema) }),
  };
  if (!r.noCollectionDelete) {
    paths[collection].delete = op('deletecollection', `delete${gv.op}Collection${ns}${r.kind}`,
      `delete a collection of ${r.kind} objects`,
      { parameters: COLLECTION_DELETE_PARAMS, requestBody: { content: content(['*/*'], `${META}.DeleteOptions`) }, responses: responses([OK], MEDIA, `${META}.Status`) });
  }
  const itemOps = (suffix, what, schema = kindSchema, gvk = undefined) => ({
    get: operation(gv, r, 'get', id('read', suffix), `read ${what}`, { responses: responses([OK], MEDIA, schema) }, gvk),
    parameters: [nameParam(r.kind), ...scopeParams, P.pretty],
    patch: operation(gv, r, 'patch', id('patch', suffix), `partially update ${what}`,
      { parameters: [...WRITE_PARAMS, P.force], ...body(`${META}.Patch`, PATCH_MEDIA), responses: responses([OK, CREATED], MEDIA, schema) }, gvk),
    put: operation(gv, r, 'put', id('replace', suffix), `replace ${what}`,
      { parameters: WRITE_PARAMS, ...body(schema), responses: responses([OK, CREATED], MEDIA, schema) }, gvk),
  });
  paths[item] = itemOps('', `the named ${r.kind}`);
  paths[item].delete = op('delete', id('delete'), `delete a ${r.kind}`,
    { parameters: DELETE_PARAMS, requestBody: { content: content(['*/*'], `${META}.DeleteOptions`) }, responses: responses([OK, ACCEPTED], MEDIA, deleted) });
  if (r.status) paths[`${item}/status`] = itemOps('Status', `the status of the named ${r.kind}`);
  if (r.scale) paths[`${item}/scale`] = itemOps('Scale', `the scale of the named ${r.kind}`, schemaName(SCALE.model), SCALE.gvk);
  const watchOp = (action, opId) => ({
    get: op(action, opId, `watch changes to ${r.kind} objects (deprecated: use watch=true on a list)`,
      { responses: responses([OK], STREAM_MEDIA, `${META}.WatchEvent`) }),
  });
  paths[`${prefix}/watch${scope}/${r.plural}`] = { ...watchOp('watchlist', id('watch', 'List')), parameters: [...scopeParams, ...LIST_PARAMS, P.pretty] };
  paths[`${prefix}/watch${scope}/${r.plural}/{name}`] = { ...watchOp('watch', id('watch')), parameters: [nameParam(r.kind), ...scopeParams, ...LIST_PARAMS, P.pretty] };
  if (r.namespaced) {
    paths[`${prefix}/${r.plural}`] = {
      get: op('list', `list${gv.op}${r.kind}ForAllNamespaces`, `list or watch ${r.kind} objects in all namespaces`, { responses: responses([OK], STREAM_MEDIA, listSchema) }),
      parameters: [...LIST_PARAMS, P.pretty],
    };
    paths[`${prefix}/watch/${r.plural}`] = { ...watchOp('watchlist', `watch${gv.op}${r.kind}ListForAllNamespaces`), parameters: [...LIST_PARAMS, P.pretty] };
  }
  return paths;
}

function document(gv) {
  const prefix = gv.group ? `/apis/${gv.group}/${gv.version}` : `/api/${gv.version}`;
  const paths = {
    [`${prefix}/`]: {
      get: {
        description: 'get the resources this group-version serves', operationId: `get${gv.op}APIResources`,
        responses: responses([OK], MEDIA, `${META}.APIResourceList`), tags: [gv.tag],
      },
    },
  };
  for (const r of gv.resources) Object.assign(paths, resourcePaths(gv, r, prefix));
  return {
    components: {
      schemas: components(gv),
      securitySchemes: { BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' } },
    },
    info: { title: 'Kubernetes', version: 'unversioned' },
    openapi: '3.0.0',
    paths: sortKeys(paths),
  };
}

/** Fails loudly when a client-node upgrade renames a model or field the fact tables name. */
function checkFacts() {
  const has = (model, field) => k8s[model]?.attributeTypeMap?.some((a) => a.baseName === field);
  const named = [
    ...Object.entries(QUANTITY_FIELDS).flatMap(([m, fs]) => fs.map((f) => [m, f])),
    ...Object.entries(LIST_FACTS).flatMap(([m, fs]) => Object.keys(fs).map((f) => [m, f])),
    ...Object.keys(ANY_FIELDS).map((k) => k.split('.')),
  ];
  for (const [model, field] of named) if (!has(model, field)) throw new Error(`fact table names ${model}.${field}, which client-node lacks`);
  for (const model of ATOMIC_STRUCTS) if (!k8s[model]?.attributeTypeMap) throw new Error(`ATOMIC_STRUCTS names unknown model ${model}`);
}

checkFacts();
mkdirSync(OUT_DIR, { recursive: true });
for (const gv of GROUP_VERSIONS) {
  const text = JSON.stringify(document(gv));
  writeFileSync(join(OUT_DIR, gv.file), text);
  console.log(`${join(OUT_DIR, gv.file)}: ${(text.length / 1024).toFixed(0)} KiB`);
}
