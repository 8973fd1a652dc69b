// Realistic objects survive encode (gogo-shaped, as client-go writes them) → decode unchanged, and no
// byte sequence makes the decoder throw anything but a 400 StatusError or hang. The fixtures are written
// the way Go's JSON encoder shows these objects: non-pointer structs present (`resources: {}`,
// `lastState: {}`), omitempty zero values absent, pointer and required zero values present.
import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../src/machinery/status.js';
import { SeededRandom } from '../../src/util/random.js';
import { decodeProtobufObject, encodeProtobufObject } from '../helpers/kinds.js';

const T1 = '2026-01-02T03:04:05Z';
const T2 = '2026-01-02T03:09:00Z';
const UID = '6f1c1a52-3f0e-4a43-9d1a-1f0c2b3d4e5f';
const fields = { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': {} };

const container = {
  name: 'web',
  image: 'nginx:1.27',
  args: ['-g', 'daemon off;'],
  workingDir: '/srv',
  ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
  envFrom: [{ configMapRef: { name: 'env' } }, { prefix: 'DB_', secretRef: { name: 'db', optional: true } }],
  env: [
    { name: 'MODE', value: 'prod' },
    { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
    { name: 'CPU', valueFrom: { resourceFieldRef: { containerName: 'web', resource: 'limits.cpu', divisor: '1m' } } },
    { name: 'PASS', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
    { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'env', key: 'level', optional: false } } },
  ],
  resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
  volumeMounts: [{ name: 'config', readOnly: true, mountPath: '/etc/web' }, { name: 'cache', mountPath: '/cache', subPath: 'web' }],
  livenessProbe: {
    httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP', httpHeaders: [{ name: 'X-Probe', value: '1' }] },
    initialDelaySeconds: 5, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3,
  },
  readinessProbe: { tcpSocket: { port: 8080 }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 },
  startupProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 10, failureThreshold: 30, terminationGracePeriodSeconds: 0 },
  lifecycle: { preStop: { sleep: { seconds: 5 } } },
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  imagePullPolicy: 'IfNotPresent',
  securityContext: {
    capabilities: { drop: ['ALL'] }, runAsUser: 1000, runAsNonRoot: true, readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' },
  },
};

const pod = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: {
    name: 'web-7d4b9c-x2x8q', generateName: 'web-7d4b9c-', namespace: 'shop', uid: UID, resourceVersion: '1234',
    creationTimestamp: T1, labels: { app: 'web', 'pod-template-hash': '7d4b9c' },
    annotations: { 'kubectl.kubernetes.io/restartedAt': T1 },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b9c', uid: UID, controller: true, blockOwnerDeletion: true }],
    finalizers: ['example.com/keep'],
    managedFields: [{ manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'v1', time: T1, fieldsType: 'FieldsV1', fieldsV1: fields }],
  },
  spec: {
    volumes: [
      { name: 'config', configMap: { name: 'web-config', items: [{ key: 'a', path: 'a.conf', mode: 384 }], defaultMode: 420 } },
      { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      {
        name: 'token',
        projected: {
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
          defaultMode: 420,
        },
      },
      { name: 'tls', secret: { secretName: 'tls', optional: false } },
      { name: 'data', persistentVolumeClaim: { claimName: 'data', readOnly: true } },
      { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
    ],
    initContainers: [{
      name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'echo hi'], resources: {}, restartPolicy: 'Always',
      terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent',
    }],
    containers: [container],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    serviceAccountName: 'web',
    serviceAccount: 'web',
    nodeName: 'node-1',
    securityContext: { runAsGroup: 3000, supplementalGroups: [4000, 5000], fsGroup: 2000 },
    imagePullSecrets: [{ name: 'regcred' }],
    hostname: 'web-0',
    subdomain: 'web',
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }],
        },
      },
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' },
        }],
      },
    },
    schedulerName: 'default-scheduler',
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    hostAliases: [{ ip: '127.0.0.1', hostnames: ['foo.local'] }],
    priority: 0,
    dnsConfig: { nameservers: ['1.1.1.1'], options: [{ name: 'ndots', value: '2' }] },
    readinessGates: [{ conditionType: 'example.com/ready' }],
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    topologySpreadConstraints: [{
      maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] },
    }],
  },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: T2 }, { type: 'PodScheduled', status: 'True', lastTransitionTime: T1 }],
    hostIP: '10.0.0.1', hostIPs: [{ ip: '10.0.0.1' }],
    podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }],
    startTime: T1,
    initContainerStatuses: [{
      name: 'init', state: { running: { startedAt: T1 } }, lastState: {}, ready: true, restartCount: 0,
      image: 'docker.io/library/busybox:1.36', imageID: '', started: true,
    }],
    containerStatuses: [{
      name: 'web',
      state: { running: { startedAt: T2 } },
      lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: T1, finishedAt: T2, containerID: 'containerd://abc' } },
      ready: true, restartCount: 1, image: 'docker.io/library/nginx:1.27', imageID: 'docker.io/library/nginx@sha256:0123',
      containerID: 'containerd://def', started: true,
    }],
    qosClass: 'Burstable',
  },
};

const service = {
  apiVersion: 'v1', kind: 'Service',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
  spec: {
    ports: [
      { name: 'http', protocol: 'TCP', appProtocol: 'http', port: 80, targetPort: 'http', nodePort: 30080 },
      { name: 'metrics', protocol: 'TCP', port: 9090, targetPort: 9090, nodePort: 30090 },
    ],
    selector: { app: 'web' },
    clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], type: 'NodePort',
    sessionAffinity: 'ClientIP', externalTrafficPolicy: 'Cluster',
    sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
    ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster', trafficDistribution: 'PreferClose',
  },
  status: { loadBalancer: {} },
};

const endpointSlice = {
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
  metadata: {
    name: 'web-abcde', generateName: 'web-', namespace: 'shop',
    labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
    ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: UID, controller: true, blockOwnerDeletion: true }],
  },
  addressType: 'IPv4',
  endpoints: [
    {
      addresses: ['10.244.1.5'], conditions: { ready: true, serving: true, terminating: false },
      targetRef: { kind: 'Pod', namespace: 'shop', name: 'web-1', uid: UID }, nodeName: 'node-1', zone: 'a',
      hints: { forZones: [{ name: 'a' }], forNodes: [{ name: 'node-1' }] },
    },
    { addresses: ['10.244.2.7'], conditions: { ready: false, serving: true, terminating: true }, hostname: 'web-2', nodeName: 'node-2', zone: 'b' },
    { addresses: ['10.244.3.9'], conditions: {} },
  ],
  ports: [{ name: 'http', protocol: 'TCP', port: 8080, appProtocol: 'http' }, { name: '', protocol: 'UDP', port: 53 }],
};

const node = {
  apiVersion: 'v1', kind: 'Node',
  metadata: { name: 'node-1', labels: { 'kubernetes.io/hostname': 'node-1', 'topology.kubernetes.io/zone': 'a' } },
  spec: {
    podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'], providerID: 'kubesim://node-1', unschedulable: true,
    taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }, { key: 'k', value: 'v', effect: 'NoExecute', timeAdded: T1 }],
  },
  status: {
    capacity: { cpu: '4', memory: '16Gi', pods: '110' },
    allocatable: { cpu: '3900m', memory: '15Gi', pods: '110' },
    conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: T2, lastTransitionTime: T1, reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
    addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: 'node-1' }],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: 'm1', systemUUID: 's1', bootID: 'b1', kernelVersion: '6.8.0', osImage: 'Ubuntu 24.04',
      containerRuntimeVersion: 'containerd://2.0.0', kubeletVersion: 'v1.35.0', kubeProxyVersion: '',
      operatingSystem: 'linux', architecture: 'amd64',
    },
    images: [{ names: ['docker.io/library/nginx:1.27'], sizeBytes: 72_000_000_000 }],
  },
};

const coreEvent = {
  apiVersion: 'v1', kind: 'Event',
  metadata: { name: 'web-1.17a3b', namespace: 'shop' },
  involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-1', uid: UID, apiVersion: 'v1', resourceVersion: '12', fieldPath: 'spec.containers{web}' },
  reason: 'Pulled', message: 'Container image "nginx:1.27" already present on machine',
  source: { component: 'kubelet', host: 'node-1' },
  firstTimestamp: T1, lastTimestamp: T2, count: 3, type: 'Normal',
  reportingComponent: 'kubelet', reportingInstance: 'node-1',
};

const eventsV1Event = {
  apiVersion: 'events.k8s.io/v1', kind: 'Event',
  metadata: { name: 'web-1.17a3c', namespace: 'shop' },
  eventTime: '2026-01-02T03:04:05.123456Z',
  series: { count: 2, lastObservedTime: '2026-01-02T03:09:00.000001Z' },
  reportingController: 'kubesim/scheduler', reportingInstance: 'kubesim-1',
  action: 'Binding', reason: 'Scheduled',
  regarding: { kind: 'Pod', namespace: 'shop', name: 'web-1', uid: UID, apiVersion: 'v1' },
  note: 'Successfully assigned shop/web-1 to node-1', type: 'Normal',
  deprecatedSource: {},
};

const endpoints = {
  apiVersion: 'v1', kind: 'Endpoints',
  metadata: { name: 'web', namespace: 'shop' },
  subsets: [{
    addresses: [{ ip: '10.244.1.5', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'shop', name: 'web-1', uid: UID } }],
    notReadyAddresses: [{ ip: '10.244.2.7', hostname: 'web-2' }],
    ports: [{ name: 'http', port: 8080, protocol: 'TCP', appProtocol: 'http' }],
  }],
};

const FIXTURES: Array<[string, Record<string, unknown>]> = [
  ['a full Pod', pod],
  ['a Service with a named targetPort', service],
  ['an EndpointSlice with conditions and hints', endpointSlice],
  ['a Node', node],
  ['a core Event', coreEvent],
  ['an events.k8s.io Event', eventsV1Event],
  ['Endpoints', endpoints],
  ['a Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { team: 'a' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }],
  ['a ConfigMap with data', {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'shop' },
    immutable: true, data: { 'app.properties': 'a=1\nb=2\n', empty: '' }, binaryData: { 'logo.png': Buffer.from([0, 1, 2, 255]).toString('base64') },
  }],
  ['a Secret with data', {
    apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls', namespace: 'shop' },
    data: { 'tls.crt': Buffer.from('-----BEGIN CERTIFICATE-----').toString('base64'), 'tls.key': '' }, stringData: { extra: 'x' }, type: 'kubernetes.io/tls',
  }],
  ['DeleteOptions with preconditions', {
    apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0,
    preconditions: { uid: UID, resourceVersion: '42' }, propagationPolicy: 'Background', dryRun: ['All'],
  }],
  ['a Binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web-1', namespace: 'shop' }, target: { kind: 'Node', name: 'node-1', apiVersion: 'v1' } }],
];

describe('round trip through the gogo-shaped encoder', () => {
  it.each(FIXTURES)('%s', (_name, obj) => {
    const body = encodeProtobufObject(obj);
    expect(body.subarray(0, 4)).toEqual(Buffer.from([0x6b, 0x38, 0x73, 0x00]));
    expect(decodeProtobufObject(body)).toEqual(obj);
  });

  it('adds the non-pointer structs a Go client always sends', () => {
    const bare = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    expect(decodeProtobufObject(encodeProtobufObject(bare))).toEqual({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'nginx', resources: {} }] }, status: {},
    });
  });

  it('keeps a ConfigMap key named __proto__ as data, not as a prototype', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: JSON.parse('{"__proto__":"v","a":"b"}') };
    const out = decodeProtobufObject(encodeProtobufObject(cm));
    expect(Object.keys(out.data as object)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(out.data)).toBe(Object.prototype);
  });
});

/** Calls the decoder and classifies the outcome; anything but an object or a 400 fails the test. */
function outcome(body: Buffer): 'ok' | 'rejected' {
  try {
    const out = decodeProtobufObject(body);
    expect(typeof out).toBe('object');
    return 'ok';
  } catch (e) {
    if (!isStatusError(e) || e.code !== 400) throw new Error(`non-Status error for ${body.toString('hex').slice(0, 80)}: ${String(e)}`);
    return 'rejected';
  }
}

describe('robustness: garbage never escapes as anything but a 400', () => {
  const magic = Buffer.from('k8s\0', 'latin1');
  const rnd = new SeededRandom(20260102);
  const randomBytes = (n: number) => Buffer.from(Array.from({ length: n }, () => rnd.int(256)));

  it('every truncation of every fixture', () => {
    for (const [, obj] of FIXTURES) {
      const body = encodeProtobufObject(obj);
      for (let end = 0; end < body.length; end++) outcome(body.subarray(0, end));
    }
  });

  it('random byte flips in every fixture', () => {
    for (const [, obj] of FIXTURES) {
      const body = encodeProtobufObject(obj);
      for (let i = 0; i < 300; i++) {
        const copy = Buffer.from(body);
        for (let flips = 1 + rnd.int(4); flips > 0; flips--) copy[4 + rnd.int(copy.length - 4)] = rnd.int(256);
        outcome(copy);
      }
    }
  });

  it('random bytes, with and without the magic, and as the raw object of every kind', () => {
    for (let i = 0; i < 2000; i++) {
      const junk = randomBytes(rnd.int(200));
      outcome(junk);
      outcome(Buffer.concat([magic, junk]));
    }
    for (const [, obj] of FIXTURES) {
      const head = encodeProtobufObject({ apiVersion: obj.apiVersion, kind: obj.kind });
      for (let i = 0; i < 200; i++) {
        const raw = randomBytes(rnd.int(300));
        const typeMeta = head.subarray(4, 6 + head[5]!);
        const len = Buffer.from(encodeLength(raw.length));
        outcome(Buffer.concat([magic, typeMeta, Buffer.from([0x12]), len, raw]));
      }
    }
  });

  it.each([
    ['a huge length prefix', Buffer.concat([magic, Buffer.from('0aff ffff ff0f'.replace(/ /g, ''), 'hex')])],
    ['a length past the end', Buffer.concat([magic, Buffer.from('0a7f0a', 'hex')])],
    ['100k nested start-groups', Buffer.concat([magic, Buffer.alloc(100_000, 0x0b)])],
    ['a never-ending varint', Buffer.concat([magic, Buffer.from([0x08]), Buffer.alloc(50, 0xff)])],
    ['wire types 6 and 7', Buffer.concat([magic, Buffer.from([0x0e, 0x0f])])],
    ['a 1 MiB string field', Buffer.concat([magic, Buffer.from([0x1a, 0x80, 0x80, 0x40]), Buffer.alloc(1 << 20, 0x61)])],
  ])('%s', (_name, body) => {
    const started = Date.now();
    outcome(body);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

function encodeLength(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
