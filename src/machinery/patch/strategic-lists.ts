// List half of strategic merge patch: merge lists by key (or as sets of scalars), the
// list-level `$patch` directives, `$deleteFromPrimitiveList`, and the element ordering rules of
// the "preserve order in strategic merge patch" design (setElementOrder > patch > live order).
import { patchNotApplicable, unknownServerError } from './errors.js';
import { itemSchema, type SchemaNode } from './schema.js';
import { goFormat, isJsonObject, type Json, type JsonObject } from './values.js';

export type MergeMapFn = (original: JsonObject, patch: JsonObject, schema: SchemaNode | undefined) => JsonObject;

interface ListCtx {
  mergeKey: string;
  isMap: boolean;
  items: SchemaNode | undefined;
  mergeMap: MergeMapFn;
}

/** Merges a patch list into a live list (which the caller owns) per the field's strategy. */
export function mergeListField(live: Json[], patch: Json[], schema: SchemaNode | undefined,
  deleteList: boolean, mergeMap: MergeMapFn): Json[] {
  const strategy = schema?.type === 'list' ? schema.smp : undefined;
  if (!strategy) {
    if (deleteList) return deleteFromSlice(live, patch);
    // Lists without a patch strategy are replaced; items still lose nulls and directives.
    return patch.map((v) => (isJsonObject(v) ? mergeMap({}, v, itemSchema(schema)) : v));
  }
  if (live.length === 0 && patch.length === 0) return live;
  const ctx: ListCtx = {
    mergeKey: strategy.mergeKey ?? '', isMap: elementsAreMaps(live, patch), items: itemSchema(schema), mergeMap,
  };
  if (!ctx.isMap) {
    if (deleteList) return deleteFromSlice(live, patch);
    return orderAfterMerge(dedupe([...live, ...patch]), patch, live, ctx);
  }
  if (!ctx.mergeKey) throw unknownServerError('cannot merge lists without merge key for type map');
  const [base, rest] = applyListDirectives(live, patch, ctx);
  return orderAfterMerge(mergeByKey(base, rest, ctx), rest, base, ctx);
}

/** Merges with a `$setElementOrder` list, then orders by it (see mergePatchIntoOriginal). */
export function mergeListWithOrder(live: Json[] | undefined, patch: Json[] | undefined, order: Json[],
  schema: SchemaNode | undefined, mergeMap: MergeMapFn): Json[] {
  const strategy = schema?.type === 'list' ? schema.smp : undefined;
  // A list without a patch strategy is replaced; an order directive for it changes nothing.
  if (!strategy) return patch === undefined ? live ?? [] : mergeListField([], patch, schema, false, mergeMap);
  const mergeKey = strategy.mergeKey ?? '';
  validateWithOrder(patch ?? [], order, mergeKey);
  const merged = patch === undefined ? live ?? [] : mergeListField(live ?? [], patch, schema, false, mergeMap);
  if (merged.length === 0) return merged;
  const ctx: ListCtx = { mergeKey, isMap: elementsAreMaps(merged, []), items: itemSchema(schema), mergeMap };
  const [inOrder, serverOnly] = partition(merged, order, ctx);
  return normalizeElementOrder(inOrder, serverOnly, order, live ?? [], ctx);
}

/** All elements must be of one kind, and lists of lists are refused (as in sliceElementType). */
function elementsAreMaps(...lists: Json[][]): boolean {
  let kind: string | undefined;
  for (const v of lists.flat()) {
    if (Array.isArray(v)) throw patchNotApplicable('lists of lists are not supported');
    const k = isJsonObject(v) ? 'map' : v === null ? 'null' : typeof v;
    if (kind !== undefined && k !== kind) {
      throw unknownServerError(`list element types are not identical: ${goFormat(lists)}`);
    }
    kind = k;
  }
  return kind === 'map';
}

function deleteFromSlice(live: Json[], remove: Json[]): Json[] {
  return live.filter((v) => !remove.includes(v));
}

function dedupe(values: Json[]): Json[] {
  return values.filter((v, i) => values.indexOf(v) === i);
}

function keyOf(item: Json, ctx: ListCtx): Json | undefined {
  if (!ctx.isMap) return item;
  if (!isJsonObject(item) || !(ctx.mergeKey in item)) {
    throw unknownServerError(`map: ${goFormat(item)} does not contain declared merge key: ${ctx.mergeKey}`);
  }
  return item[ctx.mergeKey];
}

/** `$patch: delete` items remove live items; `$patch: replace` makes the rest the whole list. */
function applyListDirectives(live: Json[], patch: Json[], ctx: ListCtx): [Json[], Json[]] {
  let base = live;
  let replace = false;
  const rest: Json[] = [];
  for (const item of patch) {
    const obj = item as JsonObject;
    if (!('$patch' in obj)) {
      rest.push(item);
      continue;
    }
    switch (obj.$patch) {
      case 'delete': {
        const key = keyOf(obj, ctx); // throws when the item lacks its merge key
        base = base.filter((v) => !(isJsonObject(v) && v[ctx.mergeKey] === key));
        break;
      }
      case 'replace':
        replace = true;
        break;
      case 'merge':
        throw unknownServerError('merging lists cannot yet be specified in the patch');
      default:
        throw unknownServerError(`unknown patch type: ${goFormat(obj.$patch)} in map: ${goFormat(obj)}`);
    }
  }
  if (replace) return [rest.map((v) => ctx.mergeMap({}, v as JsonObject, ctx.items)), []];
  return [base, rest];
}

/** Each patch item merges into the live item with its key, or is appended. */
function mergeByKey(base: Json[], patch: Json[], ctx: ListCtx): Json[] {
  const out = [...base];
  for (const item of patch) {
    const key = keyOf(item, ctx);
    const i = out.findIndex((v) => isJsonObject(v) && v[ctx.mergeKey] === key);
    if (i >= 0) out[i] = ctx.mergeMap(out[i] as JsonObject, item as JsonObject, ctx.items);
    else out.push(ctx.mergeMap({}, item as JsonObject, ctx.items));
  }
  return out;
}

function orderAfterMerge(merged: Json[], patch: Json[], live: Json[], ctx: ListCtx): Json[] {
  const [fromPatch, serverOnly] = partition(merged, patch, ctx);
  return normalizeElementOrder(fromPatch, serverOnly, patch, live, ctx);
}

function indexIn(list: Json[], item: Json, ctx: ListCtx): number {
  const key = ctx.isMap ? (isJsonObject(item) ? item[ctx.mergeKey] : undefined) : item;
  return list.findIndex((v) => (ctx.isMap ? isJsonObject(v) && v[ctx.mergeKey] === key : v === key));
}

/** Splits `items` into those named in `by` and the rest, keeping relative order. */
function partition(items: Json[], by: Json[], ctx: ListCtx): [Json[], Json[]] {
  const named: Json[] = [];
  const others: Json[] = [];
  for (const v of items) (indexIn(by, v, ctx) >= 0 ? named : others).push(v);
  return [named, others];
}

/**
 * Sorts patch items by the patch (or setElementOrder) order and server-only items by live
 * order, then interleaves them: a server-only item goes first only while the live order says
 * it precedes the next patch item.
 */
function normalizeElementOrder(patchItems: Json[], serverOnly: Json[], patchOrder: Json[], serverOrder: Json[],
  ctx: ListCtx): Json[] {
  const left = sortByOrder(serverOnly, serverOrder, ctx);
  const right = sortByOrder(patchItems, patchOrder, ctx);
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], ctx);
      const ri = indexIn(serverOrder, right[j], ctx);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

function sortByOrder(items: Json[], order: Json[], ctx: ListCtx): Json[] {
  if (ctx.isMap) for (const v of [...items, ...order]) keyOf(v, ctx);
  const deletions = items.filter((v) => isJsonObject(v) && v.$patch === 'delete');
  const kept = items.filter((v) => !deletions.includes(v));
  const decorated = kept.map((v, pos) => ({ v, pos, at: indexIn(order, v, ctx) }));
  decorated.sort((a, b) => (a.at >= 0 && b.at >= 0 ? a.at - b.at : 0) || a.pos - b.pos);
  return [...decorated.map((d) => d.v), ...deletions];
}

/** The patch list must follow the relative order of its `$setElementOrder` list. */
function validateWithOrder(patch: Json[], order: Json[], mergeKey: string): void {
  if (patch.length === 0 || order.length === 0) return;
  const items = mergeKey ? patch.filter((v) => !(isJsonObject(v) && v.$patch === 'delete')) : patch;
  const key = (v: Json): Json | undefined => {
    if (!mergeKey) return v;
    if (!isJsonObject(v) || !(mergeKey in v)) {
      throw unknownServerError(`map: ${goFormat(v)} does not contain declared merge key: ${mergeKey}`);
    }
    return v[mergeKey];
  };
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    if (isJsonObject(items[p]) && '$patch' in (items[p] as JsonObject)) {
      p++;
      continue;
    }
    if (key(items[p]) === key(order[o])) p++;
    o++;
  }
  if (p < items.length) {
    throw unknownServerError(`The order in patch list:\n${goFormat(patch)}\n doesn't match $setElementOrder list:\n${goFormat(order)}\n`);
  }
}
