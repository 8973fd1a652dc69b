// ValidateService, the rules clients meet: type, ports (names, numbers, targetPort, nodePort),
// selector labels, ExternalName, IP family fields. Messages follow pkg/apis/core/validation.
import { fieldError, type FieldError } from '../../machinery/status.js';
import {
  isDNS1123Label, isDNS1123Subdomain, isValidIPForLegacyField, isValidPortName, isValidPortNum,
} from '../../machinery/validation.js';
import { arr, str } from './common.js';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const FAMILIES = ['IPv4', 'IPv6'];

function validatePort(p: Record<string, any>, i: number, multi: boolean, names: Set<string>, path: string, type: string): FieldError[] {
  const pp = `${path}[${i}]`;
  const errs: FieldError[] = [];
  if (multi && !p.name) errs.push(fieldError.required(`${pp}.name`));
  if (p.name) {
    for (const m of isDNS1123Label(str(p.name))) errs.push(fieldError.invalid(`${pp}.name`, p.name, m));
    if (names.has(p.name)) errs.push(fieldError.duplicate(`${pp}.name`, p.name));
    names.add(p.name);
  }
  for (const m of isValidPortNum(Number(p.port))) errs.push(fieldError.invalid(`${pp}.port`, p.port ?? 0, m));
  if (!p.protocol) errs.push(fieldError.required(`${pp}.protocol`));
  else if (!PROTOCOLS.includes(p.protocol)) errs.push(fieldError.notSupported(`${pp}.protocol`, p.protocol, PROTOCOLS));
  const tp = p.targetPort;
  if (typeof tp === 'number') for (const m of isValidPortNum(tp)) errs.push(fieldError.invalid(`${pp}.targetPort`, tp, m));
  if (typeof tp === 'string') for (const m of isValidPortName(tp)) errs.push(fieldError.invalid(`${pp}.targetPort`, tp, m));
  if (p.nodePort !== undefined && p.nodePort !== 0) {
    if (type !== 'NodePort' && type !== 'LoadBalancer') {
      errs.push(fieldError.forbidden(`${pp}.nodePort`, 'may not be used when `type` is \'ClusterIP\''));
    } else for (const m of isValidPortNum(Number(p.nodePort))) errs.push(fieldError.invalid(`${pp}.nodePort`, p.nodePort, m));
  }
  return errs;
}

export function validateServiceSpec(spec: unknown, path: string): FieldError[] {
  const s = (spec ?? {}) as Record<string, any>;
  const errs: FieldError[] = [];
  const type = str(s.type);
  if (!TYPES.includes(type)) errs.push(fieldError.notSupported(`${path}.type`, type, TYPES));
  const ports = arr(s.ports);
  const headless = s.clusterIP === 'None';
  if (type === 'ExternalName') {
    if (!s.externalName) errs.push(fieldError.required(`${path}.externalName`));
    else for (const m of isDNS1123Subdomain(str(s.externalName).replace(/\.$/, ''))) errs.push(fieldError.invalid(`${path}.externalName`, s.externalName, m));
  } else if (ports.length === 0 && !headless) {
    errs.push(fieldError.required(`${path}.ports`));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validatePort(p, i, ports.length > 1, names, `${path}.ports`, type)));
  if (s.clusterIP && s.clusterIP !== 'None' && isValidIPForLegacyField('', str(s.clusterIP)).length) {
    errs.push(fieldError.invalid(`${path}.clusterIPs[0]`, s.clusterIP, 'must be empty, \'None\', or a valid IP address'));
  }
  if (s.ipFamilyPolicy && !POLICIES.includes(s.ipFamilyPolicy)) errs.push(fieldError.notSupported(`${path}.ipFamilyPolicy`, s.ipFamilyPolicy, POLICIES));
  arr(s.ipFamilies).forEach((f, i) => {
    if (!FAMILIES.includes(f)) errs.push(fieldError.notSupported(`${path}.ipFamilies[${i}]`, f, FAMILIES));
  });
  if (arr(s.ipFamilies).length > 2) errs.push(fieldError.invalid(`${path}.ipFamilies`, s.ipFamilies, 'may specify no more than one IP for each IP family'));
  if (s.sessionAffinity && !['ClientIP', 'None'].includes(s.sessionAffinity)) {
    errs.push(fieldError.notSupported(`${path}.sessionAffinity`, s.sessionAffinity, ['ClientIP', 'None']));
  }
  return errs;
}
