// pkg/controller/deployment/util/deployment_util.go in our words: annotations and revisions,
// maxSurge/maxUnavailable resolution (surge rounds up, unavailable rounds down), how many replicas
// the new ReplicaSet may have, proportions for scaling during a rollout, completeness, progress and
// timeouts, and conditions. All pure.
import type { Condition, Deployment, DeploymentStatus, IntOrString, PodTemplateSpec, ReplicaSet } from '../workloads/index.js';
import { rfc3339 } from '../../util/clock.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const DEPRECATED_ROLLBACK_TO = 'deprecated.deployment.rollback.to';
export const POD_TEMPLATE_HASH = 'pod-template-hash';
/** Longest revision-history annotation kept (maxRevHistoryLengthInChars). */
export const MAX_REV_HISTORY_CHARS = 2000;

// Condition reasons.
export const REPLICASET_UPDATED = 'ReplicaSetUpdated';
export const FAILED_RS_CREATE = 'ReplicaSetCreateError';
export const NEW_RS_CREATED = 'NewReplicaSetCreated';
export const FOUND_NEW_RS = 'FoundNewReplicaSet';
export const NEW_RS_AVAILABLE = 'NewReplicaSetAvailable';
export const TIMED_OUT = 'ProgressDeadlineExceeded';
export const PAUSED = 'DeploymentPaused';
export const RESUMED = 'DeploymentResumed';
export const MIN_AVAILABLE = 'MinimumReplicasAvailable';
export const MIN_UNAVAILABLE = 'MinimumReplicasUnavailable';

const SKIP_COPY = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, DEPRECATED_ROLLBACK_TO]);

export const replicas = (d: Deployment): number => d.spec?.replicas ?? 1;
export const rsReplicas = (rs: ReplicaSet): number => rs.spec?.replicas ?? 0;

// ---- conditions ----

export function newCondition(type: string, status: Condition['status'], reason: string, message: string, now: number): Condition {
  const t = rfc3339(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export function getCondition(s: DeploymentStatus | undefined, type: string): Condition | undefined {
  return s?.conditions?.find((c) => c.type === type);
}

/** SetDeploymentCondition: same status and reason → unchanged; same status → keeps lastTransitionTime. */
export function setCondition(s: DeploymentStatus, c: Condition): void {
  const cur = getCondition(s, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  const next = { ...c };
  if (cur && cur.status === c.status) next.lastTransitionTime = cur.lastTransitionTime;
  s.conditions = [...(s.conditions ?? []).filter((x) => x.type !== c.type), next];
}

export function removeCondition(s: DeploymentStatus, type: string): void {
  const rest = (s.conditions ?? []).filter((x) => x.type !== type);
  s.conditions = rest.length ? rest : undefined;
}

// ---- revisions and annotations ----

/** Revision(obj): 0 when absent, undefined when unparsable. */
export function revisionOf(o: { metadata: { annotations?: Record<string, string> } }): number | undefined {
  const v = o.metadata.annotations?.[REVISION];
  if (v === undefined) return 0;
  return /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

export function maxRevision(rss: ReplicaSet[]): number {
  let max = 0;
  for (const rs of rss) max = Math.max(max, revisionOf(rs) ?? 0);
  return max;
}

/** SetDeploymentRevision */
export function setDeploymentRevision(d: Deployment, revision: string): boolean {
  const a = (d.metadata.annotations ??= {});
  if (a[REVISION] === revision) return false;
  a[REVISION] = revision;
  return true;
}

function copyDeploymentAnnotations(d: Deployment, rs: ReplicaSet): boolean {
  const a = (rs.metadata.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIP_COPY.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  return changed;
}

/**
 * SetNewReplicaSetAnnotations: copy the Deployment's annotations, raise the revision (keeping the
 * revisions it replaces in revision-history, bounded in length), and on creation set the replica
 * annotations.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: string, exists: boolean): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const a = (rs.metadata.annotations ??= {});
  const had = REVISION in a;
  const oldRevision = a[REVISION] ?? '';
  let oldInt = 0;
  if (oldRevision !== '') {
    if (!/^[+-]?\d+$/.test(oldRevision)) return false;
    oldInt = Number(oldRevision);
  }
  const newInt = Number(newRevision);
  if (oldInt < newInt) {
    a[REVISION] = newRevision;
    changed = true;
    if (had) {
      const history = a[REVISION_HISTORY] ?? '';
      const olds = history.split(',');
      if (olds[0].length === 0) a[REVISION_HISTORY] = oldRevision;
      else {
        let total = history.length + oldRevision.length + 1;
        let start = 0;
        while (total > MAX_REV_HISTORY_CHARS && start < olds.length) total -= olds[start++].length + 1;
        if (total <= MAX_REV_HISTORY_CHARS) a[REVISION_HISTORY] = [...olds.slice(start), oldRevision].join(',');
      }
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicas(d), replicas(d) + maxSurge(d))) changed = true;
  return changed;
}

function intAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}

export const desiredReplicasAnnotation = (rs: ReplicaSet) => intAnnotation(rs, DESIRED_REPLICAS);
export const maxReplicasAnnotation = (rs: ReplicaSet) => intAnnotation(rs, MAX_REPLICAS);

export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = (rs.metadata.annotations ??= {});
  let changed = false;
  if (a[DESIRED_REPLICAS] !== String(desired)) {
    a[DESIRED_REPLICAS] = String(desired);
    changed = true;
  }
  if (a[MAX_REPLICAS] !== String(max)) {
    a[MAX_REPLICAS] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata.annotations;
  return !a || a[DESIRED_REPLICAS] !== String(desired) || a[MAX_REPLICAS] !== String(max);
}

// ---- surge and unavailability ----

export const isRollingUpdate = (d: Deployment): boolean => (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

/** intstr.GetScaledValueFromIntOrPercent */
export function scaledValue(v: IntOrString, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(-?\d+)%$/.exec(v);
  if (!m) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** ResolveFenceposts: surge rounds up, unavailable down; both 0 → unavailable 1. */
export function resolveFenceposts(surge: IntOrString | undefined, unavailable: IntOrString | undefined, desired: number): [number, number] {
  const s = scaledValue(surge ?? 0, desired, true);
  let u = scaledValue(unavailable ?? 0, desired, false);
  if (s === 0 && u === 0) u = 1;
  return [s, u];
}

function fenceposts(d: Deployment): [number, number] {
  const ru = d.spec?.strategy?.rollingUpdate;
  try {
    return resolveFenceposts(ru?.maxSurge ?? '25%', ru?.maxUnavailable ?? '25%', replicas(d));
  } catch {
    return [0, 0]; // caught by validation upstream
  }
}

export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? fenceposts(d)[0] : 0;
}

export function maxUnavailable(d: Deployment): number {
  if (!isRollingUpdate(d) || replicas(d) === 0) return 0;
  return Math.min(fenceposts(d)[1], replicas(d));
}

// ---- counting ----

export const specReplicaCount = (rss: (ReplicaSet | undefined)[]) => rss.reduce((n, rs) => n + (rs ? rsReplicas(rs) : 0), 0);
export const actualReplicaCount = (rss: (ReplicaSet | undefined)[]) => rss.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
export const readyReplicaCount = (rss: (ReplicaSet | undefined)[]) => rss.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
export const availableReplicaCount = (rss: (ReplicaSet | undefined)[]) => rss.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);

/** GetTerminatingReplicaCountForReplicaSets: undefined when some observed ReplicaSet does not report it. */
export function terminatingReplicaCount(rss: (ReplicaSet | undefined)[]): number | undefined {
  let n = 0;
  for (const rs of rss) {
    if (!rs) continue;
    const t = rs.status?.terminatingReplicas;
    if (!(rs.status?.observedGeneration ?? 0) && t === undefined) continue;
    if (t === undefined) return undefined;
    n += t;
  }
  return n;
}

export const filterActive = (rss: (ReplicaSet | undefined)[]): ReplicaSet[] => rss.filter((rs): rs is ReplicaSet => !!rs && rsReplicas(rs) > 0);

/** NewRSNewReplicas: how far the new ReplicaSet may grow now. */
export function newRSNewReplicas(d: Deployment, all: ReplicaSet[], newRS: ReplicaSet): number {
  if (!isRollingUpdate(d)) return replicas(d);
  const surge = scaledValue(d.spec?.strategy?.rollingUpdate?.maxSurge ?? '25%', replicas(d), true);
  const current = specReplicaCount(all);
  const maxTotal = replicas(d) + surge;
  if (current >= maxTotal) return rsReplicas(newRS);
  const up = Math.min(maxTotal - current, replicas(d) - rsReplicas(newRS));
  return rsReplicas(newRS) + up;
}

/** IsSaturated: the new ReplicaSet has, wants and makes available exactly spec.replicas. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicasAnnotation(rs);
  if (desired === undefined) return false;
  return rsReplicas(rs) === replicas(d) && desired === replicas(d) && (rs.status?.availableReplicas ?? 0) === replicas(d);
}

/** getReplicaSetFraction: this ReplicaSet's share of a resize, from its max-replicas annotation. */
function fraction(rs: ReplicaSet, d: Deployment): number {
  if (replicas(d) === 0) return -rsReplicas(rs);
  const deploymentReplicas = replicas(d) + maxSurge(d);
  const annotated = maxReplicasAnnotation(rs) ?? d.status?.replicas ?? 0;
  // Go's integer.RoundToInt32 rounds half away from zero; the size here is never negative.
  const size = (rsReplicas(rs) * deploymentReplicas) / annotated;
  return Math.round(size) - rsReplicas(rs);
}

/** GetProportion */
export function proportion(rs: ReplicaSet | undefined, d: Deployment, toAdd: number, added: number): number {
  if (!rs || rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const f = fraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(f, allowed) : Math.max(f, allowed);
}

// ---- progress ----

export function hasProgressDeadline(d: Deployment): boolean {
  const p = d.spec?.progressDeadlineSeconds;
  return p !== undefined && p !== null && p !== 2147483647;
}

export function hasRevisionHistoryLimit(d: Deployment): boolean {
  const l = d.spec?.revisionHistoryLimit;
  return l !== undefined && l !== null && l !== 2147483647;
}

/** DeploymentComplete */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const n = replicas(d);
  return (s.updatedReplicas ?? 0) === n && (s.replicas ?? 0) === n && (s.availableReplicas ?? 0) === n &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available replicas than before. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

/** DeploymentTimedOut: Progressing last updated more than progressDeadlineSeconds ago. */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (!c) return false;
  if (c.reason === NEW_RS_AVAILABLE) return false;
  if (c.reason === TIMED_OUT) return true;
  const from = Date.parse(c.lastUpdateTime ?? '');
  if (Number.isNaN(from)) return false;
  return from + (d.spec!.progressDeadlineSeconds! * 1000) < now;
}

// ---- finding the new and old ReplicaSets ----

const ts = (rs: ReplicaSet) => Date.parse(rs.metadata.creationTimestamp ?? '') || 0;

/** ReplicaSetsByCreationTimestamp: older first, then by name. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  if (ts(a) !== ts(b)) return ts(a) - ts(b);
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : (a.metadata.name ?? '') > (b.metadata.name ?? '') ? 1 : 0;
}

/** ReplicaSetsByRevision: lower revision first, creation order on ties. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revisionOf(a) ?? 0;
  const rb = revisionOf(b) ?? 0;
  return ra === rb ? byCreation(a, b) : ra - rb;
}

/** ReplicaSetsBySizeNewer: larger first; on equal size newer first. */
export const bySizeNewer = (a: ReplicaSet, b: ReplicaSet) => rsReplicas(a) === rsReplicas(b) ? byCreation(b, a) : rsReplicas(b) - rsReplicas(a);
/** ReplicaSetsBySizeOlder: larger first; on equal size older first. */
export const bySizeOlder = (a: ReplicaSet, b: ReplicaSet) => rsReplicas(a) === rsReplicas(b) ? byCreation(a, b) : rsReplicas(b) - rsReplicas(a);

/** Semantic equality of JSON values: absent, null, [] and {} are alike (apiequality.Semantic). */
export function semanticEqual(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
  if (empty(a) && empty(b)) return true;
  if ((a === undefined || a === null) && typeof b === 'object') return semanticEqual(Array.isArray(b) ? [] : {}, b);
  if ((b === undefined || b === null) && typeof a === 'object') return semanticEqual(a, Array.isArray(a) ? [] : {});
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => semanticEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) if (!semanticEqual(ao[k], bo[k])) return false;
  return true;
}

/** EqualIgnoreHash: templates equal once the pod-template-hash label is dropped from both. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  const strip = (t: PodTemplateSpec | undefined) => {
    const labels = { ...(t?.metadata?.labels ?? {}) };
    delete labels[POD_TEMPLATE_HASH];
    return { ...t, metadata: { ...(t?.metadata ?? {}), labels } };
  };
  return semanticEqual(strip(a), strip(b));
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
export function findNewReplicaSet(d: Deployment, rss: ReplicaSet[]): ReplicaSet | undefined {
  return [...rss].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** FindOldReplicaSets: every other ReplicaSet (all of them; the caller filters active ones). */
export function findOldReplicaSets(d: Deployment, rss: ReplicaSet[]): ReplicaSet[] {
  const n = findNewReplicaSet(d, rss);
  return rss.filter((rs) => rs !== n);
}

/** FindActiveOrLatest: the only active ReplicaSet, or the newest when none is active. */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const olds = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = filterActive([...olds, newRS]);
  if (active.length === 0) return newRS ?? olds[0];
  return active.length === 1 ? active[0] : undefined;
}
