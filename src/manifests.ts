// Manifests as `kubectl apply -f` reads them: multi-document YAML or JSON, List kinds flattened,
// files or directories. Applying creates what is absent and merges into what exists (server-side
// apply through the registry), so loading the same manifests twice is harmless.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isStatusError } from './machinery/status.js';
import { isObject, type KObject } from './machinery/types.js';
import type { Registry } from './registry/registry.js';
import { clone } from './util/copy.js';
import { isSnapshot, RestoreError, restoreSnapshot } from './state/restore.js';

/** What apply accepts: YAML/JSON text (several documents allowed), one object, or several. */
export type Manifests = string | object | object[];

export interface ManifestObject {
  object: KObject;
  /** Where it came from: "file.yaml: document 2" (1-based), plus ", item 3" inside a List. */
  source: string;
  /** It was an item of a List (kubectl get -o yaml of several objects: a dump of some cluster). */
  fromList?: boolean;
}

/** A manifest that cannot be read or applied; the message names its file and document. */
export class ManifestError extends Error {
  constructor(readonly source: string, message: string) {
    super(`${source}: ${message}`);
  }
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

function isList(o: Record<string, unknown>): boolean {
  return typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items);
}

function checkObject(v: unknown, source: string): KObject {
  if (!isObject(v)) throw new ManifestError(source, 'not a Kubernetes object (expected a mapping)');
  if (typeof v.apiVersion !== 'string' || !v.apiVersion) throw new ManifestError(source, 'apiVersion not set');
  if (typeof v.kind !== 'string' || !v.kind) throw new ManifestError(source, 'kind not set');
  if (v.metadata !== undefined && !isObject(v.metadata)) throw new ManifestError(source, 'metadata must be a mapping');
  const m = (v.metadata ?? {}) as Record<string, unknown>;
  if (!m.name && !m.generateName) throw new ManifestError(source, `${v.kind} has neither metadata.name nor metadata.generateName`);
  return { ...v, metadata: m } as KObject;
}

/** Flattens one document (an object, a List, or a JSON array) into objects. */
function objectsOf(doc: unknown, source: string): ManifestObject[] {
  if (Array.isArray(doc)) return doc.flatMap((d, i) => objectsOf(d, `${source}, item ${i + 1}`));
  if (isObject(doc) && isList(doc)) {
    return (doc.items as unknown[]).map((it, i) => ({ object: checkObject(it, `${source}, item ${i + 1}`), source: `${source}, item ${i + 1}`, fromList: true }));
  }
  return [{ object: checkObject(doc, source), source }];
}

/** Parses manifest text; empty documents are skipped but still counted. */
export function parseManifests(text: string, name = '<manifests>'): ManifestObject[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return objectsOf(JSON.parse(text), `${name}: document 1`);
    } catch (e) {
      if (e instanceof ManifestError) throw e;
      // Not plain JSON (JSON documents inside a YAML stream, or a YAML flow mapping): read as YAML.
    }
  }
  const out: ManifestObject[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    const source = `${name}: document ${i + 1}`;
    if (doc.errors.length) throw new ManifestError(source, `invalid YAML: ${doc.errors[0].message.split('\n')[0].replace(/:$/, '')}`);
    const value = doc.toJS();
    if (value === null || value === undefined) return;
    out.push(...objectsOf(value, source));
  });
  return out;
}

/** Normalises anything apply accepts into objects with a source for error messages. */
export function manifestObjects(m: Manifests, name = '<manifests>'): ManifestObject[] {
  if (typeof m === 'string') return parseManifests(m, name);
  return objectsOf(m, `${name}: document 1`);
}

/** The manifest files of a path: the file itself, or a directory's YAML/JSON files (not recursive, sorted, like kubectl -f DIR). */
export function manifestFiles(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new ManifestError(path, 'no such file or directory');
  }
  if (!st.isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => MANIFEST_EXTENSIONS.has(extname(f).toLowerCase()))
    .sort()
    .map((f) => join(path, f))
    .filter((f) => statSync(f).isFile());
}

/** Reads and parses every manifest under the given files and directories ("-" is stdin). */
export function readManifests(paths: string[]): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const p of paths) {
    for (const f of p === '-' ? ['-'] : manifestFiles(p)) {
      let text: string;
      try {
        text = readFileSync(f === '-' ? 0 : f, 'utf8');
      } catch (e) {
        throw new ManifestError(f, (e as Error).message);
      }
      out.push(...parseManifests(text, f === '-' ? '<stdin>' : f));
    }
  }
  return out;
}

export interface ApplyOptions {
  /** Namespace for namespaced objects without one (default "default"). */
  namespace?: string;
  /** Field manager recorded for the applied fields (default "kubesim"). */
  fieldManager?: string;
  /**
   * Restore objects that carry a metadata.uid (an --exact export, a cluster's dump) as they were
   * instead of applying them (src/state/restore.ts). On for --load, off for apply().
   */
  restoreSnapshots?: boolean;
}

/**
 * Applies objects in order, Namespaces first so objects can land in namespaces defined beside them.
 * Absent objects are created, present ones get a server-side apply; the first failure stops.
 * With restoreSnapshots, objects with a metadata.uid are restored as they were first.
 */
export function applyManifests(r: Registry, items: ManifestObject[], o: ApplyOptions = {}): KObject[] {
  if (!o.restoreSnapshots) return applyOrder(items).map((item) => applyOne(r, item, o));
  const snapshots = items.filter((i) => isSnapshot(i.object));
  let restored: KObject[] = [];
  try {
    restored = restoreSnapshot(r, snapshots);
  } catch (e) {
    if (e instanceof RestoreError) throw new ManifestError(e.source, e.message);
    throw e;
  }
  return [...restored, ...applyOrder(items.filter((i) => !isSnapshot(i.object))).map((item) => applyOne(r, item, o))];
}

/** Namespaces first, so objects can land in namespaces defined beside them; otherwise in order. */
export function applyOrder(items: ManifestObject[]): ManifestObject[] {
  return [...items.filter((i) => i.object.kind === 'Namespace'), ...items.filter((i) => i.object.kind !== 'Namespace')];
}

function applyOne(r: Registry, item: ManifestObject, o: ApplyOptions): KObject {
  const obj = clone(item.object) as KObject;
  const s = r.lookupKind(obj.apiVersion!, obj.kind!);
  if (!s) throw new ManifestError(item.source, `no matches for kind ${JSON.stringify(obj.kind)} in version ${JSON.stringify(obj.apiVersion)}`);
  const ns = s.info.namespaced ? (obj.metadata.namespace || o.namespace || 'default') : '';
  if (s.info.namespaced) obj.metadata.namespace = ns;
  else delete obj.metadata.namespace;
  // Manifests are decoded like kubectl's bodies: strict, so a typo in a field name is an error.
  const opts = { fieldManager: o.fieldManager ?? 'kubesim', force: true, fieldValidation: 'Strict' as const };
  try {
    const name = obj.metadata.name;
    const res = name ? r.patch(s, ns, name, 'apply', obj, opts) : r.create(s, ns, obj, opts);
    return res.object;
  } catch (e) {
    const what = `${obj.kind} ${ns ? `${ns}/` : ''}${obj.metadata.name ?? `${obj.metadata.generateName}*`}`;
    const msg = isStatusError(e) ? e.status.message ?? e.message : (e as Error).message;
    throw new ManifestError(item.source, `${what}: ${msg}`);
  }
}
