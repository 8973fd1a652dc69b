// apps/v1 StatefulSet (pkg/registry/apps/statefulset/strategy.go): defaults (claim templates
// included), status reset on create, generation bumped by spec changes, only replicas, ordinals,
// template, updateStrategy, retention policy and minReadySeconds updatable, /status and /scale.
// Names are DNS labels: they prefix pod hostnames.
import { STATUS_RESET_FIELDS } from '../../machinery/patch/meta.js';
import { kindStruct } from '../../machinery/patch/types-k8s.js';
import { statefulSetPrinter } from '../printers/apps.js';
import type { Strategy } from '../strategy.js';
import { defaultStatefulSet } from './apps-defaults.js';
import { validateStatefulSet, validateStatefulSetStatus, validateStatefulSetUpdate } from './apps-validation.js';
import { ALL_VERBS } from './common.js';
import { conditionsStatus, podControllerSpec, volumeClaimTemplates, zeroTemplate } from './workload-patch.js';

export const statefulsets: Strategy = {
  info: {
    group: 'apps', version: 'v1', resource: 'statefulsets', kind: 'StatefulSet', singular: 'statefulset', namespaced: true,
    shortNames: ['sts'], categories: ['all'], subresources: ['status', 'scale'], verbs: ALL_VERBS,
  },
  nameRule: 'label',
  tracksGeneration: true,
  hasStatus: true,
  prepareForCreate(o) {
    defaultStatefulSet(o);
    o.status = { replicas: 0, availableReplicas: 0 };
  },
  prepareForUpdate(o, _old, ctx) {
    if (ctx.subresource === '') defaultStatefulSet(o);
  },
  validate: (o) => validateStatefulSet(o),
  validateUpdate: (o, old, ctx) => (ctx.subresource === 'status' ? validateStatefulSetStatus(o, old) : validateStatefulSetUpdate(o, old)),
  printer: statefulSetPrinter,
  patch: {
    schema: kindStruct({ spec: podControllerSpec({ volumeClaimTemplates }), status: conditionsStatus }),
    zero: { spec: { selector: null, template: zeroTemplate(), serviceName: '', updateStrategy: {} }, status: { replicas: 0, availableReplicas: 0 } },
    resetFields: STATUS_RESET_FIELDS,
  },
  protobuf: { message: 'k8s.io.api.apps.v1.StatefulSet', subresourceMessages: { 'autoscaling/v1/Scale': 'k8s.io.api.autoscaling.v1.Scale' } },
  scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' },
};
