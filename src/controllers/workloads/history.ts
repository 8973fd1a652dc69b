// ControllerRevision history (pkg/controller/history/controller_history.go) as pure functions: the
// snapshot a StatefulSet or DaemonSet keeps of each pod template it rolled out, named
// "<owner>-<hash>", numbered by `revision`, re-numbered when an old template comes back, and
// truncated to revisionHistoryLimit. The callers' appliers do the writes.
import type { KObject } from '../../machinery/types.js';
import { canonicalJSON, safeEncodeString } from './hash.js';

/** The hash label every ControllerRevision carries. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

export interface ControllerRevision extends KObject {
  data?: unknown;
  revision?: number;
}

/** FNV-1 (not 1a), 32 bits: Go's hash/fnv New32, which HashControllerRevision uses. */
export function fnv32(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const b of bytes) h = (Math.imul(h, 0x01000193) ^ b) >>> 0;
  return h >>> 0;
}

/** HashControllerRevision: FNV-1 over the data's JSON, then the collision count in decimal. */
export function hashRevisionData(data: unknown, probe?: number): string {
  const enc = new TextEncoder();
  let h = fnv32(enc.encode(JSON.stringify(data ?? null)));
  if (probe !== undefined) h = fnv32(enc.encode(String(probe)), h);
  return safeEncodeString(String(h));
}

/** ControllerRevisionName: "<prefix>-<hash>", the prefix cut to 223 characters. */
export function revisionName(prefix: string, hash: string): string {
  return `${prefix.slice(0, 223)}-${hash}`;
}

/**
 * The data a StatefulSet or DaemonSet revision stores: a strategic merge patch that replaces the
 * pod template (getPatch upstream), which `kubectl rollout undo` applies back.
 */
export function templatePatch(template: unknown): { spec: { template: Record<string, unknown> } } {
  return { spec: { template: { ...(template as Record<string, unknown> ?? {}), $patch: 'replace' } } };
}

export interface NewRevisionInput {
  owner: KObject;
  apiVersion: string;
  kind: string;
  templateLabels: Record<string, string> | undefined;
  data: unknown;
  revision: number;
  /** The hash to use; by default HashControllerRevision(data, collisionCount). */
  hash?: string;
  collisionCount?: number;
}

/** NewControllerRevision: labelled like the template plus the hash label, owned by its controller. */
export function newRevision(i: NewRevisionInput): ControllerRevision {
  const hash = i.hash ?? hashRevisionData(i.data, i.collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: revisionName(i.owner.metadata.name ?? '', hash),
      namespace: i.owner.metadata.namespace,
      labels: { ...(i.templateLabels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ownerReferences: [{
        apiVersion: i.apiVersion, kind: i.kind, name: i.owner.metadata.name ?? '', uid: i.owner.metadata.uid ?? '',
        controller: true, blockOwnerDeletion: true,
      }],
    },
    data: i.data,
    revision: i.revision,
  };
}

const created = (r: KObject): number => Date.parse(r.metadata.creationTimestamp ?? '') || 0;

/** SortControllerRevisions: by revision, then creation time, then name. */
export function sortRevisions<T extends ControllerRevision>(revs: readonly T[]): T[] {
  return [...revs].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0) || created(a) - created(b)
    || ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : (a.metadata.name ?? '') > (b.metadata.name ?? '') ? 1 : 0));
}

/** EqualRevision: different hash labels differ; otherwise the data decides. */
export function equalRevision(a: ControllerRevision, b: ControllerRevision): boolean {
  const ha = a.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  const hb = b.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  if (ha !== undefined && hb !== undefined && /^\d+$/.test(ha) && /^\d+$/.test(hb) && ha !== hb) return false;
  return canonicalJSON(a.data ?? null) === canonicalJSON(b.data ?? null);
}

/** nextRevision: one more than the highest revision number (1 for an empty history). */
export function nextRevisionNumber(revs: readonly ControllerRevision[]): number {
  let max = 0;
  for (const r of revs) max = Math.max(max, r.revision ?? 0);
  return max + 1;
}

/** What keeping the history for one template needs. */
export interface RevisionPlan {
  /** The revision the pods are being moved to. */
  update: ControllerRevision;
  /** It is new: create it (the applier bumps collisionCount and re-plans on a name clash). */
  create?: ControllerRevision;
  /** An older equal revision comes back: its `revision` becomes the next number. */
  renumber?: { name: string; revision: number };
}

/**
 * The update revision for `wanted` (a revision built with the next number), as
 * getStatefulSetRevisions / constructHistory find it: the newest revision is reused when equal,
 * an older equal one is renumbered, otherwise `wanted` is created.
 */
export function planUpdateRevision(revisions: readonly ControllerRevision[], wanted: ControllerRevision): RevisionPlan {
  const sorted = sortRevisions(revisions);
  const equal = sorted.filter((r) => equalRevision(r, wanted));
  const last = equal[equal.length - 1];
  if (last && last === sorted[sorted.length - 1]) return { update: last };
  if (last) {
    const revision = nextRevisionNumber(sorted);
    return { update: { ...last, revision }, renumber: { name: last.metadata.name ?? '', revision } };
  }
  return { update: wanted, create: wanted };
}

/**
 * truncateHistory: the revisions to delete so at most `limit` non-live ones remain, oldest first.
 * Live revisions (the current and update revision, and any a pod still carries) are never deleted.
 */
export function revisionsToPrune(revisions: readonly ControllerRevision[], live: ReadonlySet<string>, limit: number): ControllerRevision[] {
  const history = sortRevisions(revisions).filter((r) => !live.has(r.metadata.name ?? ''));
  const excess = history.length - Math.max(0, limit);
  return excess > 0 ? history.slice(0, excess) : [];
}
