// Which Services a pod change concerns (the pod handlers of the endpoint controllers): those whose
// selector matches the pod's labels before or after, and only when something endpoints depend on
// changed.
import { selectorFromSet } from '../machinery/labels.js';
import type { KObject } from '../machinery/types.js';
import type { Registry } from '../registry/registry.js';
import type { StoreEvent } from '../storage/store.js';

/** Pod fields whose change can change a Service's endpoints. */
function endpointFields(p: KObject): string {
  const spec = (p.spec ?? {}) as Record<string, any>;
  const status = (p.status ?? {}) as Record<string, any>;
  const conds = (status.conditions ?? []) as { type?: string; status?: string; lastTransitionTime?: string }[];
  return JSON.stringify([p.metadata.deletionTimestamp, status.podIP, status.podIPs, status.phase,
    conds.map((c) => [c.type, c.status, c.type === 'Ready' ? c.lastTransitionTime : '']),
    spec.nodeName, spec.hostname, spec.subdomain, (spec.containers ?? []).map((c: any) => c.ports),
    (spec.initContainers ?? []).map((c: any) => [c.restartPolicy, c.ports])]);
}

/** Service keys ("ns/name") to sync for a pod event. */
export function servicesForPodEvent(r: Registry, ev: StoreEvent): string[] {
  const cur = ev.object.obj;
  const prev = ev.prev?.obj;
  const labelSets = [cur.metadata.labels];
  if (ev.type === 'MODIFIED' && prev) {
    const labelsChanged = JSON.stringify(prev.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
    if (!labelsChanged && endpointFields(prev) === endpointFields(cur)) return [];
    labelSets.push(prev.metadata.labels);
  }
  const ns = cur.metadata.namespace ?? '';
  const keys: string[] = [];
  for (const s of r.list(r.resource('', 'services'), ns).items) {
    const sel = (s.obj.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (!sel || Object.keys(sel).length === 0) continue;
    const selector = selectorFromSet(sel);
    if (labelSets.some((l) => selector.matches(l ?? {}))) keys.push(`${ns}/${s.obj.metadata.name}`);
  }
  return keys;
}
