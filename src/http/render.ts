// Response rendering: JSON bytes reused from the store where possible, YAML, server-side Tables and
// PartialObjectMetadata, following meta.k8s.io/v1.
import { stringify as toYAML } from 'yaml';
import { badRequest } from '../machinery/status.js';
import type { KObject } from '../machinery/types.js';
import { apiVersionOf } from '../machinery/types.js';
import { defaultPrinter } from '../registry/printers/index.js';
import type { ListResult } from '../registry/list.js';
import type { Strategy } from '../registry/strategy.js';
import { objectBytes, type StoredObject } from '../storage/table.js';
import type { Rendering } from './negotiate.js';

export interface Rendered {
  contentType: string;
  body: string | Buffer;
  /**
   * A body written as these Buffers in order (the list head, each object's cached bytes with the
   * commas between them, the tail) instead of `body`, so a LIST copies nothing; `body` is then empty.
   */
  parts?: Buffer[];
  /** Total bytes of `parts`. */
  length?: number;
}

export type IncludeObject = 'Metadata' | 'Object' | 'None';

export function parseIncludeObject(v: string | undefined): IncludeObject {
  if (v === undefined || v === '' || v === 'Metadata') return 'Metadata';
  if (v === 'Object' || v === 'None') return v;
  throw badRequest(`includeObject: Unsupported value: ${JSON.stringify(v)}: supported values: "Metadata", "None", "Object"`);
}

const JSON_CT = 'application/json';
const COMMA = Buffer.from(',');
const LIST_END = Buffer.from(']}');

function json(body: string | Buffer): Rendered {
  return { contentType: JSON_CT, body };
}

export function partialMetadata(o: KObject): Record<string, unknown> {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

function tableRow(s: Strategy, o: KObject, now: number, include: IncludeObject): Record<string, unknown> {
  const p = s.printer ?? defaultPrinter;
  const row: Record<string, unknown> = { cells: p.cells(o, now) };
  const conditions = p.conditions?.(o);
  if (conditions) row.conditions = conditions;
  if (include === 'Metadata') row.object = partialMetadata(o);
  else if (include === 'Object') row.object = o;
  return row;
}

export function table(s: Strategy, objs: KObject[], meta: Record<string, unknown>, now: number, include: IncludeObject,
  withColumns = true): Record<string, unknown> {
  const p = s.printer ?? defaultPrinter;
  return {
    kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: meta,
    columnDefinitions: withColumns ? p.columns : null,
    rows: objs.map((o) => tableRow(s, o, now, include)),
  };
}

function render(value: unknown, as: Rendering): Rendered {
  if (as === 'yaml') return { contentType: 'application/yaml', body: toYAML(value) };
  return json(JSON.stringify(value));
}

/**
 * One object in the negotiated rendering. With `keep` false (a write's answer) the JSON is the
 * stored version's cached bytes if a reader (a watch) encoded them already, else encoded for this
 * answer alone: a version nobody reads again is not kept encoded.
 */
export function renderObject(s: Strategy, stored: StoredObject | undefined, obj: KObject, as: Rendering, now: number,
  include: IncludeObject = 'Metadata', keep = true): Rendered {
  switch (as) {
    case 'json':
      if (!keep) return json(stored?.bytes ?? JSON.stringify(obj));
      return json(stored ? objectBytes(stored) : JSON.stringify(obj));
    case 'table':
      return render(table(s, [obj], { resourceVersion: obj.metadata.resourceVersion ?? '' }, now, include), 'json');
    case 'meta':
      return render(partialMetadata(obj), 'json');
    default:
      return render(obj, as);
  }
}

function listMeta(res: ListResult): Record<string, unknown> {
  const meta: Record<string, unknown> = { resourceVersion: String(res.resourceVersion) };
  if (res.continue) meta.continue = res.continue;
  if (res.remainingItemCount !== undefined) meta.remainingItemCount = res.remainingItemCount;
  return meta;
}

export function renderList(s: Strategy, res: ListResult, as: Rendering, now: number, include: IncludeObject): Rendered {
  const meta = listMeta(res);
  const av = apiVersionOf(s.info.group, s.info.version);
  switch (as) {
    case 'json': {
      // The cached per-object bytes as they are: nothing is serialised again, and nothing is
      // concatenated (a 4.6 MB Buffer per LIST cost more in copying and GC than the rest together).
      const head = Buffer.from(`{"kind":"${s.info.kind}List","apiVersion":"${av}","metadata":${JSON.stringify(meta)},"items":[`);
      const parts: Buffer[] = [head];
      let length = head.length + LIST_END.length;
      for (let i = 0; i < res.items.length; i++) {
        if (i > 0) {
          parts.push(COMMA);
          length++;
        }
        const b = objectBytes(res.items[i]);
        parts.push(b);
        length += b.length;
      }
      parts.push(LIST_END);
      return { contentType: JSON_CT, body: '', parts, length };
    }
    case 'table':
      return render(table(s, res.items.map((i) => i.obj), meta, now, include), 'json');
    case 'metalist':
      return render({
        kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: meta,
        items: res.items.map((i) => partialMetadata(i.obj)),
      }, 'json');
    default:
      return render({ kind: `${s.info.kind}List`, apiVersion: av, metadata: meta, items: res.items.map((i) => i.obj) }, as);
  }
}

/** A list of objects that are not stored (deletecollection results). */
export function renderPlainList(s: Strategy, items: KObject[], rv: number, as: Rendering): Rendered {
  const av = apiVersionOf(s.info.group, s.info.version);
  return render({ kind: `${s.info.kind}List`, apiVersion: av, metadata: { resourceVersion: String(rv) }, items }, as === 'yaml' ? 'yaml' : 'json');
}
