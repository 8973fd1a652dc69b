// The per-kind strategy contract (after k8s.io/apiserver's rest.RESTCreateStrategy & co).
// Strategies are pure: they never touch the store or Fastify. The generic registry runs them in a
// fixed order: prepareForCreate/Update → validate/validateUpdate → canonicalize.
import type { FieldError } from '../machinery/status.js';
import type { KObject } from '../machinery/types.js';
import type { PatchTypeInfo } from '../machinery/patch/meta.js';
import type { Printer } from './printers/types.js';
import type { KindValidator } from './schema-validate.js';

export interface ResourceInfo {
  group: string;
  version: string;
  /** Plural resource name used in URLs, e.g. "endpointslices". */
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Subresources served besides the main resource, e.g. ["status"]. */
  subresources?: string[];
  verbs?: string[];
}

export interface StrategyContext {
  now: number;
  /** "" for the main resource, or the subresource being written ("status"). */
  subresource: string;
  /** Adds a warning (an HTTP Warning header) to the response of this write. */
  warn(message: string): void;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

/** How a name must look: most kinds use DNS-1123 subdomains, namespaces labels, services DNS-1035 labels. */
export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path';

/** A kind served as another version of a stored kind (events.k8s.io Event over core Event). */
export interface View {
  of: Strategy;
  toStorage(o: KObject): KObject;
  fromStorage(o: KObject): KObject;
  /** Validation of the served form, before conversion. */
  validate?(o: KObject): FieldError[];
}

export interface Strategy {
  info: ResourceInfo;
  nameRule: NameRule;
  /** Kinds whose generation is bumped on spec (non-metadata) changes. */
  tracksGeneration: boolean;
  /** The field holding the status subresource, when the kind has one. */
  hasStatus: boolean;
  /**
   * /status writes take metadata.annotations from the request too (the Deployment status strategy
   * resets only spec and labels: kube-controller-manager writes the revision annotation there).
   */
  statusUpdatesAnnotations?: boolean;
  /** Pods and services answer a DELETE with the deleted object; others with a Status. */
  returnDeletedObject?: boolean;
  /** Defaults and resets on create (status cleared for kinds with a status subresource, ...). */
  prepareForCreate?(obj: KObject, ctx: StrategyContext): void;
  /** Adjusts an update against the old object (status kept on spec writes and vice versa is done generically). */
  prepareForUpdate?(obj: KObject, old: KObject, ctx: StrategyContext): void;
  validate?(obj: KObject, ctx: StrategyContext): FieldError[];
  validateUpdate?(obj: KObject, old: KObject, ctx: StrategyContext): FieldError[];
  /** Final normalisation before storing (sorting, dropping empty values...). */
  canonicalize?(obj: KObject): void;
  /**
   * Just before the store keeps `obj` (after every check, not on dry runs): replaces parts of it
   * with equal frozen parts shared across objects (see util/intern.ts), to save memory. `old` is
   * the version being replaced; its parts are shared already.
   */
  share?(obj: KObject, old: KObject | undefined): void;
  /** Field values for field selectors; metadata.name/namespace are added generically. */
  selectableFields?(obj: KObject): Record<string, string>;
  /** Grace period for a DELETE; 0 or undefined removes at once (pods are graceful). */
  gracePeriodSeconds?(obj: KObject, opts: DeleteOptions): number | undefined;
  /** Kinds whose deletion waits on something other than metadata.finalizers (namespaces' spec.finalizers). */
  deletionPending?(obj: KObject): boolean;
  /** Refuses a DELETE outright by throwing a StatusError (immortal namespaces). */
  checkDelete?(obj: KObject): void;
  /** Mutation applied when a deletion starts (namespaces: phase Terminating). */
  beginDelete?(obj: KObject): void;
  /** Warnings (HTTP Warning headers) for any request on this resource. */
  warnings?: string[];
  /** Server-side Table columns (kubectl get); absent = Name and Created At. */
  printer?: Printer;
  /** Strategic merge patch and server-side apply metadata; absent = no strategic merge (415). */
  patch?: PatchTypeInfo;
  /**
   * Protobuf request bodies this kind's endpoints decode. Absent: the apiserver would, kubesim has no
   * message for it (400); false: the kind has no protobuf encoding at all (custom resources: 415).
   */
  protobuf?: ProtobufInfo | false;
  /**
   * The request-body check (shape, unknown fields, defaults) when it is not the served OpenAPI
   * document's: custom resources bring their own from the CRD's schema.
   */
  decoder?: KindValidator;
  /** The autoscaling/v1 Scale subresource: where replicas and the selector live in the object. */
  scale?: ScaleInfo;
  view?: View;
}

export interface ProtobufInfo {
  /** Fully-qualified message of the kind itself, e.g. "k8s.io.api.core.v1.Pod" (files under proto/). */
  message: string;
  /** Other bodies its subresources take, by "apiVersion/Kind" (pods/binding: "v1/Binding"). */
  subresourceMessages?: Readonly<Record<string, string>>;
}

/** Paths as in a CRD's scale subresource: ".spec.replicas", ".status.replicas", ".status.selector". */
export interface ScaleInfo {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export function gvrKey(info: ResourceInfo): string {
  if (!info.group) return info.resource;
  // Made once per kind: a fresh "group/resource" per call had to be flattened and hashed again by
  // every store lookup it keyed (several a pod for the workload controllers' owner checks).
  let k = gvrKeys.get(info);
  if (k === undefined || k.group !== info.group || k.resource !== info.resource) {
    k = { group: info.group, resource: info.resource, key: `${info.group}/${info.resource}` };
    gvrKeys.set(info, k);
  }
  return k.key;
}

/** gvrKey's answers, per info object (checked against its fields: an info may be edited in place). */
const gvrKeys = new WeakMap<ResourceInfo, { group: string; resource: string; key: string }>();

/** Where a strategy's objects live in the store (a view's live with the kind it converts). */
export function storeKey(s: Strategy): string {
  return s.view ? gvrKey(s.view.of.info) : gvrKey(s.info);
}
