// What a StatefulSet's pods are (stateful_set_utils.go): "<set>-<ordinal>" with a stable network
// identity (hostname = pod name, subdomain = the governing Service), the identity labels and the
// revision label, built from the revision's template.
import type { KObject } from '../../machinery/types.js';
import { newControllerRef } from '../workloads/controllerref.js';
import { isPodReady } from '../workloads/pods.js';
import { podFromTemplate } from '../workloads/template.js';
import type { Pod, PodTemplateSpec } from '../workloads/types.js';

type J = Record<string, any>;

export const LABEL_POD_NAME = 'statefulset.kubernetes.io/pod-name';
export const LABEL_POD_INDEX = 'apps.kubernetes.io/pod-index';
export const LABEL_REVISION = 'controller-revision-hash';

export interface StatefulSet extends KObject {
  spec?: {
    replicas?: number;
    selector?: J;
    template?: PodTemplateSpec;
    serviceName?: string;
    podManagementPolicy?: 'OrderedReady' | 'Parallel';
    updateStrategy?: { type?: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { partition?: number; maxUnavailable?: number | string } };
    revisionHistoryLimit?: number;
    minReadySeconds?: number;
    ordinals?: { start?: number };
    volumeClaimTemplates?: J[];
    [k: string]: unknown;
  };
  status?: J;
}

/** getParentNameAndOrdinal: the set a pod name belongs to and its ordinal, or undefined. */
export function parentAndOrdinal(pod: KObject): { parent: string; ordinal: number } | undefined {
  const m = /^(.*)-(\d+)$/.exec(pod.metadata.name ?? '');
  if (!m) return undefined;
  const ordinal = Number(m[2]);
  return Number.isSafeInteger(ordinal) ? { parent: m[1], ordinal } : undefined;
}

export const ordinalOf = (pod: KObject): number => parentAndOrdinal(pod)?.ordinal ?? -1;

/** isMemberOf: named "<set>-<ordinal>". */
export function isMemberOf(set: KObject, pod: KObject): boolean {
  return parentAndOrdinal(pod)?.parent === set.metadata.name;
}

export const startOrdinal = (set: StatefulSet): number => set.spec?.ordinals?.start ?? 0;
export const replicasOf = (set: StatefulSet): number => set.spec?.replicas ?? 1;
export const podName = (set: KObject, ordinal: number): string => `${set.metadata.name}-${ordinal}`;
export const revisionOf = (pod: KObject): string | undefined => pod.metadata.labels?.[LABEL_REVISION];

const phase = (p: KObject): string | undefined => (p.status as J | undefined)?.phase;
export const isFailed = (p: KObject): boolean => phase(p) === 'Failed';
export const isSucceeded = (p: KObject): boolean => phase(p) === 'Succeeded';
export const isTerminating = (p: KObject): boolean => Boolean(p.metadata.deletionTimestamp);
export const isRunningAndReady = (p: KObject): boolean => phase(p) === 'Running' && isPodReady(p as Pod);

/** isHealthy: running, ready and not on its way out. */
export const isHealthy = (p: KObject): boolean => isRunningAndReady(p) && !isTerminating(p);

/** The claim name a volumeClaimTemplate gives an ordinal: "<template>-<set>-<ordinal>". */
export const claimName = (template: J, set: KObject, ordinal: number): string => `${template.metadata?.name}-${podName(set, ordinal)}`;

/** identityMatches: the name, identity labels and network identity the pod must have. */
export function identityMatches(set: StatefulSet, pod: KObject): boolean {
  const o = parentAndOrdinal(pod);
  const l = pod.metadata.labels ?? {};
  return o !== undefined && o.parent === set.metadata.name && l[LABEL_POD_NAME] === pod.metadata.name
    && l[LABEL_POD_INDEX] === String(o.ordinal);
}

/** newVersionedStatefulSetPod's pod: the template of the revision it belongs to, with its identity. */
export function newStatefulSetPod(set: StatefulSet, template: PodTemplateSpec | undefined, revision: string, ordinal: number): KObject {
  const pod = podFromTemplate(template, set, newControllerRef(set, 'apps/v1', 'StatefulSet'));
  const name = podName(set, ordinal);
  delete pod.metadata.generateName;
  pod.metadata.name = name;
  pod.metadata.namespace = set.metadata.namespace;
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [LABEL_POD_NAME]: name, [LABEL_POD_INDEX]: String(ordinal), [LABEL_REVISION]: revision };
  const spec = pod.spec as J;
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  // updateStorage: each volumeClaimTemplate becomes a volume on the ordinal's claim.
  const claims = set.spec?.volumeClaimTemplates ?? [];
  if (claims.length) {
    const names = new Set(claims.map((t) => t.metadata?.name));
    const volumes = ((spec.volumes ?? []) as J[]).filter((v) => !names.has(v.name));
    for (const t of claims) volumes.push({ name: t.metadata?.name, persistentVolumeClaim: { claimName: claimName(t, set, ordinal) } });
    spec.volumes = volumes;
  }
  return pod;
}
