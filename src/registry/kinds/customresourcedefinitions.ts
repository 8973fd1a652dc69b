// apiextensions.k8s.io/v1 CustomResourceDefinition (apiextensions-apiserver's customresourcedefinition
// strategy and REST, in our words). The definition's validation and defaults live in src/crd/; the
// CRD controller (src/controllers/crd.ts) accepts the names, establishes the API, serves the custom
// kinds and, on deletion, removes every instance before the cleanup finalizer is released.
import { crdWarnings, defaultCRD, validateCRD } from '../../crd/index.js';
import { STATUS_RESET_FIELDS } from '../../machinery/patch/meta.js';
import { atomicList, struct } from '../../machinery/patch/schema.js';
import { conditionsByType, kindStruct } from '../../machinery/patch/types-k8s.js';
import type { KObject } from '../../machinery/types.js';
import { rfc3339 } from '../../util/clock.js';
import type { Strategy } from '../strategy.js';
import { ALL_VERBS } from './common.js';

export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

type J = Record<string, any>;

/** The storage version joins status.storedVersions (PrepareForCreate/Update upstream). */
function recordStoredVersion(o: KObject): void {
  const status = (o.status ??= {}) as J;
  const stored: string[] = Array.isArray(status.storedVersions) ? status.storedVersions : [];
  for (const v of ((o.spec as J)?.versions ?? []) as J[]) if (v?.storage && !stored.includes(v.name)) stored.push(v.name);
  status.storedVersions = stored;
}

/** Sets a condition in place, keeping lastTransitionTime when the status does not change. */
export function setCRDCondition(o: KObject, cond: { type: string; status: string; reason: string; message: string }, now: number): void {
  const status = (o.status ??= {}) as J;
  const conds: J[] = Array.isArray(status.conditions) ? status.conditions : [];
  const old = conds.find((c) => c.type === cond.type);
  const next = { ...cond, lastTransitionTime: old && old.status === cond.status ? old.lastTransitionTime : rfc3339(now) };
  status.conditions = old ? conds.map((c) => (c === old ? next : c)) : [...conds, next];
}

export const customresourcedefinitions: Strategy = {
  info: {
    group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition',
    singular: 'customresourcedefinition', namespaced: false, shortNames: ['crd', 'crds'], categories: ['api-extensions'],
    subresources: ['status'], verbs: ALL_VERBS,
  },
  nameRule: 'subdomain',
  tracksGeneration: true,
  hasStatus: true,
  prepareForCreate(o, ctx) {
    defaultCRD(o);
    o.status = {};
    recordStoredVersion(o);
    for (const w of crdWarnings(o)) ctx.warn(w);
  },
  prepareForUpdate(o, _old, ctx) {
    if (ctx.subresource === 'status') return;
    defaultCRD(o);
    recordStoredVersion(o);
    for (const w of crdWarnings(o)) ctx.warn(w);
  },
  validate: (o) => validateCRD(o),
  validateUpdate: (o, old, ctx) => (ctx.subresource === 'status' ? [] : validateCRD(o, old)),
  // The first DELETE only marks the definition: instances go first (the cleanup finalizer).
  deletionPending: (o) => !o.metadata.deletionTimestamp,
  beginDelete(o) {
    const m = o.metadata;
    if (!(m.finalizers ?? []).includes(CRD_CLEANUP_FINALIZER)) m.finalizers = [...(m.finalizers ?? []), CRD_CLEANUP_FINALIZER];
    setCRDCondition(o, {
      type: 'Terminating', status: 'True', reason: 'InstanceDeletionPending',
      message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
    }, Date.parse(m.deletionTimestamp ?? '') || Date.now());
  },
  patch: {
    schema: kindStruct({
      spec: struct({ versions: atomicList() }),
      status: struct({ conditions: conditionsByType, storedVersions: atomicList() }),
    }),
    zero: { spec: { names: {}, versions: null }, status: { acceptedNames: {}, storedVersions: null } },
    resetFields: STATUS_RESET_FIELDS,
  },
};

/** The names a CRD serves once accepted (status.acceptedNames). */
export function namesOf(crd: J): J {
  const n = crd.spec?.names ?? {};
  const out: J = { plural: n.plural, singular: n.singular, kind: n.kind, listKind: n.listKind };
  if (n.shortNames?.length) out.shortNames = n.shortNames;
  if (n.categories?.length) out.categories = n.categories;
  return out;
}
