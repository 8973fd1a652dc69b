// Pods shaped like a real cluster's: a Deployment's pod as the ReplicaSet controller creates it
// (labels with pod-template-hash, annotations, an ownerReference, two containers with env,
// resources, probes, ports and mounts, the projected service-account volume), bound by the
// scheduler and given status as the kubelet writes it (five conditions, containerStatuses with
// state, imageID and containerID, pod and host IPs, qosClass). Written through the registry with
// the same field managers a cluster uses, so managedFields look like a cluster's too.
import { createHash } from 'node:crypto';
import type { Kubesim } from '../../src/app.js';
import type { KObject } from '../../src/machinery/types.js';

type J = Record<string, any>;

export const REAL_APP = 'checkout';
export const TEMPLATE_HASH = '7d9f8c6b5d';
const IMAGE = 'ghcr.io/shop/checkout:1.14.2';
const PROXY_IMAGE = 'envoyproxy/envoy:v1.30.1';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** A unique 5-character suffix in the alphabet the apiserver's generateName uses (i < 27^5). */
export function suffix(i: number): string {
  const abc = 'bcdfghjklmnpqrstvwxz2456789';
  let v = (i * 7919 + 12345) % 27 ** 5;
  let out = '';
  for (let k = 0; k < 5; k++, v = Math.floor(v / 27)) out += abc[v % 27];
  return out;
}

/**
 * The pod template of the Deployment (labels and spec only), as a client would send it: every
 * feature a cluster's pods have, each kept small, so a served pod is ~4.6 KB with managedFields.
 */
export function realPodTemplate(): { metadata: J; spec: J } {
  const mount = { name: 'kube-api-access-7xk2p', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true };
  return {
    metadata: {
      labels: { app: REAL_APP, tier: 'api', 'pod-template-hash': TEMPLATE_HASH },
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-05-02T09:12:44Z' },
    },
    spec: {
      containers: [
        {
          name: 'app', image: IMAGE,
          ports: [{ name: 'http', containerPort: 8080 }],
          env: [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
          resources: { requests: { cpu: '250m', memory: '256Mi' } },
          readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
          volumeMounts: [mount],
        },
        {
          name: 'proxy', image: PROXY_IMAGE,
          env: [{ name: 'LOG', value: 'warn' }],
          resources: { requests: { cpu: '100m' } },
          volumeMounts: [mount],
        },
      ],
      volumes: [{
        name: 'kube-api-access-7xk2p',
        projected: {
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      }],
    },
  };
}

/** A POST body that creates a new real-size pod each time (generateName), without an owner. */
export function realPodCreateBody(labels: Record<string, string> = {}): string {
  const t = realPodTemplate();
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { generateName: `${REAL_APP}-${TEMPLATE_HASH}-`, labels: { ...t.metadata.labels, ...labels }, annotations: t.metadata.annotations },
    spec: t.spec,
  });
}

/** The status a kubelet writes for a running, ready pod of realPodTemplate(). */
export function realRunningStatus(name: string, podIP: string, hostIP: string, t: string): J {
  const cond = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: t, observedGeneration: 1 });
  const cs = (cname: string, image: string) => ({
    name: cname, state: { running: { startedAt: t } }, lastState: {}, ready: true, restartCount: 0,
    image, imageID: `${image.split(':')[0]}@sha256:${sha(image)}`, containerID: `containerd://${sha(name + cname)}`, started: true,
  });
  return {
    observedGeneration: 1, phase: 'Running',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(cond),
    hostIP, hostIPs: [{ ip: hostIP }], podIP, podIPs: [{ ip: podIP }], startTime: t,
    containerStatuses: [cs('app', IMAGE), cs('proxy', PROXY_IMAGE)],
    qosClass: 'Burstable',
  };
}

/**
 * Creates the ReplicaSet (an object only: run with workloadControllers off, so nothing scales it;
 * it keeps the garbage collector from deleting its pods), `nodes` Nodes, and `n` Running, Ready
 * pods: create (kube-controller-manager), bind (kube-scheduler), /status (kubelet).
 */
export function createRealPods(sim: Kubesim, ns: string, n: number, nodes = 10): KObject[] {
  const r = sim.registry;
  const rsS = r.resource('apps', 'replicasets');
  const podS = r.resource('', 'pods');
  const nodeS = r.resource('', 'nodes');
  const t = realPodTemplate();
  const rsName = `${REAL_APP}-${TEMPLATE_HASH}`;
  const rs = r.tryGet(rsS, ns, rsName) ?? r.create(rsS, ns, {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name: rsName, labels: t.metadata.labels },
    spec: { replicas: n, selector: { matchLabels: { app: REAL_APP, 'pod-template-hash': TEMPLATE_HASH } }, template: t },
  }, { fieldManager: 'kube-controller-manager' }).stored!;
  for (let i = 0; i < nodes; i++) {
    const name = `node-${i}`;
    if (r.tryGet(nodeS, '', name)) continue;
    r.create(nodeS, '', { metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `zone-${i % 3}` } } });
  }
  const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, uid: rs.obj.metadata.uid, controller: true, blockOwnerDeletion: true };
  const now = new Date(sim.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  const out: KObject[] = [];
  for (let i = 0; i < n; i++) {
    const name = `${rsName}-${suffix(i)}`;
    const node = `node-${i % nodes}`;
    // The registry keeps (and freezes) what it is given: a fresh template per pod.
    const pt = realPodTemplate();
    r.create(podS, ns, {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name, generateName: `${rsName}-`, labels: pt.metadata.labels, annotations: pt.metadata.annotations, ownerReferences: [{ ...owner }] },
      spec: pt.spec,
    }, { fieldManager: 'kube-controller-manager' });
    r.mutate(podS, ns, name, (p) => {
      (p.spec as J).nodeName = node;
    }, { subresource: 'binding', fieldManager: 'kube-scheduler' });
    const res = r.mutate(podS, ns, name, (p) => {
      p.status = realRunningStatus(name, `10.244.${(i >> 8) & 255}.${i & 255}`, `172.18.0.${(i % nodes) + 2}`, now);
    }, { subresource: 'status', fieldManager: 'kubelet' });
    out.push(res.object);
  }
  return out;
}
