// coordination.k8s.io/v1 Lease: what client-go leader election (and controller-runtime managers)
// read and renew; also what kubelets heartbeat with in kube-node-lease.
import { fieldError, type FieldError } from '../../machinery/status.js';
import type { KObject } from '../../machinery/types.js';
import { kindStruct } from '../../machinery/patch/types-k8s.js';
import { leasePrinter } from '../printers/lease.js';
import type { Strategy } from '../strategy.js';
import { ALL_VERBS } from './common.js';

const STRATEGIES = ['OldestEmulationVersion'];

function validate(o: KObject): FieldError[] {
  const spec = (o.spec ?? {}) as Record<string, any>;
  const errs: FieldError[] = [];
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds !== null && spec.leaseDurationSeconds <= 0) {
    errs.push(fieldError.invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions !== null && spec.leaseTransitions < 0) {
    errs.push(fieldError.invalid('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'));
  }
  if (spec.strategy && !STRATEGIES.includes(spec.strategy)) {
    errs.push(fieldError.notSupported('spec.strategy', spec.strategy, STRATEGIES));
  }
  if (spec.preferredHolder && !spec.strategy) {
    errs.push(fieldError.forbidden('spec.preferredHolder', 'may only be specified if `strategy` is defined'));
  }
  return errs;
}

export const leases: Strategy = {
  info: {
    group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', singular: 'lease', namespaced: true,
    verbs: ALL_VERBS,
  },
  nameRule: 'subdomain',
  tracksGeneration: false,
  hasStatus: false,
  validate,
  validateUpdate: validate,
  printer: leasePrinter,
  patch: { schema: kindStruct({}), zero: { spec: {} } },
  protobuf: { message: 'k8s.io.api.coordination.v1.Lease' },
};
