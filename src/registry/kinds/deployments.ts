// apps/v1 Deployment (pkg/registry/apps/deployment/strategy.go): defaults, status reset on create,
// generation bumped by spec or annotation changes (annotations are copied to ReplicaSets), immutable
// selector, /status and /scale subresources.
import { kindStruct } from '../../machinery/patch/types-k8s.js';
import { jsonEqual } from '../../util/copy.js';
import { deploymentPrinter } from '../printers/apps.js';
import type { Strategy } from '../strategy.js';
import { defaultDeployment } from './apps-defaults.js';
import { validateDeployment, validateDeploymentStatus, validateDeploymentUpdate } from './apps-validation.js';
import { ALL_VERBS } from './common.js';
import { conditionsStatus, podControllerSpec, zeroTemplate } from './workload-patch.js';

export const deployments: Strategy = {
  info: {
    group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', singular: 'deployment', namespaced: true,
    shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'], verbs: ALL_VERBS,
  },
  nameRule: 'subdomain',
  tracksGeneration: true,
  hasStatus: true,
  statusUpdatesAnnotations: true,
  prepareForCreate(o) {
    defaultDeployment(o);
    o.status = {};
  },
  prepareForUpdate(o, old, ctx) {
    if (ctx.subresource !== '') return;
    defaultDeployment(o);
    if (!jsonEqual(o.metadata.annotations ?? {}, old.metadata.annotations ?? {})) o.metadata.generation = (old.metadata.generation ?? 0) + 1;
  },
  validate: (o) => validateDeployment(o),
  validateUpdate: (o, old, ctx) => (ctx.subresource === 'status' ? validateDeploymentStatus(o, old) : validateDeploymentUpdate(o, old)),
  printer: deploymentPrinter,
  patch: {
    schema: kindStruct({ spec: podControllerSpec(), status: conditionsStatus }),
    zero: { spec: { selector: null, template: zeroTemplate(), strategy: {} }, status: {} },
    // The status strategy's GetResetFields: /status may set neither spec nor labels.
    resetFields: { '': [['status']], status: [['spec'], ['metadata', 'labels']] },
  },
  protobuf: { message: 'k8s.io.api.apps.v1.Deployment', subresourceMessages: { 'autoscaling/v1/Scale': 'k8s.io.api.autoscaling.v1.Scale' } },
  scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' },
};

