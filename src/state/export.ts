// GET /kubesim/v1/export and `kubesim export`: the cluster state as multi-document YAML that
// --load and `kubectl apply -f` accept.
//
// Default: what a user wrote, as they would write it. Left out are the objects the cluster makes
// itself (system namespaces, the `kubernetes` Service and its endpoints, simulated nodes and their
// leases, Events, anything with a controller owner such as a Deployment's ReplicaSets and pods,
// controller-written EndpointSlices and Endpoints) and the fields the server owns (uid,
// resourceVersion, creationTimestamp, generation, managedFields, owner references, the status of
// kinds with a status subresource, allocated clusterIPs and nodePorts, a scheduler's nodeName).
//
// --exact: a snapshot. Every object but Events, with names, uids, timestamps, owners and statuses;
// only resourceVersion and managedFields are dropped. --load restores such objects as they were
// (src/state/restore.ts).
//
// Order: Namespaces, CustomResourceDefinitions, the other built-in kinds, then custom resources,
// so each object's namespace and kind exist when it is applied.
import { stringify } from 'yaml';
import { SYSTEM_NAMESPACES } from '../bootstrap.js';
import type { KObject } from '../machinery/types.js';
import type { Registry } from '../registry/registry.js';
import { storeKey, type Strategy } from '../registry/strategy.js';
import { LIFECYCLE_ANNOTATION } from '../simulator/options.js';

type J = Record<string, any>;

export interface ExportOptions {
  /** A snapshot with uids and statuses, for --load to restore as it was. */
  exact?: boolean;
}

const CONTROLLER_MANAGERS = new Set(['endpointslice-controller.k8s.io', 'endpointslicemirroring-controller.k8s.io']);

function rank(s: Strategy): number {
  if (s.info.kind === 'Namespace') return 0;
  if (s.info.kind === 'CustomResourceDefinition') return 1;
  return s.decoder ? 3 : 2;
}

/** The kinds whose objects are exported, each store resource once, in apply order. */
function exportedKinds(r: Registry): Strategy[] {
  const seen = new Set<string>();
  const out: Strategy[] = [];
  for (const s of r.strategies()) {
    if (s.view || seen.has(storeKey(s))) continue;
    seen.add(storeKey(s));
    if (s.info.kind === 'Event') continue;
    out.push(s);
  }
  return out.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map((x) => x.s);
}

function servicesWithSelector(r: Registry): Set<string> {
  const out = new Set<string>();
  for (const o of r.list(r.resource('', 'services'), undefined).items) {
    const sel = (o.obj as J).spec?.selector;
    if (sel && Object.keys(sel).length) out.add(`${o.obj.metadata.namespace}/${o.obj.metadata.name}`);
  }
  return out;
}

/** Objects the cluster made itself, which a re-created cluster makes again. */
function serverMade(o: J, selected: Set<string>): boolean {
  const m = o.metadata;
  if ((m.ownerReferences ?? []).some((ref: J) => ref.controller === true)) return true;
  switch (o.kind) {
    case 'Namespace':
      return SYSTEM_NAMESPACES.includes(m.name);
    case 'Service':
      return m.namespace === 'default' && m.name === 'kubernetes';
    case 'Endpoints':
      return (m.namespace === 'default' && m.name === 'kubernetes') || selected.has(`${m.namespace}/${m.name}`);
    case 'EndpointSlice':
      return (m.namespace === 'default' && m.name === 'kubernetes') || CONTROLLER_MANAGERS.has(m.labels?.['endpointslice.kubernetes.io/managed-by']);
    case 'Node':
      return String(o.spec?.providerID ?? '').startsWith('kubesim://');
    case 'Lease':
      return m.namespace === 'kube-node-lease';
    default:
      return false;
  }
}

/** Annotations controllers write on objects users own (the Deployment controller's revision). */
const CONTROLLER_ANNOTATIONS = ['deployment.kubernetes.io/revision', 'endpoints.kubernetes.io/last-change-trigger-time'];

const SERVER_METADATA = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'ownerReferences'];

/** The object as its author would apply it again. */
function userView(s: Strategy, stored: KObject): J {
  const o = structuredClone(stored) as J;
  for (const k of SERVER_METADATA) delete o.metadata[k];
  for (const k of CONTROLLER_ANNOTATIONS) delete o.metadata.annotations?.[k];
  if (o.metadata.annotations && Object.keys(o.metadata.annotations).length === 0) delete o.metadata.annotations;
  if (s.hasStatus) delete o.status;
  if (o.kind === 'Service' && o.spec) {
    if (o.spec.clusterIP !== 'None') {
      delete o.spec.clusterIP;
      delete o.spec.clusterIPs;
    }
    for (const p of o.spec.ports ?? []) delete p.nodePort;
    delete o.spec.healthCheckNodePort;
  }
  // The scheduler's choice, unless the pod's clients own it (manual lifecycle).
  if (o.kind === 'Pod' && o.spec && o.metadata.annotations?.[LIFECYCLE_ANNOTATION] !== 'manual') delete o.spec.nodeName;
  return o;
}

function snapshotView(stored: KObject): J {
  const o = structuredClone(stored) as J;
  delete o.metadata.resourceVersion;
  delete o.metadata.managedFields;
  return o;
}

/** The exported objects, in apply order. */
export function exportObjects(r: Registry, o: ExportOptions = {}): J[] {
  const selected = servicesWithSelector(r);
  const out: J[] = [];
  for (const s of exportedKinds(r)) {
    for (const stored of r.list(s, undefined).items) {
      const obj = { apiVersion: stored.obj.apiVersion, kind: stored.obj.kind, ...stored.obj } as KObject;
      if (o.exact) out.push(snapshotView(obj));
      else if (!serverMade(obj as J, selected)) out.push(userView(s, obj));
    }
  }
  return out;
}

/** The state as multi-document YAML. */
export function exportYAML(r: Registry, o: ExportOptions = {}): string {
  const docs = exportObjects(r, o).map((x) => stringify(x, { lineWidth: 0 }));
  const head = `# kubesim export${o.exact ? ' --exact (restore with kubesim --load)' : ''}: ${docs.length} object${docs.length === 1 ? '' : 's'}\n`;
  return head + docs.map((d) => `---\n${d}`).join('');
}
