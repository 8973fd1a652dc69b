// One minimal valid object per served kind, plus what the shared behaviour suite needs to know
// about it. Adding a kind to src/registry/kinds/index.ts means adding a row here.
export interface KindFixture {
  kind: string;
  apiVersion: string;
  group: string;
  resource: string;
  namespaced: boolean;
  /** The minimal valid object (without name). */
  minimal(): Record<string, any>;
  /** Extra fields a client may send that must come back unchanged (besides labels/annotations). */
  rich?(): Record<string, any>;
  /** For kinds with a /status subresource: a status to write and a spec edit /status must ignore. */
  status?: { value: Record<string, any>; specEdit?: (o: Record<string, any>) => void };
  /** A custom resource: JSON and YAML bodies only (no protobuf), no strategic merge patch. */
  customResource?: boolean;
}

/**
 * Served kinds the shared suite cannot run over, each with its reason and where it is tested.
 * CustomResourceDefinition: its name must be `<plural>.<group>` of its own spec, so the suite's
 * generated names cannot be valid (test/e2e/crd.test.ts, test/crd/).
 */
export const EXEMPT = ['apiextensions.k8s.io/customresourcedefinitions'];

/** The CRD of the custom kind above, applied before the suite runs. */
export const SPROCKET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
  metadata: { name: 'sprockets.conformance.kubesim.test' },
  spec: {
    group: 'conformance.kubesim.test', scope: 'Namespaced',
    names: { plural: 'sprockets', singular: 'sprocket', kind: 'Sprocket', listKind: 'SprocketList' },
    versions: [{
      name: 'v1', served: true, storage: true, subresources: { status: {} },
      schema: {
        openAPIV3Schema: {
          type: 'object',
          properties: {
            spec: {
              type: 'object',
              properties: {
                size: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } },
                owner: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
            status: { type: 'object', properties: { phase: { type: 'string' }, observed: { type: 'integer' } } },
          },
        },
      },
    }],
  },
};

const NS = 'default';

export const FIXTURES: KindFixture[] = [
  {
    kind: 'Namespace', apiVersion: 'v1', group: '', resource: 'namespaces', namespaced: false,
    minimal: () => ({}),
    status: { value: { phase: 'Active', conditions: [{ type: 'NamespaceContentRemaining', status: 'False', reason: 'ContentRemoved', message: 'All content successfully removed' }] } },
  },
  {
    kind: 'Pod', apiVersion: 'v1', group: '', resource: 'pods', namespaced: true,
    minimal: () => ({ spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } }),
    rich: () => ({
      spec: {
        containers: [{ name: 'c', image: 'nginx:1.27', args: ['--x'], env: [{ name: 'A', value: '1' }] }],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }],
            },
          },
        },
        // The DefaultTolerationSeconds admission plugin appends these two unless present; sending them keeps the list as sent.
        tolerations: [
          { key: 'k', operator: 'Exists', effect: 'NoSchedule' },
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
      },
    }),
    status: {
      value: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], podIP: '10.244.0.5', podIPs: [{ ip: '10.244.0.5' }] },
      specEdit: (o) => { o.spec.activeDeadlineSeconds = 60; },
    },
  },
  {
    kind: 'Service', apiVersion: 'v1', group: '', resource: 'services', namespaced: true,
    minimal: () => ({ spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }),
    rich: () => ({
      spec: {
        selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
        sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 300 } },
      },
    }),
    status: {
      value: { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } },
      specEdit: (o) => { o.spec.selector = { app: 'other' }; },
    },
  },
  {
    kind: 'Endpoints', apiVersion: 'v1', group: '', resource: 'endpoints', namespaced: true,
    minimal: () => ({ subsets: [{ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 80, protocol: 'TCP' }] }] }),
    rich: () => ({ subsets: [{ addresses: [{ ip: '10.1.2.3', nodeName: 'n1' }], notReadyAddresses: [{ ip: '10.1.2.4' }], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }] }),
  },
  {
    kind: 'Node', apiVersion: 'v1', group: '', resource: 'nodes', namespaced: false,
    minimal: () => ({}),
    rich: () => ({ spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'], taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] } }),
    status: {
      value: { capacity: { cpu: '4', memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }] },
      specEdit: (o) => { o.spec = { ...o.spec, unschedulable: true }; },
    },
  },
  {
    kind: 'Event', apiVersion: 'v1', group: '', resource: 'events', namespaced: true,
    minimal: () => ({
      involvedObject: { kind: 'Pod', name: 'p1', namespace: NS, apiVersion: 'v1' },
      reason: 'Scheduled', message: 'Successfully assigned default/p1 to n1', type: 'Normal',
      source: { component: 'default-scheduler' },
      firstTimestamp: '2026-01-01T00:00:00Z', lastTimestamp: '2026-01-01T00:00:00Z', count: 1,
    }),
  },
  {
    kind: 'ConfigMap', apiVersion: 'v1', group: '', resource: 'configmaps', namespaced: true,
    minimal: () => ({ data: { a: '1' } }),
    rich: () => ({ data: { a: '1', 'b.txt': 'multi\nline\n' }, binaryData: { bin: 'AAEC' }, immutable: false }),
  },
  {
    kind: 'Secret', apiVersion: 'v1', group: '', resource: 'secrets', namespaced: true,
    minimal: () => ({ type: 'Opaque', data: { password: 'c2VrcmV0' } }),
  },
  {
    kind: 'ResourceQuota', apiVersion: 'v1', group: '', resource: 'resourcequotas', namespaced: true,
    minimal: () => ({ spec: { hard: { pods: '10' } } }),
    status: {
      value: { hard: { pods: '10' }, used: { pods: '0' } },
      specEdit: (o) => { o.spec.hard = { pods: '20' }; },
    },
  },
  {
    kind: 'LimitRange', apiVersion: 'v1', group: '', resource: 'limitranges', namespaced: true,
    minimal: () => ({ spec: { limits: [{ type: 'Container', max: { cpu: '2' } }] } }),
  },
  {
    kind: 'Event', apiVersion: 'events.k8s.io/v1', group: 'events.k8s.io', resource: 'events', namespaced: true,
    minimal: () => ({
      eventTime: '2026-01-01T00:00:00.000000Z', reportingController: 'example.com/ctrl', reportingInstance: 'ctrl-1',
      action: 'Scheduling', reason: 'Scheduled', type: 'Normal', note: 'assigned default/p1 to n1',
      regarding: { kind: 'Pod', name: 'p1', namespace: NS, apiVersion: 'v1' },
    }),
  },
  {
    kind: 'Lease', apiVersion: 'coordination.k8s.io/v1', group: 'coordination.k8s.io', resource: 'leases', namespaced: true,
    minimal: () => ({ spec: { holderIdentity: 'ctrl-1', leaseDurationSeconds: 15 } }),
    rich: () => ({
      spec: { holderIdentity: 'ctrl-1', leaseDurationSeconds: 15, acquireTime: '2026-01-01T00:00:00.000000Z', renewTime: '2026-01-01T00:00:05.123456Z', leaseTransitions: 2 },
    }),
  },
  {
    kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', group: 'discovery.k8s.io', resource: 'endpointslices', namespaced: true,
    minimal: () => ({ addressType: 'IPv4', endpoints: [{ addresses: ['10.1.2.3'] }], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }),
    rich: () => ({
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.1.2.3'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'n1', zone: 'z1', targetRef: { kind: 'Pod', name: 'p1', namespace: NS } }],
      ports: [{ name: 'http', port: 80, protocol: 'TCP', appProtocol: 'http' }],
    }),
  },
  // apps/v1 and batch/v1 workloads.
  {
    kind: 'Deployment', apiVersion: 'apps/v1', group: 'apps', resource: 'deployments', namespaced: true,
    minimal: () => ({ spec: { selector: { matchLabels: { app: 'web' } }, template: podTemplate({ app: 'web' }) } }),
    rich: () => ({
      spec: {
        replicas: 3, minReadySeconds: 5, paused: true, revisionHistoryLimit: 2, progressDeadlineSeconds: 120,
        selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe'] }] },
        strategy: { type: 'Recreate' },
        template: podTemplate({ app: 'web', tier: 'fe' }, { containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 8080, protocol: 'TCP' }] }] }),
      },
    }),
    status: {
      value: {
        observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1, unavailableReplicas: 1,
        conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }],
      },
      specEdit: (o) => { o.spec.replicas = 7; },
    },
  },
  {
    kind: 'ReplicaSet', apiVersion: 'apps/v1', group: 'apps', resource: 'replicasets', namespaced: true,
    minimal: () => ({ spec: { selector: { matchLabels: { app: 'web' } }, template: podTemplate({ app: 'web' }) } }),
    status: {
      value: { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 },
      specEdit: (o) => { o.spec.replicas = 4; },
    },
  },
  {
    kind: 'StatefulSet', apiVersion: 'apps/v1', group: 'apps', resource: 'statefulsets', namespaced: true,
    minimal: () => ({ spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: podTemplate({ app: 'db' }) } }),
    rich: () => ({
      spec: {
        serviceName: 'db', replicas: 2, podManagementPolicy: 'Parallel', selector: { matchLabels: { app: 'db' } }, template: podTemplate({ app: 'db' }),
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1, maxUnavailable: '50%' } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' }, ordinals: { start: 5 },
      },
    }),
    status: {
      value: { replicas: 1, readyReplicas: 1, currentReplicas: 1, updatedReplicas: 1, availableReplicas: 1, currentRevision: 'db-5d8f', updateRevision: 'db-5d8f' },
      specEdit: (o) => { o.spec.replicas = 3; },
    },
  },
  {
    kind: 'DaemonSet', apiVersion: 'apps/v1', group: 'apps', resource: 'daemonsets', namespaced: true,
    minimal: () => ({ spec: { selector: { matchLabels: { app: 'agent' } }, template: podTemplate({ app: 'agent' }) } }),
    rich: () => ({
      spec: {
        selector: { matchLabels: { app: 'agent' } }, minReadySeconds: 10,
        template: podTemplate({ app: 'agent' }, { nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerations: [{ operator: 'Exists' }] }),
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '10%' } },
      },
    }),
    status: {
      value: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberMisscheduled: 0, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2, numberUnavailable: 1 },
      specEdit: (o) => { o.spec.minReadySeconds = 30; },
    },
  },
  {
    kind: 'ControllerRevision', apiVersion: 'apps/v1', group: 'apps', resource: 'controllerrevisions', namespaced: true,
    minimal: () => ({ data: { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } } }, revision: 1 }),
  },
  {
    kind: 'Job', apiVersion: 'batch/v1', group: 'batch', resource: 'jobs', namespaced: true,
    minimal: () => ({ spec: { template: podTemplate(undefined, { restartPolicy: 'Never' }) } }),
    rich: () => ({
      spec: {
        completions: 3, parallelism: 2, backoffLimit: 2, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 60, completionMode: 'Indexed',
        template: podTemplate({ app: 'batch' }, { restartPolicy: 'OnFailure' }),
      },
    }),
    status: {
      value: { active: 1, ready: 1, startTime: '2026-01-01T00:00:00Z', uncountedTerminatedPods: {} },
      specEdit: (o) => { o.spec.parallelism = 5; },
    },
  },
  {
    kind: 'CronJob', apiVersion: 'batch/v1', group: 'batch', resource: 'cronjobs', namespaced: true,
    minimal: () => ({ spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: podTemplate(undefined, { restartPolicy: 'OnFailure' }) } } } }),
    rich: () => ({
      spec: {
        schedule: '@hourly', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 30, suspend: true,
        successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 0,
        jobTemplate: { metadata: { labels: { team: 'x' } }, spec: { backoffLimit: 1, template: podTemplate({ team: 'x' }, { restartPolicy: 'Never' }) } },
      },
    }),
    status: {
      value: { lastScheduleTime: '2026-01-01T00:00:00Z', active: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'x-1', namespace: NS }] },
      specEdit: (o) => { o.spec.suspend = true; },
    },
  },
  // A custom resource: the same cases over a kind its CRD (SPROCKET_CRD, applied in setup.ts) defines at run time.
  {
    kind: 'Sprocket', apiVersion: 'conformance.kubesim.test/v1', group: 'conformance.kubesim.test', resource: 'sprockets', namespaced: true,
    minimal: () => ({ spec: { size: 1 } }),
    rich: () => ({ spec: { size: 2, tags: ['a', 'b'], owner: { team: 'x' } } }),
    status: { value: { phase: 'Ready', observed: 3 }, specEdit: (o) => { o.spec.size = 9; } },
    customResource: true,
  },
];

/** A pod template with one container, labels and pod spec fields as given. */
function podTemplate(labels?: Record<string, string>, spec: Record<string, any> = {}): Record<string, any> {
  return { ...(labels ? { metadata: { labels } } : {}), spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...spec } };
}

/** A name-safe id unique per fixture (core and events.k8s.io Events share one store). */
export function slug(f: KindFixture): string {
  return f.group ? `${f.group.split('.')[0]}-${f.resource}` : f.resource;
}

/** Collection path for a kind, in `default` for namespaced kinds. */
export function collectionPath(f: KindFixture, ns = NS): string {
  const root = f.group ? `/apis/${f.apiVersion}` : '/api/v1';
  return f.namespaced ? `${root}/namespaces/${ns}/${f.resource}` : `${root}/${f.resource}`;
}

export function objectPath(f: KindFixture, name: string, ns = NS): string {
  return `${collectionPath(f, ns)}/${name}`;
}

/** `pods` or `endpointslices.discovery.k8s.io`, as the apiserver names a resource in messages. */
export function qualified(f: KindFixture): string {
  return f.group ? `${f.resource}.${f.group}` : f.resource;
}

export function manifest(f: KindFixture, name: string, extra: Record<string, any> = {}): Record<string, any> {
  const { metadata, ...rest } = extra;
  return { apiVersion: f.apiVersion, kind: f.kind, metadata: { name, ...metadata }, ...f.minimal(), ...rest };
}

/** Asserts-friendly deep containment: every field of `sent` is in `got` with the same value. */
export function missingFields(sent: unknown, got: unknown, path = ''): string[] {
  if (sent === null || typeof sent !== 'object') return Object.is(sent, got) ? [] : [`${path}: sent ${JSON.stringify(sent)}, got ${JSON.stringify(got)}`];
  if (Array.isArray(sent)) {
    if (!Array.isArray(got) || got.length !== sent.length) return [`${path}: sent ${JSON.stringify(sent)}, got ${JSON.stringify(got)}`];
    return sent.flatMap((v, i) => missingFields(v, got[i], `${path}[${i}]`));
  }
  if (got === null || typeof got !== 'object') return [`${path}: sent an object, got ${JSON.stringify(got)}`];
  return Object.entries(sent).flatMap(([k, v]) => missingFields(v, (got as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
}
