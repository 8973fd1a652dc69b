// Realistic objects, as a real cluster stores and returns them, decode cleanly: no type errors and
// no unknown fields. A false positive here would reject what kubectl and controllers really send.
import { describe, expect, it } from 'vitest';
import { loadOpenAPI } from '../../src/registry/schema.js';

const managedFields = [{
  manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'v1', time: '2026-01-01T00:00:00Z',
  fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': {} } } },
}];
const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name, namespace: 'default', uid: '0b5e2c1a-8f3e-4c1d-9a7b-2f6d5e4c3b2a', resourceVersion: '4711', generation: 1,
  creationTimestamp: '2026-01-01T00:00:00Z', labels: { app: 'web', 'app.kubernetes.io/part-of': 'shop' },
  annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1"}\n' }, managedFields, ...extra,
});

const pod = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: meta('web-7d4b9c6f5-x2x9q', {
    generateName: 'web-7d4b9c6f5-',
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b9c6f5', uid: 'c3d4', controller: true, blockOwnerDeletion: true }],
    finalizers: ['example.com/keep'],
  }),
  spec: {
    volumes: [
      { name: 'kube-api-access-abcde', projected: { defaultMode: 420, sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ] } },
      { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      { name: 'config', configMap: { name: 'web-config', defaultMode: 0o644, optional: true } },
      { name: 'creds', secret: { secretName: 'web-creds' } },
    ],
    initContainers: [{ name: 'migrate', image: 'shop/migrate:1.2', command: ['/bin/sh', '-c'], args: ['migrate up'] }],
    containers: [{
      name: 'web', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent',
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'metrics', containerPort: 9090 }],
      env: [
        { name: 'MODE', value: 'prod' },
        { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
        { name: 'CPU', valueFrom: { resourceFieldRef: { containerName: 'web', resource: 'limits.cpu', divisor: '1m' } } },
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'web-creds', key: 'password', optional: false } } },
      ],
      envFrom: [{ configMapRef: { name: 'web-env' }, prefix: 'APP_' }],
      resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: 1, memory: '128Mi', 'ephemeral-storage': '1Gi' } },
      volumeMounts: [{ name: 'cache', mountPath: '/cache' }, { name: 'kube-api-access-abcde', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }],
      livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
      readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5 },
      startupProbe: { exec: { command: ['cat', '/tmp/ready'] }, failureThreshold: 30 },
      lifecycle: { preStop: { sleep: { seconds: 5 } } },
      securityContext: { runAsNonRoot: true, runAsUser: 1000, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
      terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
    }],
    restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', serviceAccountName: 'default',
    serviceAccount: 'default', nodeName: 'node-a', schedulerName: 'default-scheduler', priority: 0, enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority', nodeSelector: { 'kubernetes.io/os': 'linux' },
    securityContext: { fsGroup: 2000 },
    affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: {
      topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] } } }] } },
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }],
  },
  status: {
    phase: 'Running', qosClass: 'Burstable', hostIP: '10.0.0.11', hostIPs: [{ ip: '10.0.0.11' }], podIP: '10.244.1.7', podIPs: [{ ip: '10.244.1.7' }],
    startTime: '2026-01-01T00:00:01Z',
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:02Z' },
      { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:09Z', observedGeneration: 1 },
    ],
    initContainerStatuses: [{ name: 'migrate', ready: true, restartCount: 0, image: 'shop/migrate:1.2', imageID: 'docker.io/shop/migrate@sha256:ab', containerID: 'containerd://1',
      started: false, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: '2026-01-01T00:00:02Z', finishedAt: '2026-01-01T00:00:03Z', containerID: 'containerd://1' } } }],
    containerStatuses: [{ name: 'web', ready: true, started: true, restartCount: 2, image: 'docker.io/library/nginx:1.27', imageID: 'docker.io/library/nginx@sha256:cd',
      containerID: 'containerd://2', state: { running: { startedAt: '2026-01-01T00:00:04Z' } },
      lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: '2026-01-01T00:00:03Z', finishedAt: '2026-01-01T00:00:04Z' } },
      allocatedResources: { cpu: '250m', memory: '64Mi' }, resources: { requests: { cpu: '250m' } },
      volumeMounts: [{ name: 'cache', mountPath: '/cache' }], user: { linux: { uid: 1000, gid: 2000, supplementalGroups: [2000] } } }],
  },
};

const service = {
  apiVersion: 'v1', kind: 'Service', metadata: meta('web'),
  spec: {
    type: 'LoadBalancer', selector: { app: 'web' }, clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster', externalTrafficPolicy: 'Local', healthCheckNodePort: 31000,
    sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } }, allocateLoadBalancerNodePorts: true,
    trafficDistribution: 'PreferClose', publishNotReadyAddresses: false,
    ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', nodePort: 30080, appProtocol: 'kubernetes.io/h2c' },
      { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP', nodePort: 30090 }],
  },
  status: { loadBalancer: { ingress: [{ ip: '192.0.2.10', ipMode: 'VIP', ports: [{ port: 80, protocol: 'TCP' }] }] },
    conditions: [{ type: 'Ready', status: 'True', reason: 'Ok', message: '', lastTransitionTime: '2026-01-01T00:00:00Z', observedGeneration: 1 }] },
};

const endpointSlice = {
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
  metadata: meta('web-abc12', {
    generateName: 'web-', labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
    annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2026-01-01T00:00:09Z' },
    ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'd1', controller: true, blockOwnerDeletion: true }],
  }),
  addressType: 'IPv4',
  endpoints: [{
    addresses: ['10.244.1.7'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'node-a', zone: 'zone-a',
    hostname: 'web-0', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-7d4b9c6f5-x2x9q', uid: '0b5e' },
    hints: { forZones: [{ name: 'zone-a' }], forNodes: [{ name: 'node-a' }] },
  }],
  ports: [{ name: 'http', port: 8080, protocol: 'TCP', appProtocol: 'http' }, { name: 'metrics', port: 9090, protocol: 'TCP' }],
};

const node = {
  apiVersion: 'v1', kind: 'Node', metadata: { ...meta('node-a'), namespace: undefined },
  spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'], providerID: 'kubesim://node-a', taints: [{ key: 'k', value: 'v', effect: 'NoSchedule', timeAdded: '2026-01-01T00:00:00Z' }] },
  status: {
    capacity: { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' }, allocatable: { cpu: '3800m', memory: '15Gi', pods: '110' },
    conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
    addresses: [{ type: 'InternalIP', address: '10.0.0.11' }, { type: 'Hostname', address: 'node-a' }],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: { machineID: 'm', systemUUID: 's', bootID: 'b', kernelVersion: '6.1', osImage: 'Debian', containerRuntimeVersion: 'containerd://2.0',
      kubeletVersion: 'v1.35.0', kubeProxyVersion: '', operatingSystem: 'linux', architecture: 'amd64' },
    images: [{ names: ['docker.io/library/nginx:1.27'], sizeBytes: 72000000 }],
  },
};

const coreEvent = {
  apiVersion: 'v1', kind: 'Event', metadata: meta('web.1829f'),
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', uid: '0b5e', apiVersion: 'v1', resourceVersion: '4711', fieldPath: 'spec.containers{web}' },
  reason: 'Pulled', message: 'Container image already present', source: { component: 'kubelet', host: 'node-a' },
  firstTimestamp: '2026-01-01T00:00:00Z', lastTimestamp: '2026-01-01T00:00:05Z', count: 2, type: 'Normal',
  eventTime: null, reportingComponent: 'kubelet', reportingInstance: 'node-a',
};

const eventsEvent = {
  apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: meta('web.1829f'),
  eventTime: '2026-01-01T00:00:00.123456Z', series: { count: 3, lastObservedTime: '2026-01-01T00:01:00.000000Z' },
  reportingController: 'kubesim/endpointslice', reportingInstance: 'kubesim-0', action: 'Reconcile', reason: 'FailedToUpdateEndpointSlices',
  regarding: { kind: 'Service', namespace: 'default', name: 'web', uid: 'd1', apiVersion: 'v1' }, note: 'x', type: 'Warning',
  deprecatedSource: { component: 'endpointslice-controller' }, deprecatedCount: 0,
};

const cases: [string, string, Record<string, unknown>][] = [
  ['v1', 'Pod', pod],
  ['v1', 'Service', service],
  ['discovery.k8s.io/v1', 'EndpointSlice', endpointSlice],
  ['v1', 'Node', node],
  ['v1', 'Event', coreEvent],
  ['events.k8s.io/v1', 'Event', eventsEvent],
  ['v1', 'Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop' } },
    spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active', conditions: [{ type: 'NamespaceDeletionDiscoveryFailure', status: 'False', lastTransitionTime: '2026-01-01T00:00:00Z' }] } }],
  ['v1', 'ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('web-config'), data: { 'nginx.conf': 'events {}\n' }, binaryData: { blob: 'AAEC' }, immutable: false }],
  ['v1', 'Secret', { apiVersion: 'v1', kind: 'Secret', metadata: meta('web-creds'), type: 'Opaque', data: { password: 'czNjcjN0' }, stringData: { user: 'admin' } }],
  ['v1', 'Endpoints', { apiVersion: 'v1', kind: 'Endpoints', metadata: meta('web'), subsets: [{
    addresses: [{ ip: '10.244.1.7', nodeName: 'node-a', targetRef: { kind: 'Pod', name: 'web', namespace: 'default', uid: '0b5e' } }],
    notReadyAddresses: [{ ip: '10.244.2.9', hostname: 'web-1' }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }] }],
  ['v1', 'PodList', { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '4711', continue: 'abc', remainingItemCount: 3 }, items: [pod] }],
];

describe('real objects decode without errors or unknown fields', () => {
  const docs = loadOpenAPI();
  it.each(cases)('%s %s', (apiVersion, kind, obj) => {
    const v = docs.validator(apiVersion, kind);
    expect(v).toBeDefined();
    const plain = JSON.parse(JSON.stringify(obj)) as unknown; // as it arrives over the wire
    expect(v!.validate(plain)).toEqual([]);
    expect(v!.unknownFields(plain)).toEqual([]);
  });
});
