// core/v1 ResourceQuota and LimitRange: served (kubectl describe namespace lists them) and stored,
// with no enforcement: kubesim has no quota admission.
import { STATUS_RESET_FIELDS } from '../../machinery/patch/meta.js';
import { kindStruct } from '../../machinery/patch/types-k8s.js';
import type { Strategy } from '../strategy.js';
import { ALL_VERBS } from './common.js';

export const resourcequotas: Strategy = {
  info: {
    group: '', version: 'v1', resource: 'resourcequotas', kind: 'ResourceQuota', singular: 'resourcequota',
    namespaced: true, shortNames: ['quota'], subresources: ['status'], verbs: ALL_VERBS,
  },
  nameRule: 'subdomain',
  tracksGeneration: false,
  hasStatus: true,
  // No merge-keyed lists: maps merge, lists are atomic (its upstream patch strategies).
  patch: { schema: kindStruct({}), zero: { spec: {}, status: {} }, resetFields: STATUS_RESET_FIELDS },
};

export const limitranges: Strategy = {
  info: {
    group: '', version: 'v1', resource: 'limitranges', kind: 'LimitRange', singular: 'limitrange',
    namespaced: true, shortNames: ['limits'], verbs: ALL_VERBS,
  },
  nameRule: 'subdomain',
  tracksGeneration: false,
  hasStatus: false,
  patch: { schema: kindStruct({}), zero: { spec: {} } },
};
