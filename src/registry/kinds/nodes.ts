// core/v1 Node (cluster-scoped, status subresource).
import { fieldError, type FieldError } from '../../machinery/status.js';
import { STATUS_RESET_FIELDS } from '../../machinery/patch/meta.js';
import { map, mapList, setList, struct } from '../../machinery/patch/schema.js';
import { conditionsByType, kindStruct } from '../../machinery/patch/types-k8s.js';
import { nodePrinter } from '../printers/node.js';
import type { Strategy } from '../strategy.js';
import { ALL_VERBS, arr, obj } from './common.js';

export const nodes: Strategy = {
  info: {
    group: '', version: 'v1', resource: 'nodes', kind: 'Node', singular: 'node', namespaced: false,
    shortNames: ['no'], subresources: ['status'], verbs: ALL_VERBS,
  },
  nameRule: 'subdomain',
  tracksGeneration: false,
  hasStatus: true,
  prepareForCreate(o) {
    obj(o, 'spec');
    // A node's status is reported by its kubelet; a client-created node keeps what it sent.
    if (o.status === undefined) o.status = {};
  },
  validateUpdate(o, old, ctx) {
    if (ctx.subresource === 'status') return [];
    const errs: FieldError[] = [];
    const cidrs = arr((o.spec as any)?.podCIDRs);
    const oldCidrs = arr((old.spec as any)?.podCIDRs);
    if (oldCidrs.length && JSON.stringify(cidrs) !== JSON.stringify(oldCidrs)) {
      errs.push(fieldError.forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
    }
    return errs;
  },
  selectableFields(o) {
    return { 'spec.unschedulable': String((o.spec as any)?.unschedulable === true) };
  },
  printer: nodePrinter,
  patch: {
    schema: kindStruct({
      spec: struct({ podCIDRs: setList(true) }),
      status: struct({
        conditions: conditionsByType,
        addresses: mapList(['type'], struct(), { mergeKey: 'type' }),
        capacity: map(),
        allocatable: map(),
      }),
    }),
    zero: { spec: {}, status: {} },
    resetFields: STATUS_RESET_FIELDS,
  },
  protobuf: { message: 'k8s.io.api.core.v1.Node' },
};
