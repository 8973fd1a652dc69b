// Builders for Deployment controller tests (after upstream's newDeployment / newReplicaSet helpers:
// maxSurge and maxUnavailable 0 unless given, which resolves to maxUnavailable 1).
import type { Deployment, IntOrString, ReplicaSet } from '../../../src/controllers/workloads/index.js';
import { setReplicasAnnotations } from '../../../src/controllers/deployment/util.js';
import { DeploymentSync } from '../../../src/controllers/deployment/planner.js';

export const T0 = Date.parse('2026-01-01T00:00:00Z');
export const at = (ms: number) => new Date(T0 + ms).toISOString().replace('.000Z', 'Z');

export function deployment(replicas: number, o: { surge?: IntOrString; unavailable?: IntOrString; recreate?: boolean; deadline?: number; history?: number; generation?: number; paused?: boolean; image?: string } = {}): Deployment {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-web', generation: o.generation ?? 1 },
    spec: {
      replicas, selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: o.image ?? 'nginx:1' }] } },
      strategy: o.recreate ? { type: 'Recreate' } : { type: 'RollingUpdate', rollingUpdate: { maxSurge: o.surge ?? 0, maxUnavailable: o.unavailable ?? 0 } },
      revisionHistoryLimit: o.history ?? 10, progressDeadlineSeconds: o.deadline, paused: o.paused,
    },
    status: {},
  };
}

let seq = 0;

/** A ReplicaSet of the Deployment; `created` orders them (ms after T0). */
export function replicaSet(name: string, replicas: number, o: { available?: number; actual?: number; created?: number; image?: string; revision?: number; d?: Deployment; ready?: number } = {}): ReplicaSet {
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name, namespace: 'default', uid: `uid-${name}`, generation: 1, creationTimestamp: at(o.created ?? seq++ * 1000),
      labels: { app: 'web', 'pod-template-hash': name },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }],
      annotations: o.revision !== undefined ? { 'deployment.kubernetes.io/revision': String(o.revision) } : {},
    },
    spec: {
      replicas, selector: { matchLabels: { app: 'web', 'pod-template-hash': name } },
      template: { metadata: { labels: { app: 'web', 'pod-template-hash': name } }, spec: { containers: [{ name: 'c', image: o.image ?? 'nginx:0' }] } },
    },
    status: {
      replicas: o.actual ?? replicas, readyReplicas: o.ready ?? o.available ?? replicas, availableReplicas: o.available ?? replicas, observedGeneration: 1,
    },
  };
  if (o.d) setReplicasAnnotations(rs, o.d.spec!.replicas!, o.d.spec!.replicas!);
  return rs;
}

/** A sync over a Deployment whose ReplicaSets are already claimed. */
export function syncOf(d: Deployment, rss: ReplicaSet[], now = T0 + 3600_000): DeploymentSync {
  const s = new DeploymentSync({ deployment: d, replicaSets: rss, pods: [], now });
  s.rsList = rss;
  return s;
}

/** The replicas each ReplicaSet ends with, by name. */
export function sizes(rss: ReplicaSet[]): Record<string, number> {
  return Object.fromEntries(rss.map((rs) => [rs.metadata.name, rs.spec?.replicas ?? 0]));
}
