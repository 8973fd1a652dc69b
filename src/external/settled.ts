// settled() against a real cluster, where there is no controller queue to look into: poll until
// the EndpointSlices of the namespace's Services show exactly their ready pods (what the
// simulator's settled() guarantees after apply), and new pods have left Pending.
type J = Record<string, any>;

const FAMILY = (ip: string) => (ip.includes(':') ? 'IPv6' : 'IPv4');

function selects(selector: J, labels: J | undefined): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

function podReady(p: J): boolean {
  if (p.metadata?.deletionTimestamp) return false;
  if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') return false;
  return (p.status?.conditions ?? []).some((c: J) => c.type === 'Ready' && c.status === 'True');
}

/** Ready addresses the Service's slices should hold, sorted, one per pod and family. */
export function expectedAddresses(svc: J, pods: J[]): string[] {
  const families: string[] = svc.spec?.ipFamilies ?? ['IPv4'];
  const all = svc.spec?.publishNotReadyAddresses === true;
  const out: string[] = [];
  for (const p of pods) {
    if (!selects(svc.spec.selector, p.metadata?.labels)) continue;
    if (!(all ? !p.metadata?.deletionTimestamp : podReady(p))) continue;
    const ips: string[] = (p.status?.podIPs ?? []).map((x: J) => x.ip).filter(Boolean);
    if (ips.length === 0 && p.status?.podIP) ips.push(p.status.podIP);
    for (const ip of ips) if (families.includes(FAMILY(ip))) out.push(ip);
  }
  return out.sort();
}

/** Ready addresses the Service's slices hold, sorted. */
export function sliceAddresses(svc: J, slices: J[]): string[] {
  const out: string[] = [];
  for (const s of slices) {
    if (s.metadata?.labels?.['kubernetes.io/service-name'] !== svc.metadata.name) continue;
    for (const e of s.endpoints ?? []) if (e.conditions?.ready !== false) out.push(...(e.addresses ?? []).slice(0, 1));
  }
  return out.sort();
}

export interface NamespaceState {
  services: J[];
  pods: J[];
  slices: J[];
}

/** Why the namespace is not settled yet, or undefined when it is. */
export function unsettled(st: NamespaceState, waitPending: boolean): string | undefined {
  for (const svc of st.services) {
    const sel = svc.spec?.selector;
    if (!sel || Object.keys(sel).length === 0 || svc.spec?.type === 'ExternalName') continue;
    const want = expectedAddresses(svc, st.pods).join(',');
    const have = sliceAddresses(svc, st.slices).join(',');
    if (want !== have) return `Service ${svc.metadata.name}: slices show [${have}], ready pods are [${want}]`;
  }
  if (waitPending) {
    const pending = st.pods.find((p) => !p.metadata?.deletionTimestamp && (p.status?.phase ?? 'Pending') === 'Pending');
    if (pending) return `pod ${pending.metadata.name} is Pending`;
  }
  return undefined;
}
