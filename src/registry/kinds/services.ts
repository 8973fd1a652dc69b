// core/v1 Service: defaults, validation, ClusterIP/NodePort allocation (done by the apiserver's
// service REST storage, so it happens on the write itself), immutable clusterIP.
import { fieldError, type FieldError } from '../../machinery/status.js';
import type { KObject } from '../../machinery/types.js';
import { STATUS_RESET_FIELDS } from '../../machinery/patch/meta.js';
import { mapList, map, struct } from '../../machinery/patch/schema.js';
import { conditionsByType, kindStruct } from '../../machinery/patch/types-k8s.js';
import { servicePrinter } from '../printers/service.js';
import type { Strategy } from '../strategy.js';
import { ALL_VERBS, arr, dflt, obj, str } from './common.js';
import type { ServiceAllocator } from './service-alloc.js';
import { validateServiceSpec } from './service-validation.js';

function defaults(spec: Record<string, any>): void {
  dflt(spec, 'type', 'ClusterIP');
  dflt(spec, 'sessionAffinity', 'None');
  for (const p of arr(spec.ports)) {
    dflt(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (spec.type !== 'ExternalName') dflt(spec, 'internalTrafficPolicy', 'Cluster');
  if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true;
  if (spec.sessionAffinity === 'ClientIP' && !spec.sessionAffinityConfig) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
}

function validateUpdate(o: KObject, old: KObject): FieldError[] {
  const s = (o.spec ?? {}) as Record<string, any>;
  const os = (old.spec ?? {}) as Record<string, any>;
  const errs: FieldError[] = [];
  // ClusterIP is immutable once allocated, except when switching to or from ExternalName.
  if (s.type !== 'ExternalName' && os.type !== 'ExternalName' && os.clusterIP && str(s.clusterIP) !== str(os.clusterIP)) {
    errs.push(fieldError.invalid('spec.clusterIPs[0]', s.clusterIP ?? '', 'may not change once set'));
  }
  return errs;
}

export function makeServices(alloc: ServiceAllocator): Strategy {
  return {
    info: {
      group: '', version: 'v1', resource: 'services', kind: 'Service', singular: 'service', namespaced: true,
      shortNames: ['svc'], categories: ['all'], subresources: ['status'], verbs: ALL_VERBS,
    },
    nameRule: 'dns1035',
    tracksGeneration: false,
    hasStatus: true,
    returnDeletedObject: true,
    prepareForCreate(o) {
      const spec = obj(o, 'spec');
      defaults(spec);
      o.status = { loadBalancer: {} };
    },
    prepareForUpdate(o, old, ctx) {
      if (ctx.subresource === 'status') return;
      const spec = obj(o, 'spec');
      const os = (old.spec ?? {}) as Record<string, any>;
      // A client that omits allocated values keeps them (the apiserver patches them back in).
      if (spec.type !== 'ExternalName' && os.type !== 'ExternalName') {
        for (const k of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) if (spec[k] === undefined && os[k] !== undefined) spec[k] = structuredClone(os[k]);
      }
      for (const p of arr(spec.ports)) {
        const prev = arr(os.ports).find((q) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
        if (prev?.nodePort && !p.nodePort && (spec.type === 'NodePort' || spec.type === 'LoadBalancer')) p.nodePort = prev.nodePort;
      }
      defaults(spec);
    },
    validate(o) {
      const errs = validateServiceSpec(o.spec, 'spec');
      if (!errs.length) errs.push(...alloc.allocate(o, undefined));
      return errs;
    },
    validateUpdate(o, old, ctx) {
      if (ctx.subresource === 'status') return [];
      const errs = [...validateServiceSpec(o.spec, 'spec'), ...validateUpdate(o, old)];
      if (!errs.length) errs.push(...alloc.allocate(o, old));
      return errs;
    },
    selectableFields(o) {
      const spec = (o.spec ?? {}) as Record<string, any>;
      return { 'spec.clusterIP': str(spec.clusterIP), 'spec.type': str(spec.type) };
    },
    printer: servicePrinter,
    patch: {
      schema: kindStruct({
        spec: struct({
          ports: mapList(['port', 'protocol'], struct(), { mergeKey: 'port', keyDefaults: { protocol: 'TCP' } }),
          selector: map(undefined, true),
        }),
        status: struct({ conditions: conditionsByType }),
      }),
      zero: { spec: {}, status: {} },
      resetFields: STATUS_RESET_FIELDS,
    },
    protobuf: { message: 'k8s.io.api.core.v1.Service' },
  };
}
