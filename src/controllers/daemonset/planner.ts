// The DaemonSet controller's decisions (daemon_controller.go manage/podsShouldBeOnNode/
// updateDaemonSetStatus, update.go rollingUpdate/constructHistory/cleanupHistory), pure: the set,
// the nodes, its claimed pods and revisions and now in; revisions to keep, pods to create (one per
// node, pinned by node affinity) and delete, status and events out.
import type { KObject } from '../../machinery/types.js';
import { computeHash, canonicalJSON } from '../workloads/hash.js';
import { revisionsToPrune, sortRevisions, templatePatch, type ControllerRevision } from '../workloads/history.js';
import { newControllerRef } from '../workloads/controllerref.js';
import { isPodAvailable, isPodReady } from '../workloads/pods.js';
import { podFromTemplate } from '../workloads/template.js';
import type { Pod, PodTemplateSpec } from '../workloads/types.js';
import { daemonTolerations, pinToNode, placement, targetNode } from './nodes.js';

type J = Record<string, any>;

export const LABEL_HASH = 'controller-revision-hash';
export const LABEL_TEMPLATE_GENERATION = 'pod-template-generation';

export interface DaemonSet extends KObject {
  spec?: {
    selector?: J;
    template?: PodTemplateSpec;
    updateStrategy?: { type?: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
  };
  status?: J;
}

export interface PlanEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface DaemonSetPlan {
  hash: string;
  /** The revision for the current template, to create (or renumber). */
  revision: { create?: ControllerRevision; renumber?: { name: string; revision: number } };
  prune: ControllerRevision[];
  /** One pod per node to create (generateName; the applier records events with the real names). */
  create: KObject[];
  delete: { name: string; uid: string }[];
  events: PlanEvent[];
  status: J;
  requeueAfterMs?: number;
  /** Nodes whose failed-pods back-off steps (a failed pod was deleted there). */
  backoffNodes: string[];
}

export interface DaemonSetPlanInput {
  ds: DaemonSet;
  nodes: KObject[];
  pods: KObject[];
  revisions: ControllerRevision[];
  now: number;
  /** The failed-pods back-off per node (failedPodsBackoff upstream; the controller keeps it). */
  failedBackoff?: ReadonlyMap<string, BackoffEntry>;
}

/** flowcontrol.Backoff's entry: the current delay and when it was last stepped. */
export interface BackoffEntry {
  delayMs: number;
  lastMs: number;
}

/** failedPodsBackoff: 1 s doubling to 15 min, reset after twice the maximum without failures. */
export const FAILED_PODS_BACKOFF = { initialMs: 1000, maxMs: 15 * 60_000 };

/** Backoff.Next: the entry after one more failure at `now`. */
export function nextBackoff(e: BackoffEntry | undefined, now: number): BackoffEntry {
  if (!e || now - e.lastMs > 2 * FAILED_PODS_BACKOFF.maxMs) return { delayMs: FAILED_PODS_BACKOFF.initialMs, lastMs: now };
  return { delayMs: Math.min(e.delayMs * 2, FAILED_PODS_BACKOFF.maxMs), lastMs: now };
}

const created = (p: KObject) => Date.parse(p.metadata.creationTimestamp ?? '') || 0;
const byAge = (a: KObject, b: KObject) => created(a) - created(b) || ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1);
const phase = (p: KObject) => (p.status as J | undefined)?.phase;

/** GetIntOrPercentValue scaled, rounding up as updatedDesiredNodeCounts does. */
function scaled(v: number | string | undefined, total: number, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  return m ? Math.ceil((Number(m[1]) * total) / 100) : Number(v) || 0;
}

/** The revision snapshot of the current template (dsc.snapshot). */
function snapshot(ds: DaemonSet, hash: string, revision: number): ControllerRevision {
  return {
    apiVersion: 'apps/v1', kind: 'ControllerRevision',
    metadata: {
      name: `${ds.metadata.name}-${hash}`, namespace: ds.metadata.namespace,
      labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [LABEL_HASH]: hash },
      ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(ds, 'apps/v1', 'DaemonSet')],
    },
    data: templatePatch(ds.spec?.template),
    revision,
  };
}

/** constructHistory: find or make the current revision; the hash its pods carry. */
function history(ds: DaemonSet, revisions: ControllerRevision[], plan: DaemonSetPlan): void {
  const patch = canonicalJSON(templatePatch(ds.spec?.template));
  const sorted = sortRevisions(revisions);
  const cur = sorted.filter((r) => canonicalJSON(r.data) === patch);
  const old = sorted.filter((r) => canonicalJSON(r.data) !== patch);
  const next = Math.max(0, ...old.map((r) => r.revision ?? 0)) + 1;
  if (cur.length === 0) {
    let collisions = Number(ds.status?.collisionCount ?? 0);
    let hash = computeHash(ds.spec?.template, collisions);
    while (sorted.some((r) => r.metadata.name === `${ds.metadata.name}-${hash}`)) hash = computeHash(ds.spec?.template, ++collisions);
    plan.status.collisionCount = collisions;
    plan.hash = hash;
    plan.revision.create = snapshot(ds, hash, next);
    return;
  }
  // Duplicates of the current revision (an old one came back): keep the newest.
  const keep = cur[cur.length - 1];
  plan.prune.push(...cur.slice(0, -1));
  plan.hash = keep.metadata.labels?.[LABEL_HASH] ?? keep.metadata.name!.slice(`${ds.metadata.name}-`.length);
  if ((keep.revision ?? 0) < next) plan.revision.renumber = { name: keep.metadata.name ?? '', revision: next };
}

function newDaemonPod(ds: DaemonSet, nodeName: string, hash: string): KObject {
  const pod = podFromTemplate(ds.spec?.template, ds, newControllerRef(ds, 'apps/v1', 'DaemonSet'));
  pod.metadata.namespace = ds.metadata.namespace;
  pod.metadata.labels = {
    ...(pod.metadata.labels ?? {}), [LABEL_HASH]: hash, [LABEL_TEMPLATE_GENERATION]: String(ds.metadata.generation ?? 1),
  };
  const spec = pod.spec as J;
  spec.tolerations = daemonTolerations(spec);
  spec.affinity = pinToNode(spec.affinity, nodeName);
  return pod;
}

const isUpdated = (p: KObject, ds: DaemonSet, hash: string): boolean =>
  p.metadata.labels?.[LABEL_HASH] === hash
  || (p.metadata.labels?.[LABEL_TEMPLATE_GENERATION] !== undefined && p.metadata.labels[LABEL_TEMPLATE_GENERATION] === String(ds.metadata.generation));

export function planDaemonSet({ ds, nodes, pods, revisions, now, failedBackoff }: DaemonSetPlanInput): DaemonSetPlan {
  const plan: DaemonSetPlan = { hash: '', revision: {}, prune: [], create: [], delete: [], events: [], status: {}, backoffNodes: [] };
  history(ds, revisions, plan);
  const hash = plan.hash;
  const byNode = new Map<string, KObject[]>();
  for (const p of [...pods].sort(byAge)) {
    const n = targetNode(p);
    if (n) byNode.set(n, [...(byNode.get(n) ?? []), p]);
  }
  const nodeNames = nodes.map((n) => n.metadata.name ?? '').sort();
  const nodeByName = new Map(nodes.map((n) => [n.metadata.name ?? '', n]));
  const del = (p: KObject) => {
    if (plan.delete.some((d) => d.uid === p.metadata.uid)) return;
    plan.delete.push({ name: p.metadata.name ?? '', uid: p.metadata.uid ?? '' });
    plan.events.push({ type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${p.metadata.name}` });
  };
  const createOn: string[] = [];
  if (!ds.metadata.deletionTimestamp) {
    manage(ds, hash, nodeNames, nodeByName, byNode, now, del, createOn, plan, failedBackoff ?? new Map());
    if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      rollingUpdate(ds, hash, nodeNames, byNode, nodeByName, now, del, createOn, plan.delete);
    }
  }
  for (const name of createOn) plan.create.push(newDaemonPod(ds, name, hash));
  status(ds, hash, nodeNames, nodeByName, byNode, now, plan);
  const live = new Set([`${ds.metadata.name}-${hash}`]);
  for (const r of revisions) if (pods.some((p) => p.metadata.labels?.[LABEL_HASH] === r.metadata.labels?.[LABEL_HASH])) live.add(r.metadata.name ?? '');
  for (const r of plan.prune) live.add(r.metadata.name ?? '');
  plan.prune.push(...revisionsToPrune(revisions, live, ds.spec?.revisionHistoryLimit ?? 10));
  return plan;
}

/** manage / podsShouldBeOnNode: a pod where one should run, none where it may not stay. */
function manage(
  ds: DaemonSet, hash: string, nodeNames: string[], nodeByName: Map<string, KObject>, byNode: Map<string, KObject[]>, now: number,
  del: (p: KObject) => void, createOn: string[], plan: DaemonSetPlan, backoff: ReadonlyMap<string, BackoffEntry>,
): void {
  const surge = (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate'
    && scaled(ds.spec?.updateStrategy?.rollingUpdate?.maxSurge, 1, 0) > 0;
  // Pods on nodes that are gone.
  for (const [name, ps] of byNode) if (!nodeByName.has(name)) ps.filter((p) => !p.metadata.deletionTimestamp).forEach(del);
  for (const name of nodeNames) {
    const { shouldRun, shouldContinueRunning } = placement(ds.spec?.template?.spec, nodeByName.get(name)!);
    const ps = byNode.get(name) ?? [];
    if (shouldRun && ps.length === 0) {
      createOn.push(name);
      continue;
    }
    if (!shouldContinueRunning) {
      ps.filter((p) => !p.metadata.deletionTimestamp).forEach(del);
      continue;
    }
    const running: KObject[] = [];
    for (const p of ps) {
      if (p.metadata.deletionTimestamp) continue;
      if (phase(p) === 'Failed') {
        // A failed daemon pod is killed (and so replaced) at most once per back-off period per node.
        const e = backoff.get(name);
        if (e && now - e.lastMs < e.delayMs) {
          plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? Infinity, e.lastMs + e.delayMs - now);
          continue;
        }
        if (!plan.backoffNodes.includes(name)) plan.backoffNodes.push(name);
        plan.events.push({ type: 'Warning', reason: 'FailedDaemonPod', message: `Found failed daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${name}, will try to kill it` });
        del(p);
      } else if (phase(p) === 'Succeeded') del(p);
      else running.push(p);
    }
    keepOnePerNode(running, hash, surge, ds.spec?.minReadySeconds ?? 0, now, del);
  }
}

/** More than one running daemon pod on a node: keep the oldest (with surge, the oldest of each kind). */
function keepOnePerNode(running: KObject[], hash: string, surge: boolean, minReady: number, now: number, del: (p: KObject) => void): void {
  if (running.length <= 1) return;
  if (!surge) {
    running.slice(1).forEach(del);
    return;
  }
  let oldestNew: KObject | undefined;
  let oldestOld: KObject | undefined;
  for (const p of running) {
    if (p.metadata.labels?.[LABEL_HASH] === hash) {
      if (!oldestNew) oldestNew = p;
      else del(p);
    } else if (!oldestOld) oldestOld = p;
    else del(p);
  }
  if (oldestNew && oldestOld && (!isPodReady(oldestOld as Pod) || isPodAvailable(oldestNew as Pod, minReady, now))) del(oldestOld);
}

/** findUpdatedPodsOnNode: the node's one new and one old pod; false when there are more. */
function updatedOnNode(pods: KObject[], hash: string): { ok: boolean; newPod?: KObject; oldPod?: KObject } {
  let newPod: KObject | undefined;
  let oldPod: KObject | undefined;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    if (p.metadata.labels?.[LABEL_HASH] === hash) {
      if (newPod) return { ok: false };
      newPod = p;
    } else {
      if (oldPod) return { ok: false };
      oldPod = p;
    }
  }
  return { ok: true, newPod, oldPod };
}

function rollingUpdate(
  ds: DaemonSet, hash: string, nodeNames: string[], byNode: Map<string, KObject[]>, nodeByName: Map<string, KObject>, now: number,
  del: (p: KObject) => void, createOn: string[], deleted: { uid: string }[],
): void {
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const ru = ds.spec?.updateStrategy?.rollingUpdate ?? {};
  const desiredNodes = nodeNames.filter((n) => placement(ds.spec?.template?.spec, nodeByName.get(n)!).shouldRun);
  let maxSurge = scaled(ru.maxSurge, desiredNodes.length, 0);
  let maxUnavailable = scaled(ru.maxUnavailable, desiredNodes.length, 1);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  if (maxSurge > 0) maxUnavailable = 0;
  const available = (p: KObject) => isPodAvailable(p as Pod, minReady, now);
  // updatedDesiredNodeCounts: a node that should run a daemon but has none counts too.
  const nodesWithPods = [...new Set([...byNode.keys(), ...desiredNodes])].filter((n) => nodeByName.has(n)).sort();
  if (maxSurge === 0) {
    let unavailable = 0;
    const replace: KObject[] = [];
    const candidates: KObject[] = [];
    for (const n of nodesWithPods) {
      const { ok, newPod, oldPod } = updatedOnNode(byNode.get(n) ?? [], hash);
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) unavailable++;
      else if (newPod) {
        if (!available(newPod)) unavailable++;
      } else if (oldPod && !deleted.some((d) => d.uid === oldPod.metadata.uid)) {
        if (!available(oldPod)) replace.push(oldPod);
        else if (unavailable < maxUnavailable) candidates.push(oldPod);
      }
    }
    const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
    [...replace, ...candidates.slice(0, room)].forEach(del);
    return;
  }
  let surging = 0;
  const allowed: string[] = [];
  const candidates: string[] = [];
  for (const n of nodesWithPods) {
    const { ok, newPod, oldPod } = updatedOnNode(byNode.get(n) ?? [], hash);
    if (!ok) {
      surging++;
      continue;
    }
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) {
        if (!placement(ds.spec?.template?.spec, nodeByName.get(n)!).shouldRun) del(oldPod);
        else allowed.push(n);
      } else if (surging < maxSurge) candidates.push(n);
      continue;
    }
    if (!available(newPod)) surging++;
    else del(oldPod);
  }
  const room = Math.min(Math.max(0, maxSurge - surging), candidates.length);
  for (const n of [...allowed, ...candidates.slice(0, room)]) if (!createOn.includes(n)) createOn.push(n);
}

/** updateDaemonSetStatus. */
function status(
  ds: DaemonSet, hash: string, nodeNames: string[], nodeByName: Map<string, KObject>, byNode: Map<string, KObject[]>, now: number, plan: DaemonSetPlan,
): void {
  const minReady = ds.spec?.minReadySeconds ?? 0;
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  let soonest: number | undefined;
  for (const n of nodeNames) {
    const { shouldRun } = placement(ds.spec?.template?.spec, nodeByName.get(n)!);
    const ps = byNode.get(n) ?? [];
    if (shouldRun) {
      desired++;
      if (ps.length === 0) continue;
      current++;
      const p = ps[0] as Pod;
      if (isPodReady(p)) {
        ready++;
        if (isPodAvailable(p, minReady, now)) available++;
        else {
          const t = Date.parse(p.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime ?? '');
          if (!Number.isNaN(t)) soonest = Math.min(soonest ?? Infinity, t + minReady * 1000 - now + 1);
        }
      }
      if (isUpdated(p, ds, hash)) updated++;
    } else if (ps.length > 0) misscheduled++;
  }
  Object.assign(plan.status, {
    currentNumberScheduled: current, numberMisscheduled: misscheduled, desiredNumberScheduled: desired, numberReady: ready,
    observedGeneration: ds.metadata.generation ?? 0, updatedNumberScheduled: updated, numberAvailable: available,
  });
  if (desired - available > 0) plan.status.numberUnavailable = desired - available;
  if (plan.status.collisionCount === undefined && ds.status?.collisionCount !== undefined) plan.status.collisionCount = ds.status.collisionCount;
  if (soonest !== undefined) plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? Infinity, Math.max(0, soonest));
}
