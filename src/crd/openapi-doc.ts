// The OpenAPI v3 document of one custom group-version, as kube-apiserver publishes it at
// /openapi/v3/apis/<group>/<version> (apiextensions-apiserver pkg/controller/openapi/builder).
// Behaviour copied from the apiserver:
//   - a schema per kind named after the reversed group (`com.example.v1.Widget`) and its list
//     (`com.example.v1.WidgetList`), each with x-kubernetes-group-version-kind;
//   - the kind's schema is the CRD's openAPIV3Schema (descriptions, value validations, defaults and
//     x-kubernetes-* extensions kept: kubectl explain and server-side apply read them) with
//     apiVersion, kind and metadata (a reference to ObjectMeta) put in, also in embedded resources;
//     a version without schema is an object preserving unknown fields;
//   - paths for the resource, its status and scale subresources, shaped like a built-in kind's;
//   - the meta schemas the document references, so that it stands alone.
// The paths are derived from the served document of a built-in namespaced kind (Lease), which
// carries the parameters and responses of every verb, rather than spelled out here again.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyJSON, isObject, type JSONSchemaProps } from './util.js';
import { packageDir } from '../util/package-dir.js';

type Doc = Record<string, any>;

export interface OpenAPIDocumentOptions {
  /** The served document of coordination.k8s.io/v1 (paths template and meta schemas). */
  coordination?: Doc;
  /** The served document of autoscaling/v1 (the Scale schema for scale subresources). */
  autoscaling?: Doc;
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const REF = (name: string): string => `#/components/schemas/${name}`;
const API_VERSION_DESCRIPTION = 'APIVersion defines the versioned schema of this representation of an object. Servers ' +
  'should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: ' +
  'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND_DESCRIPTION = 'Kind is a string value representing the REST resource this object represents. Servers may ' +
  'infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: ' +
  'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const OBJECT_META_DESCRIPTION = "Standard object's metadata. More info: " +
  'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';
const EMBEDDED_API_VERSION_DESCRIPTION = 'apiVersion defines the versioned schema of this representation of an object. ' +
  'More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const EMBEDDED_KIND_DESCRIPTION = 'kind is a string value representing the type of this object. In CamelCase. More info: ' +
  'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const LIST_META_DESCRIPTION = 'Standard list metadata. More info: ' +
  'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';

// ---- templates -----------------------------------------------------------------------------------

let templates: { coordination: Doc; autoscaling: Doc } | undefined;

function openapiDir(): string {
  return packageDir(import.meta.url, 'openapi');
}

function loadTemplates(opts: OpenAPIDocumentOptions): { coordination: Doc; autoscaling: Doc } {
  if (opts.coordination && opts.autoscaling) return { coordination: opts.coordination, autoscaling: opts.autoscaling };
  if (!templates) {
    const dir = openapiDir();
    const read = (f: string): Doc => JSON.parse(readFileSync(join(dir, f), 'utf8'));
    templates = { coordination: read('apis__coordination.k8s.io__v1.json'), autoscaling: read('apis__autoscaling__v1.json') };
  }
  return { coordination: opts.coordination ?? templates.coordination, autoscaling: opts.autoscaling ?? templates.autoscaling };
}

// ---- names ---------------------------------------------------------------------------------------

const camel = (s: string): string => s.split(/[.-]/).filter(Boolean).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
/** `stable.example.com` → `com.example.stable`, as the builder names definitions. */
const reversedGroup = (group: string): string => group.split('.').reverse().join('.');
export const definitionName = (group: string, version: string, kind: string): string => `${reversedGroup(group)}.${version}.${kind}`;

interface Served {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  namespaced: boolean;
  schema?: JSONSchemaProps;
  status: boolean;
  scale: boolean;
}

function servedVersion(crd: Doc, version: string): Served | undefined {
  const spec = isObject(crd.spec) ? crd.spec : {};
  const names = isObject(spec.names) ? spec.names : {};
  const v = (Array.isArray(spec.versions) ? spec.versions : []).find((x: Doc) => isObject(x) && x.name === version);
  if (!v || v.served === false) return undefined;
  const sub = isObject(v.subresources) ? v.subresources : {};
  return {
    group: String(spec.group ?? ''), version, kind: String(names.kind ?? ''), listKind: String(names.listKind ?? `${names.kind}List`),
    plural: String(names.plural ?? ''), namespaced: spec.scope !== 'Cluster',
    schema: spec.preserveUnknownFields === true || !isObject(v.schema?.openAPIV3Schema) ? undefined : v.schema.openAPIV3Schema,
    status: sub.status !== undefined, scale: isObject(sub.scale),
  };
}

// ---- schemas -------------------------------------------------------------------------------------

const gvk = (group: string, version: string, kind: string): Doc[] => [{ group, kind, version }];
const metaRef = (name: string, description: string): Doc => ({ allOf: [{ $ref: REF(`${META}.${name}`) }], description });

/** An embedded resource's apiVersion, kind (required) and metadata (addEmbeddedProperties). */
function addEmbedded(s: unknown): void {
  if (!isObject(s)) return;
  if (isObject(s.properties)) for (const p of Object.values(s.properties)) addEmbedded(p);
  addEmbedded(s.items);
  addEmbedded(s.additionalProperties);
  if (s['x-kubernetes-embedded-resource'] !== true) return;
  s.properties = isObject(s.properties) ? s.properties : {};
  s.properties.apiVersion = { description: EMBEDDED_API_VERSION_DESCRIPTION, type: 'string' };
  s.properties.kind = { description: EMBEDDED_KIND_DESCRIPTION, type: 'string' };
  s.properties.metadata = metaRef('ObjectMeta', OBJECT_META_DESCRIPTION);
  const required: string[] = Array.isArray(s.required) ? s.required : [];
  for (const k of ['kind', 'apiVersion']) if (!required.includes(k)) required.push(k);
  s.required = required;
}

/** buildKubeNative: the CRD's schema with TypeMeta and ObjectMeta; no schema is a bare object. */
function kindSchema(sv: Served): JSONSchemaProps {
  if (!sv.schema) return { type: 'object', 'x-kubernetes-group-version-kind': gvk(sv.group, sv.version, sv.kind) };
  const s: JSONSchemaProps = copyJSON(sv.schema);
  s.properties = isObject(s.properties) ? s.properties : {};
  s.properties.metadata = metaRef('ObjectMeta', OBJECT_META_DESCRIPTION);
  s.properties.apiVersion = { description: API_VERSION_DESCRIPTION, type: 'string' };
  s.properties.kind = { description: KIND_DESCRIPTION, type: 'string' };
  for (const [k, p] of Object.entries(s.properties)) if (k !== 'metadata') addEmbedded(p);
  s['x-kubernetes-group-version-kind'] = gvk(sv.group, sv.version, sv.kind);
  return s;
}

function listSchema(sv: Served, itemName: string): JSONSchemaProps {
  return {
    description: `${sv.listKind} is a list of ${sv.kind}`,
    properties: {
      apiVersion: { description: API_VERSION_DESCRIPTION, type: 'string' },
      items: {
        description: `List of ${sv.plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`,
        items: { $ref: REF(itemName) }, type: 'array',
      },
      kind: { description: KIND_DESCRIPTION, type: 'string' },
      metadata: metaRef('ListMeta', LIST_META_DESCRIPTION),
    },
    required: ['items'],
    type: 'object',
    'x-kubernetes-group-version-kind': gvk(sv.group, sv.version, sv.listKind),
  };
}

// ---- paths ---------------------------------------------------------------------------------------

const TEMPLATE_GV = '/apis/coordination.k8s.io/v1';
const LEASE = 'io.k8s.api.coordination.v1.Lease';

/** Custom resources speak JSON and YAML (no protobuf), and no strategic merge patch. */
const CRD_MEDIA = new Set(['application/json', 'application/yaml', 'application/json-patch+json', 'application/merge-patch+json',
  'application/apply-patch+yaml']);

function onlyCRDMedia(op: Doc): void {
  const keep = (content: unknown): void => {
    if (!isObject(content)) return;
    for (const k of Object.keys(content)) if (!CRD_MEDIA.has(k)) delete content[k];
  };
  if (isObject(op.requestBody)) {
    const content = op.requestBody.content;
    if (isObject(content) && content['*/*']) {
      op.requestBody.content = { 'application/json': content['*/*'], 'application/yaml': content['*/*'] };
    } else keep(content);
  }
  if (isObject(op.responses)) for (const r of Object.values(op.responses)) if (isObject(r)) keep(r.content);
}

/** Rewrites one operation of the Lease template for the custom kind. */
function rewrite(op: unknown, sv: Served, itemName: string, opPrefix: string): unknown {
  const text = JSON.stringify(op)
    .split(JSON.stringify(REF(`${LEASE}List`))).join(JSON.stringify(REF(`${itemName}List`)))
    .split(JSON.stringify(REF(LEASE))).join(JSON.stringify(REF(itemName)))
    .split('{"group":"coordination.k8s.io","kind":"Lease","version":"v1"}')
    .join(JSON.stringify({ group: sv.group, kind: sv.kind, version: sv.version }))
    .split('"coordination_v1"').join(JSON.stringify(`${camel(sv.group).replace(/^./, (c) => c.toLowerCase())}_${sv.version}`));
  const out = JSON.parse(text) as Doc;
  for (const o of Object.values(out)) {
    if (!isObject(o)) continue;
    if (typeof o.operationId === 'string') {
      let id = o.operationId.replace('CoordinationV1', opPrefix).replace(/Lease/g, sv.kind);
      if (!sv.namespaced) id = id.replace('Namespaced', '');
      o.operationId = id;
    }
    if (typeof o.description === 'string') o.description = o.description.replace(/\bLease\b/g, sv.kind);
    onlyCRDMedia(o);
  }
  if (!sv.namespaced && Array.isArray(out.parameters)) out.parameters = out.parameters.filter((p: Doc) => p.name !== 'namespace');
  if (Array.isArray(out.parameters)) {
    for (const p of out.parameters) {
      if (p.name === 'name') p.description = `name of the ${sv.kind}`;
      if (p.name === 'namespace') p.description = 'object name and auth scope, such as for teams and projects';
    }
  }
  return out;
}

function subresourcePath(item: Doc, sub: 'status' | 'scale', sv: Served): Doc {
  const out = copyJSON(item);
  delete out.delete;
  for (const [verb, o] of Object.entries(out)) {
    if (!isObject(o) || verb === 'parameters') continue;
    const action = verb === 'get' ? 'read' : verb === 'put' ? 'replace' : 'patch';
    o.operationId = `${o.operationId}${sub === 'status' ? 'Status' : 'Scale'}`;
    o.description = `${action} ${sub} of the specified ${sv.kind}`;
    if (sub === 'scale') {
      const text = JSON.stringify(o).split(JSON.stringify(REF(definitionName(sv.group, sv.version, sv.kind))))
        .join(JSON.stringify(REF('io.k8s.api.autoscaling.v1.Scale')));
      const scaled = JSON.parse(text) as Doc;
      scaled['x-kubernetes-group-version-kind'] = { group: 'autoscaling', kind: 'Scale', version: 'v1' };
      out[verb] = scaled;
    }
  }
  return out;
}

function pathsFor(sv: Served, itemName: string, template: Doc): Doc {
  const paths: Doc = {};
  const opPrefix = `${camel(sv.group)}${camel(sv.version)}`;
  const base = `/apis/${sv.group}/${sv.version}`;
  const ns = sv.namespaced ? '/namespaces/{namespace}' : '';
  const t = template.paths as Doc;
  paths[`${base}${ns}/${sv.plural}`] = rewrite(t[`${TEMPLATE_GV}/namespaces/{namespace}/leases`], sv, itemName, opPrefix);
  const item = rewrite(t[`${TEMPLATE_GV}/namespaces/{namespace}/leases/{name}`], sv, itemName, opPrefix) as Doc;
  paths[`${base}${ns}/${sv.plural}/{name}`] = item;
  if (sv.status) paths[`${base}${ns}/${sv.plural}/{name}/status`] = subresourcePath(item, 'status', sv);
  if (sv.scale) paths[`${base}${ns}/${sv.plural}/{name}/scale`] = subresourcePath(item, 'scale', sv);
  if (sv.namespaced) paths[`${base}/${sv.plural}`] = rewrite(t[`${TEMPLATE_GV}/leases`], sv, itemName, opPrefix);
  return paths;
}

/** The schemas `doc` references (transitively) out of `pool`. */
function referenced(doc: unknown, pool: Doc, out: Doc): void {
  const text = JSON.stringify(doc);
  for (const m of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
    const name = m[1];
    if (out[name] !== undefined || pool[name] === undefined) continue;
    out[name] = pool[name];
    referenced(pool[name], pool, out);
  }
}

export function openAPIDocumentFor(group: string, version: string, crds: Array<Record<string, any>>,
  opts: OpenAPIDocumentOptions = {}): Record<string, unknown> {
  const t = loadTemplates(opts);
  const schemas: Doc = {};
  let paths: Doc = {};
  for (const crd of crds) {
    const sv = servedVersion(crd, version);
    if (!sv || sv.group !== group) continue;
    const name = definitionName(group, version, sv.kind);
    schemas[name] = kindSchema(sv);
    schemas[`${name}List`] = listSchema(sv, name);
    paths = { ...paths, ...pathsFor(sv, name, t.coordination) };
  }
  const pool = { ...t.coordination.components.schemas, ...t.autoscaling.components.schemas };
  const extra: Doc = {};
  referenced({ paths, schemas }, pool, extra);
  const all: Doc = { ...extra, ...schemas };
  const sorted: Doc = {};
  for (const k of Object.keys(all).sort()) sorted[k] = all[k];
  return { openapi: '3.0.0', info: { title: 'Kubernetes CRD Swagger', version: 'v0.1.0' }, paths, components: { schemas: sorted } };
}
