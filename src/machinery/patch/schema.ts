// The shape of patch metadata: a partial schema tree saying, per field, how lists and maps
// merge. Strategic merge patch reads the `smp` facts (Go struct tags patchStrategy /
// patchMergeKey); server-side apply reads the list/map types (x-kubernetes-list-type,
// x-kubernetes-list-map-keys, x-kubernetes-map-type). Fields not described behave as the
// defaults: objects merge field by field, lists are atomic.

export type SchemaNode = StructNode | MapNode | ListNode;

/** A Go struct: known field names. `atomic` = +structType=atomic. */
export interface StructNode {
  type: 'struct';
  fields: Record<string, SchemaNode>;
  atomic?: boolean;
}

/** A map with free-form keys (labels, data, selector). `atomic` = +mapType=atomic. */
export interface MapNode {
  type: 'map';
  values?: SchemaNode;
  atomic?: boolean;
}

/** How strategic merge patch merges a list (its patchStrategy tag); absent = replace. */
export interface SmpListStrategy {
  /** patchMergeKey; absent for a merge list of scalars (finalizers, podCIDRs). */
  mergeKey?: string;
  /** patchStrategy includes retainKeys (the `$retainKeys` directive applies to items). */
  retainKeys?: boolean;
}

export interface ListNode {
  type: 'list';
  /** x-kubernetes-list-type. */
  listType: 'atomic' | 'set' | 'map';
  /** x-kubernetes-list-map-keys (listType map only). */
  keys?: string[];
  /** Defaults of key fields (e.g. protocol: TCP), used when an item omits them. */
  keyDefaults?: Record<string, string | number | boolean>;
  items?: SchemaNode;
  smp?: SmpListStrategy;
}

export function struct(fields: Record<string, SchemaNode> = {}, atomic = false): StructNode {
  return atomic ? { type: 'struct', fields, atomic } : { type: 'struct', fields };
}

export function map(values?: SchemaNode, atomic = false): MapNode {
  const node: MapNode = { type: 'map' };
  if (values) node.values = values;
  if (atomic) node.atomic = true;
  return node;
}

export function atomicList(items?: SchemaNode): ListNode {
  return items ? { type: 'list', listType: 'atomic', items } : { type: 'list', listType: 'atomic' };
}

/** A set of scalars; `smpMerge` = patchStrategy:"merge" (server merges, not replaces). */
export function setList(smpMerge: boolean): ListNode {
  return smpMerge ? { type: 'list', listType: 'set', smp: {} } : { type: 'list', listType: 'set' };
}

export interface MapListOptions {
  /** patchMergeKey; when set the list is also an SMP merge list. */
  mergeKey?: string;
  retainKeys?: boolean;
  keyDefaults?: Record<string, string | number | boolean>;
}

/** An associative list keyed by `keys` (listType map). */
export function mapList(keys: string[], items: SchemaNode, opts: MapListOptions = {}): ListNode {
  const node: ListNode = { type: 'list', listType: 'map', keys, items };
  if (opts.keyDefaults) node.keyDefaults = opts.keyDefaults;
  if (opts.mergeKey) node.smp = opts.retainKeys ? { mergeKey: opts.mergeKey, retainKeys: true } : { mergeKey: opts.mergeKey };
  return node;
}

/** The schema of the value under `key` of an object described by `node` (undefined = unknown). */
export function fieldSchema(node: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (!node) return undefined;
  if (node.type === 'struct') return node.fields[key];
  if (node.type === 'map') return node.values;
  return undefined;
}

/** The schema of a list's items. */
export function itemSchema(node: SchemaNode | undefined): SchemaNode | undefined {
  return node?.type === 'list' ? node.items : undefined;
}

/** Whether `key` is a declared field name (true) or a free-form map key (false). */
export function isNamedField(node: SchemaNode | undefined, key: string): boolean {
  if (!node) return true; // undescribed objects are Go structs in every built-in kind
  return node.type === 'struct';
}

export function isAtomic(node: SchemaNode | undefined): boolean {
  if (!node) return false;
  if (node.type === 'list') return node.listType === 'atomic';
  return node.atomic === true;
}
