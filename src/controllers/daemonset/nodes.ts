// Where a DaemonSet's pods belong (daemon_controller.go NodeShouldRunDaemonPod and
// util/daemonset_util.go): the daemon pod as it would be on a node, with the tolerations the
// controller adds, checked against the node's name, selector/affinity and taints; and the node a
// pod is pinned to by its matchFields node affinity.
import type { KObject } from '../../machinery/types.js';
import { nodeMatchesPod, untoleratedTaint, type Taint } from '../workloads/node-affinity.js';

type J = Record<string, any>;

/** AddOrUpdateDaemonPodTolerations: daemons survive conditions that evict or block other pods. */
export function daemonTolerations(spec: J): J[] {
  const add: J[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (spec.hostNetwork === true) add.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  const out = [...((spec.tolerations ?? []) as J[])];
  for (const t of add) {
    // AddOrUpdateTolerationInPodSpec: an equal key/effect toleration is replaced, others kept.
    const i = out.findIndex((x) => x.key === t.key && x.effect === t.effect && x.operator === t.operator);
    if (i >= 0) out[i] = t;
    else out.push(t);
  }
  return out;
}

/** The node's taints, plus the ones the node lifecycle controller puts on a node that is not Ready. */
export function nodeTaints(node: KObject): Taint[] {
  const spec = (node.spec ?? {}) as J;
  const taints: Taint[] = [...((spec.taints ?? []) as Taint[])];
  const ready = (((node.status as J | undefined)?.conditions ?? []) as J[]).find((c) => c.type === 'Ready');
  if (ready?.status !== 'True') {
    const key = ready?.status === 'False' ? 'node.kubernetes.io/not-ready' : 'node.kubernetes.io/unreachable';
    if (!taints.some((t) => t.key === key && t.effect === 'NoSchedule')) taints.push({ key, effect: 'NoSchedule' });
  }
  if (spec.unschedulable === true && !taints.some((t) => t.key === 'node.kubernetes.io/unschedulable')) {
    taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
  }
  return taints;
}

export interface Placement {
  /** A daemon pod should be created here. */
  shouldRun: boolean;
  /** An existing daemon pod may stay (only NoExecute taints evict). */
  shouldContinueRunning: boolean;
}

/** NodeShouldRunDaemonPod. */
export function placement(templateSpec: J | undefined, node: KObject): Placement {
  const spec = templateSpec ?? {};
  const fitsName = !spec.nodeName || spec.nodeName === node.metadata.name;
  const fitsAffinity = nodeMatchesPod(spec, node);
  const tolerations = daemonTolerations(spec);
  const taints = nodeTaints(node);
  const noSchedule = untoleratedTaint(taints, tolerations, ['NoSchedule', 'NoExecute']) === undefined;
  const noExecute = untoleratedTaint(taints, tolerations, ['NoExecute']) === undefined;
  return { shouldRun: fitsName && fitsAffinity && noSchedule, shouldContinueRunning: fitsName && fitsAffinity && noExecute };
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: pin the pod to one node by matchFields metadata.name. */
export function pinToNode(affinity: J | undefined, nodeName: string): J {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  const out = structuredClone(affinity ?? {});
  out.nodeAffinity = { ...(out.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } };
  return out;
}

/** GetTargetNodeName: spec.nodeName, else the single node its matchFields affinity names. */
export function targetNode(pod: KObject): string | undefined {
  const spec = (pod.spec ?? {}) as J;
  if (spec.nodeName) return spec.nodeName;
  const terms = (spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) as J[];
  for (const t of terms) {
    for (const f of (t.matchFields ?? []) as J[]) {
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
    }
  }
  return undefined;
}
