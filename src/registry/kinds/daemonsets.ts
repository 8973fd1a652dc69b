// apps/v1 DaemonSet (pkg/registry/apps/daemonset/strategy.go): defaults, status reset on create,
// generation bumped by spec changes, immutable selector, /status. The template generation the
// internal type keeps travels in v1 as the deprecated.daemonset.template.generation annotation:
// 1 on create, +1 on each template change, never settable by clients.
import { STATUS_RESET_FIELDS } from '../../machinery/patch/meta.js';
import { kindStruct } from '../../machinery/patch/types-k8s.js';
import type { KObject } from '../../machinery/types.js';
import { jsonEqual } from '../../util/copy.js';
import { daemonSetPrinter } from '../printers/apps.js';
import type { Strategy } from '../strategy.js';
import { defaultDaemonSet } from './apps-defaults.js';
import { validateDaemonSet, validateDaemonSetStatus, validateDaemonSetUpdate } from './apps-validation.js';
import { ALL_VERBS } from './common.js';
import { conditionsStatus, podControllerSpec, zeroTemplate } from './workload-patch.js';

export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

function templateGeneration(o: KObject): number {
  const n = Number(o.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? 0);
  return Number.isFinite(n) ? n : 0;
}

function setTemplateGeneration(o: KObject, n: number): void {
  o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [TEMPLATE_GENERATION_ANNOTATION]: String(n) };
}

export const daemonsets: Strategy = {
  info: {
    group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet', singular: 'daemonset', namespaced: true,
    shortNames: ['ds'], categories: ['all'], subresources: ['status'], verbs: ALL_VERBS,
  },
  nameRule: 'subdomain',
  tracksGeneration: true,
  hasStatus: true,
  prepareForCreate(o) {
    defaultDaemonSet(o);
    setTemplateGeneration(o, 1);
    o.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
  },
  prepareForUpdate(o, old, ctx) {
    if (ctx.subresource !== '') return;
    defaultDaemonSet(o);
    const changed = !jsonEqual((o.spec as Record<string, unknown>)?.template, (old.spec as Record<string, unknown>)?.template);
    setTemplateGeneration(o, templateGeneration(old) + (changed ? 1 : 0));
  },
  validate: (o) => validateDaemonSet(o),
  validateUpdate: (o, old, ctx) => (ctx.subresource === 'status' ? validateDaemonSetStatus(o, old) : validateDaemonSetUpdate(o, old)),
  printer: daemonSetPrinter,
  patch: {
    schema: kindStruct({ spec: podControllerSpec(), status: conditionsStatus }),
    zero: {
      spec: { selector: null, template: zeroTemplate(), updateStrategy: {} },
      status: { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 },
    },
    resetFields: STATUS_RESET_FIELDS,
  },
  protobuf: { message: 'k8s.io.api.apps.v1.DaemonSet' },
};
