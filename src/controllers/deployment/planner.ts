// The Deployment controller's decisions (pkg/controller/deployment: deployment_controller.go
// syncDeployment, sync.go, rolling.go, recreate.go, progress.go) as a pure function. The sync runs
// on working copies: every ReplicaSet write becomes an action (the applier performs them in order)
// and the Deployment's status, which upstream may write several times in one sync, is written once
// at the end. No I/O, clock or randomness of its own.
import { selectorFromLabelSelector } from '../../machinery/labels.js';
import { clone, jsonEqual } from '../../util/copy.js';
import { rfc3339 } from '../../util/clock.js';
import { claimObjects, computeHash, controllerOf, newControllerRef, type Deployment, type DeploymentStatus, type Pod, type ReplicaSet } from '../workloads/index.js';
import type { DeploymentPlan, DeploymentPlanInput, PlannedEvent, RSAction } from './types.js';
import * as u from './util.js';
import { rolloutRecreate, rolloutRolling, scale } from './rolling.js';
import { syncDeploymentStatus } from './status.js';

export const CONTROLLER_KIND = { apiVersion: 'apps/v1', kind: 'Deployment' };

/** One sync of one Deployment: working state and the writes decided so far. */
export class DeploymentSync {
  readonly d: Deployment;
  readonly now: number;
  rsList: ReplicaSet[];
  readonly actions: RSAction[] = [];
  readonly events: PlannedEvent[] = [];
  requeueAfterMs?: number;
  podsByRS = new Map<ReplicaSet, Pod[]>();
  /** A write that cannot go ahead this sync (hash collision): stop after the status. */
  halted = false;

  constructor(readonly input: DeploymentPlanInput) {
    this.d = clone(input.deployment);
    this.now = input.now;
    this.rsList = [];
  }

  event(type: PlannedEvent['type'], reason: string, message: string): void {
    this.events.push({ type, reason, message });
  }

  /** getAllReplicaSetsAndSyncRevision */
  allReplicaSets(create: boolean): { newRS?: ReplicaSet; oldRSs: ReplicaSet[] } {
    const newFound = u.findNewReplicaSet(this.d, this.rsList);
    const oldRSs = this.rsList.filter((rs) => rs !== newFound);
    return { newRS: this.newReplicaSet(newFound, oldRSs, create), oldRSs };
  }

  /** getNewReplicaSet: sync the existing new ReplicaSet's annotations, or create it. */
  private newReplicaSet(existing: ReplicaSet | undefined, oldRSs: ReplicaSet[], create: boolean): ReplicaSet | undefined {
    const d = this.d;
    const newRevision = String(u.maxRevision(oldRSs) + 1);
    if (existing) {
      const annotationsUpdated = u.setNewReplicaSetAnnotations(d, existing, newRevision, true);
      const minReadyNeedsUpdate = (existing.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
      if (annotationsUpdated || minReadyNeedsUpdate) {
        existing.spec = { ...existing.spec, minReadySeconds: d.spec?.minReadySeconds ?? 0 };
        this.actions.push({ op: 'update', rs: existing });
        return existing;
      }
      u.setDeploymentRevision(d, existing.metadata.annotations?.[u.REVISION] ?? '');
      if (u.hasProgressDeadline(d) && !u.getCondition(d.status, 'Progressing')) {
        u.setCondition((d.status ??= {}), u.newCondition('Progressing', 'True', u.FOUND_NEW_RS, `Found new replica set "${existing.metadata.name}"`, this.now));
      }
      return existing;
    }
    if (!create || this.halted) return undefined;
    return this.createNewReplicaSet(oldRSs, newRevision);
  }

  private createNewReplicaSet(oldRSs: ReplicaSet[], newRevision: string): ReplicaSet | undefined {
    const d = this.d;
    const template = clone(d.spec?.template ?? {});
    const hash = computeHash(template, d.status?.collisionCount);
    const labels = { ...(template.metadata?.labels ?? {}), [u.POD_TEMPLATE_HASH]: hash };
    template.metadata = { ...(template.metadata ?? {}), labels };
    const selector = clone(d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [u.POD_TEMPLATE_HASH]: hash };
    const name = `${d.metadata.name}-${hash}`;
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: {
        name, namespace: d.metadata.namespace, labels: { ...labels },
        ownerReferences: [newControllerRef(d, CONTROLLER_KIND.apiVersion, CONTROLLER_KIND.kind)],
        creationTimestamp: rfc3339(this.now),
      },
      spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
      status: { replicas: 0 },
    };
    rs.spec!.replicas = u.newRSNewReplicas(d, [...oldRSs, rs], rs);
    u.setNewReplicaSetAnnotations(d, rs, newRevision, false);
    const taken = this.input.replicaSets.find((x) => x.metadata.name === name);
    if (taken) {
      // AlreadyExists: ours with an equal template is the new ReplicaSet; anything else is a hash
      // collision, resolved by bumping collisionCount and trying again.
      const ref = controllerOf(taken);
      if (ref?.uid === d.metadata.uid && u.equalIgnoreHash(d.spec?.template, taken.spec?.template)) {
        u.setDeploymentRevision(d, newRevision);
        return taken;
      }
      (d.status ??= {}).collisionCount = (d.status.collisionCount ?? 0) + 1;
      this.halted = true;
      this.requeueAfterMs = 0;
      return undefined;
    }
    const n = rs.spec!.replicas!;
    this.actions.push({
      op: 'create', rs,
      event: n > 0 ? { type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set ${name} to ${n} from 0` } : undefined,
    });
    this.rsList.push(rs);
    u.setDeploymentRevision(d, newRevision);
    if (u.hasProgressDeadline(d)) {
      u.setCondition((d.status ??= {}), u.newCondition('Progressing', 'True', u.NEW_RS_CREATED, `Created new replica set "${name}"`, this.now));
    }
    return rs;
  }

  /** scaleReplicaSetAndRecordEvent */
  scaleAndRecord(rs: ReplicaSet, newScale: number): boolean {
    if (u.rsReplicas(rs) === newScale) return false;
    return this.scaleReplicaSet(rs, newScale, u.rsReplicas(rs) < newScale ? 'up' : 'down');
  }

  /** scaleReplicaSet: size and replica annotations in one update; the event only for a size change. */
  scaleReplicaSet(rs: ReplicaSet, newScale: number, op: string): boolean {
    const d = this.d;
    const max = u.replicas(d) + u.maxSurge(d);
    const sizeNeedsUpdate = u.rsReplicas(rs) !== newScale;
    if (!sizeNeedsUpdate && !u.replicasAnnotationsNeedUpdate(rs, u.replicas(d), max)) return false;
    const old = u.rsReplicas(rs);
    rs.spec = { ...rs.spec, replicas: newScale };
    u.setReplicasAnnotations(rs, u.replicas(d), max);
    const existing = this.actions.find((a) => a.rs === rs && (a.op === 'create' || a.op === 'update'));
    const event: PlannedEvent | undefined = sizeNeedsUpdate
      ? { type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled ${op} replica set ${rs.metadata.name} to ${newScale} from ${old}` }
      : undefined;
    if (existing && existing.op === 'create') {
      if (event) this.events.push(event);
    } else this.actions.push({ op: 'update', rs, event });
    return sizeNeedsUpdate;
  }

  /** cleanupDeployment: delete the oldest scaled-down ReplicaSets beyond revisionHistoryLimit. */
  cleanup(oldRSs: ReplicaSet[]): void {
    const d = this.d;
    if (!u.hasRevisionHistoryLimit(d)) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - d.spec!.revisionHistoryLimit!;
    if (diff <= 0) return;
    cleanable.sort(u.byRevision);
    for (const rs of cleanable.slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || u.rsReplicas(rs) !== 0 ||
        (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0) || rs.metadata.deletionTimestamp) continue;
      this.actions.push({ op: 'delete', rs });
    }
  }
}

/** Claims ReplicaSets (adopt/release) and groups the Deployment's pods by ReplicaSet. */
function claim(s: DeploymentSync): boolean {
  const d = s.d;
  let selector;
  try {
    selector = selectorFromLabelSelector(d.spec?.selector);
  } catch {
    return false;
  }
  const mine = s.input.replicaSets.filter((rs) => rs.metadata.namespace === d.metadata.namespace).map((rs) => clone(rs));
  const c = claimObjects(d, selector, mine);
  for (const rs of c.adopt) s.actions.push({ op: 'adopt', rs });
  for (const rs of c.release) s.actions.push({ op: 'release', rs });
  s.rsList = c.claimed;
  const byUID = new Map(s.rsList.map((rs) => [rs.metadata.uid, rs] as const));
  for (const rs of s.rsList) s.podsByRS.set(rs, []);
  for (const p of s.input.pods) {
    if (!selector.matches(p.metadata.labels)) continue;
    const rs = byUID.get(controllerOf(p)?.uid);
    if (rs) s.podsByRS.get(rs)!.push(p);
  }
  return true;
}

/** checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed. */
function checkPausedConditions(s: DeploymentSync): void {
  const d = s.d;
  if (!u.hasProgressDeadline(d)) return;
  const cond = u.getCondition(d.status, 'Progressing');
  if (cond?.reason === u.TIMED_OUT) return;
  const pausedCond = cond?.reason === u.PAUSED;
  if (d.spec?.paused && !pausedCond) {
    u.setCondition((d.status ??= {}), u.newCondition('Progressing', 'Unknown', u.PAUSED, 'Deployment is paused', s.now));
  } else if (!d.spec?.paused && pausedCond) {
    u.setCondition((d.status ??= {}), u.newCondition('Progressing', 'Unknown', u.RESUMED, 'Deployment is resumed', s.now));
  }
}

/** sync: scaling events and paused Deployments (no rollout). */
function syncScale(s: DeploymentSync): void {
  const { newRS, oldRSs } = s.allReplicaSets(false);
  scale(s, newRS, oldRSs);
  if (s.d.spec?.paused) s.cleanup(oldRSs);
  syncDeploymentStatus(s, [...oldRSs, newRS], newRS);
}

/** isScalingEvent: an active ReplicaSet records a desired size other than spec.replicas. */
function isScalingEvent(s: DeploymentSync): boolean {
  const { newRS, oldRSs } = s.allReplicaSets(false);
  return u.filterActive([...oldRSs, newRS]).some((rs) => {
    const desired = u.desiredReplicasAnnotation(rs);
    return desired !== undefined && desired !== u.replicas(s.d);
  });
}

/** syncDeployment */
export function planDeployment(input: DeploymentPlanInput): DeploymentPlan {
  const s = new DeploymentSync(input);
  const d = s.d;
  const sel = d.spec?.selector;
  if (!sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)) {
    s.event('Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) (d.status ??= {}).observedGeneration = d.metadata.generation;
    return finish(s);
  }
  if (!claim(s)) return finish(s);
  if (d.metadata.deletionTimestamp) {
    const { newRS, oldRSs } = s.allReplicaSets(false);
    syncDeploymentStatus(s, [...oldRSs, newRS], newRS);
    return finish(s);
  }
  checkPausedConditions(s);
  if (d.spec?.paused || isScalingEvent(s)) {
    syncScale(s);
    return finish(s);
  }
  if (d.spec?.strategy?.type === 'Recreate') rolloutRecreate(s);
  else rolloutRolling(s);
  return finish(s);
}

/** The plan: the actions, plus status and annotations when they differ from what is stored. */
function finish(s: DeploymentSync): DeploymentPlan {
  const before = s.input.deployment;
  const plan: DeploymentPlan = { actions: s.actions, events: s.events };
  const status = omitEmpty(s.d.status ?? {});
  if (!jsonEqual(status, before.status ?? {})) plan.status = status;
  if (!jsonEqual(s.d.metadata.annotations ?? {}, before.metadata.annotations ?? {})) plan.annotations = s.d.metadata.annotations;
  if (s.requeueAfterMs !== undefined) plan.requeueAfterMs = s.requeueAfterMs;
  return plan;
}

/** DeploymentStatus as the apiserver serialises it: every field is omitempty. */
function omitEmpty(st: DeploymentStatus): DeploymentStatus {
  const out: DeploymentStatus = {};
  for (const k of ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const) {
    if (st[k]) out[k] = st[k];
  }
  if (st.terminatingReplicas !== undefined) out.terminatingReplicas = st.terminatingReplicas;
  if (st.conditions?.length) out.conditions = st.conditions;
  if (st.collisionCount !== undefined) out.collisionCount = st.collisionCount;
  return out;
}
