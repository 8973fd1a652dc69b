// batch/v1 Job (pkg/registry/batch/job/strategy.go): defaults, a generated selector and pod labels
// unless manualSelector, status reset on create, generation bumped by spec changes, template
// immutable (scheduling directives excepted while suspended and never started), /status.
import { kindStruct } from '../../machinery/patch/types-k8s.js';
import { STATUS_RESET_FIELDS } from '../../machinery/patch/meta.js';
import { jobPrinter } from '../printers/batch.js';
import type { Strategy } from '../strategy.js';
import { copyTemplateLabels, defaultJob, generateJobSelector } from './batch-defaults.js';
import { validateJob, validateJobStatus, validateJobUpdate } from './batch-validation.js';
import { ALL_VERBS } from './common.js';
import { jobSpec, jobStatus, zeroTemplate } from './workload-patch.js';

export const jobs: Strategy = {
  info: {
    group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', singular: 'job', namespaced: true,
    categories: ['all'], subresources: ['status'], verbs: ALL_VERBS,
  },
  nameRule: 'subdomain',
  tracksGeneration: true,
  hasStatus: true,
  prepareForCreate(o) {
    defaultJob(o);
    generateJobSelector(o);
    copyTemplateLabels(o);
    o.status = {};
  },
  prepareForUpdate(o, _old, ctx) {
    if (ctx.subresource !== '') return;
    defaultJob(o);
  },
  validate: (o) => validateJob(o),
  validateUpdate: (o, old, ctx) => (ctx.subresource === 'status' ? validateJobStatus(o, old) : validateJobUpdate(o, old)),
  selectableFields: (o) => ({ 'status.successful': String((o.status as Record<string, unknown> | undefined)?.succeeded ?? 0) }),
  printer: jobPrinter,
  patch: {
    schema: kindStruct({ spec: jobSpec, status: jobStatus }),
    zero: { spec: { template: zeroTemplate() }, status: {} },
    resetFields: STATUS_RESET_FIELDS,
  },
  protobuf: { message: 'k8s.io.api.batch.v1.Job' },
};

