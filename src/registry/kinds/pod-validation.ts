// The parts of ValidatePodSpec that clients hit in practice: containers, names, images, ports,
// restart and DNS policies. Messages follow pkg/apis/core/validation.
import { fieldError, type FieldError } from '../../machinery/status.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum } from '../../machinery/validation.js';
import { arr, str } from './common.js';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function validatePorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(ports).forEach((p: Record<string, any>, i) => {
    const pp = `${path}[${i}]`;
    if (p.name) {
      for (const m of isValidPortName(str(p.name))) errs.push(fieldError.invalid(`${pp}.name`, p.name, m));
      if (names.has(p.name)) errs.push(fieldError.duplicate(`${pp}.name`, p.name));
      names.add(p.name);
    }
    if (p.containerPort === undefined || p.containerPort === 0) errs.push(fieldError.required(`${pp}.containerPort`));
    else for (const m of isValidPortNum(Number(p.containerPort))) errs.push(fieldError.invalid(`${pp}.containerPort`, p.containerPort, m));
    if (p.hostPort) for (const m of isValidPortNum(Number(p.hostPort))) errs.push(fieldError.invalid(`${pp}.hostPort`, p.hostPort, m));
    if (!p.protocol) errs.push(fieldError.required(`${pp}.protocol`));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(fieldError.notSupported(`${pp}.protocol`, p.protocol, PROTOCOLS));
  });
  return errs;
}

function validateContainers(list: unknown, path: string, required: boolean, seen: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const cs = arr(list);
  if (required && cs.length === 0) errs.push(fieldError.required(path));
  cs.forEach((c: Record<string, any>, i) => {
    const cp = `${path}[${i}]`;
    if (!c.name) errs.push(fieldError.required(`${cp}.name`));
    else {
      for (const m of isDNS1123Label(str(c.name))) errs.push(fieldError.invalid(`${cp}.name`, c.name, m));
      if (seen.has(c.name)) errs.push(fieldError.duplicate(`${cp}.name`, c.name));
      seen.add(c.name);
    }
    if (!c.image) errs.push(fieldError.required(`${cp}.image`));
    errs.push(...validatePorts(c.ports, `${cp}.ports`));
  });
  return errs;
}

export function validatePodSpec(spec: unknown, path: string): FieldError[] {
  const s = (spec ?? {}) as Record<string, any>;
  const seen = new Set<string>();
  const errs = [
    ...validateContainers(s.containers, `${path}.containers`, true, seen),
    ...validateContainers(s.initContainers, `${path}.initContainers`, false, seen),
  ];
  const rp = ['Always', 'OnFailure', 'Never'];
  if (s.restartPolicy && !rp.includes(s.restartPolicy)) errs.push(fieldError.notSupported(`${path}.restartPolicy`, s.restartPolicy, rp));
  const dp = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
  if (s.dnsPolicy && !dp.includes(s.dnsPolicy)) errs.push(fieldError.notSupported(`${path}.dnsPolicy`, s.dnsPolicy, dp));
  if (s.nodeName) for (const m of isDNS1123Subdomain(str(s.nodeName))) errs.push(fieldError.invalid(`${path}.nodeName`, s.nodeName, m));
  if (s.hostname) for (const m of isDNS1123Label(str(s.hostname))) errs.push(fieldError.invalid(`${path}.hostname`, s.hostname, m));
  if (s.subdomain) for (const m of isDNS1123Label(str(s.subdomain))) errs.push(fieldError.invalid(`${path}.subdomain`, s.subdomain, m));
  if (typeof s.terminationGracePeriodSeconds === 'number' && s.terminationGracePeriodSeconds < 0) {
    errs.push(fieldError.invalid(`${path}.terminationGracePeriodSeconds`, s.terminationGracePeriodSeconds, 'must be greater than or equal to 0'));
  }
  return errs;
}
