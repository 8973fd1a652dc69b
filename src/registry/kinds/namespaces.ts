// core/v1 Namespace. Deletion goes through phase Terminating until spec.finalizers is empty
// (the namespace controller empties it via /finalize once the content is gone).
import { forbidden } from '../../machinery/status.js';
import type { KObject } from '../../machinery/types.js';
import { IMMORTAL_NAMESPACES } from '../admission.js';
import { STATUS_RESET_FIELDS } from '../../machinery/patch/meta.js';
import { struct } from '../../machinery/patch/schema.js';
import { conditionsByType, kindStruct } from '../../machinery/patch/types-k8s.js';
import { namespacePrinter } from '../printers/namespace.js';
import type { Strategy } from '../strategy.js';
import { arr, obj } from './common.js';

export const NAME_LABEL = 'kubernetes.io/metadata.name';

function defaults(o: KObject): void {
  o.metadata.labels = { ...(o.metadata.labels ?? {}), [NAME_LABEL]: o.metadata.name ?? '' };
  const spec = obj(o, 'spec');
  if (!Array.isArray(spec.finalizers)) spec.finalizers = ['kubernetes'];
}

export const namespaces: Strategy = {
  info: {
    group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', singular: 'namespace', namespaced: false,
    shortNames: ['ns'], subresources: ['status', 'finalize'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  },
  nameRule: 'label',
  tracksGeneration: false,
  hasStatus: true,
  prepareForCreate(o) {
    defaults(o);
    o.status = { phase: 'Active' };
  },
  prepareForUpdate(o, old, ctx) {
    // The name label always mirrors the name; spec.finalizers only changes through /finalize.
    o.metadata.labels = { ...(o.metadata.labels ?? {}), [NAME_LABEL]: o.metadata.name ?? '' };
    if (ctx.subresource === 'finalize') return;
    o.spec = structuredClone(old.spec ?? {});
  },
  selectableFields(o) {
    const phase = String((o.status as { phase?: string } | undefined)?.phase ?? '');
    return { 'status.phase': phase };
  },
  checkDelete(o) {
    const name = o.metadata.name ?? '';
    if (IMMORTAL_NAMESPACES.has(name)) throw forbidden('namespaces', '', name, 'this namespace may not be deleted');
  },
  deletionPending(o) {
    return arr((o.spec as { finalizers?: unknown } | undefined)?.finalizers).length > 0;
  },
  beginDelete(o) {
    obj(o, 'status').phase = 'Terminating';
  },
  printer: namespacePrinter,
  patch: {
    schema: kindStruct({ status: struct({ conditions: conditionsByType }) }),
    zero: { spec: {}, status: {} },
    resetFields: STATUS_RESET_FIELDS,
  },
  protobuf: { message: 'k8s.io.api.core.v1.Namespace' },
};
