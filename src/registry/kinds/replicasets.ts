// apps/v1 ReplicaSet (pkg/registry/apps/replicaset/strategy.go): defaults, status reset on create,
// generation bumped by spec changes, immutable selector, /status and /scale subresources.
import { STATUS_RESET_FIELDS } from '../../machinery/patch/meta.js';
import { kindStruct } from '../../machinery/patch/types-k8s.js';
import { replicaSetPrinter } from '../printers/apps.js';
import type { Strategy } from '../strategy.js';
import { defaultReplicaSet } from './apps-defaults.js';
import { validateReplicaSet, validateReplicaSetStatus, validateReplicaSetUpdate } from './apps-validation.js';
import { ALL_VERBS } from './common.js';
import { conditionsStatus, podControllerSpec, zeroTemplate } from './workload-patch.js';

export const replicasets: Strategy = {
  info: {
    group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet', singular: 'replicaset', namespaced: true,
    shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'], verbs: ALL_VERBS,
  },
  nameRule: 'subdomain',
  tracksGeneration: true,
  hasStatus: true,
  prepareForCreate(o) {
    defaultReplicaSet(o);
    o.status = { replicas: 0 };
  },
  prepareForUpdate(o, _old, ctx) {
    if (ctx.subresource === '') defaultReplicaSet(o);
  },
  validate: (o) => validateReplicaSet(o),
  validateUpdate: (o, old, ctx) => (ctx.subresource === 'status' ? validateReplicaSetStatus(o) : validateReplicaSetUpdate(o, old)),
  selectableFields: (o) => ({ 'status.replicas': String((o.status as Record<string, unknown> | undefined)?.replicas ?? 0) }),
  printer: replicaSetPrinter,
  patch: {
    schema: kindStruct({ spec: podControllerSpec(), status: conditionsStatus }),
    zero: { spec: { selector: null, template: zeroTemplate() }, status: { replicas: 0 } },
    resetFields: STATUS_RESET_FIELDS,
  },
  protobuf: { message: 'k8s.io.api.apps.v1.ReplicaSet', subresourceMessages: { 'autoscaling/v1/Scale': 'k8s.io.api.autoscaling.v1.Scale' } },
  scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' },
};
