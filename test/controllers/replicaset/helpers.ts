// Builders for ReplicaSet controller tests: pods and ReplicaSets as the registry stores them.
import type { Pod, ReplicaSet } from '../../../src/controllers/workloads/index.js';

export const T0 = Date.parse('2026-01-01T00:00:00Z');
export const at = (ms: number) => new Date(T0 + ms).toISOString().replace('.000Z', 'Z');

export interface PodOpts {
  node?: string;
  phase?: string;
  ready?: boolean;
  readySince?: number;
  created?: number;
  restarts?: number;
  cost?: number;
  labels?: Record<string, string>;
  owner?: string | null;
  deleting?: boolean;
  uid?: string;
}

export function pod(name: string, o: PodOpts = {}): Pod {
  const labels = o.labels ?? { app: 'web' };
  const p: Pod = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: 'default', uid: o.uid ?? `uid-${name}`, labels,
      creationTimestamp: at(o.created ?? 0),
    },
    spec: { nodeName: o.node ?? '', containers: [{ name: 'c', image: 'nginx' }] },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: at(o.readySince ?? 0) }],
      containerStatuses: [{ name: 'c', restartCount: o.restarts ?? 0 }],
    },
  };
  if (o.cost !== undefined) p.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': String(o.cost) };
  if (o.owner !== null) {
    p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o.owner ?? 'web', uid: `uid-${o.owner ?? 'web'}`, controller: true, blockOwnerDeletion: true }];
  }
  if (o.deleting) p.metadata.deletionTimestamp = at(0);
  return p;
}

export function rs(name: string, replicas: number, o: { minReadySeconds?: number; generation?: number; owner?: string; selector?: Record<string, string> } = {}): ReplicaSet {
  const sel = o.selector ?? { app: 'web' };
  const r: ReplicaSet = {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: o.generation ?? 1, labels: sel },
    spec: {
      replicas, minReadySeconds: o.minReadySeconds ?? 0, selector: { matchLabels: sel },
      template: { metadata: { labels: sel }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
    status: { replicas: 0 },
  };
  if (o.owner) r.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: o.owner, uid: `uid-${o.owner}`, controller: true }];
  return r;
}
