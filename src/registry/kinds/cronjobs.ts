// batch/v1 CronJob (pkg/registry/batch/cronjob/strategy.go): defaults, status reset on create,
// generation bumped by spec changes, schedule and time zone validated, /status.
import { STATUS_RESET_FIELDS } from '../../machinery/patch/meta.js';
import { kindStruct } from '../../machinery/patch/types-k8s.js';
import { cronJobPrinter } from '../printers/batch.js';
import type { Strategy } from '../strategy.js';
import { defaultCronJob } from './batch-defaults.js';
import { validateCronJob, validateCronJobUpdate } from './batch-validation.js';
import { ALL_VERBS } from './common.js';
import { cronJobSpec, cronJobStatus, zeroTemplate } from './workload-patch.js';

export const cronjobs: Strategy = {
  info: {
    group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob', singular: 'cronjob', namespaced: true,
    shortNames: ['cj'], categories: ['all'], subresources: ['status'], verbs: ALL_VERBS,
  },
  nameRule: 'subdomain',
  tracksGeneration: true,
  hasStatus: true,
  prepareForCreate(o) {
    defaultCronJob(o);
    o.status = {};
  },
  prepareForUpdate(o, _old, ctx) {
    if (ctx.subresource === '') defaultCronJob(o);
  },
  validate: (o) => validateCronJob(o),
  validateUpdate: (o, old, ctx) => (ctx.subresource === 'status' ? [] : validateCronJobUpdate(o, old)),
  printer: cronJobPrinter,
  patch: {
    schema: kindStruct({ spec: cronJobSpec, status: cronJobStatus }),
    zero: { spec: { schedule: '', jobTemplate: { metadata: {}, spec: { template: zeroTemplate() } } }, status: {} },
    resetFields: STATUS_RESET_FIELDS,
  },
  protobuf: { message: 'k8s.io.api.batch.v1.CronJob' },
};
