// ValidateCustomResourceDefinition / ValidateCustomResourceDefinitionUpdate
// (apiextensions-apiserver pkg/apis/apiextensions/validation/validation.go) for an
// apiextensions.k8s.io/v1 object. Behaviour copied from the apiserver; the code is ours.
//
// Upstream validates the internal type, into which v1 converts by lifting per-version schema,
// subresources and additionalPrinterColumns to the top level when every version has the same
// value (v1/conversion.go). The error paths follow: a single-version CRD's schema errors read
// `spec.validation.openAPIV3Schema...`, a CRD whose versions differ reads
// `spec.versions[1].schema.openAPIV3Schema...`; conversion errors name the internal fields
// (`spec.conversion.webhookClientConfig`).
import { fieldError, type FieldError } from '../machinery/status.js';
import { isDNS1035Label, isDNS1123Subdomain } from '../machinery/validation.js';
import { validateSimpleJSONPath } from './jsonpath.js';
import { validateSchemaOf } from './schema-rules.js';
import { child, index, isObject, jsonEqual } from './util.js';
import { validateConversion } from './webhook.js';

const PRINTER_COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const PRINTER_COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];
const MAX_SELECTABLE_FIELDS = 8;

type Obj = Record<string, any>;
const obj = (v: unknown): Obj => (isObject(v) ? v : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The internal shape after v1 conversion: what is identical across versions moves to the top. */
interface Lifted {
  validation?: Obj;
  subresources?: Obj;
  columns?: Obj[];
  versions: Array<{ v: Obj; schema?: Obj; subresources?: Obj; columns?: Obj[] }>;
}

function allSame(values: unknown[]): boolean {
  return values.every((v) => jsonEqual(v, values[0]));
}

function lift(spec: Obj): Lifted {
  const versions: Obj[] = Array.isArray(spec.versions) ? spec.versions.map(obj) : [];
  const schemas = versions.map((v) => (isObject(v.schema) ? v.schema : undefined));
  const subs = versions.map((v) => (isObject(v.subresources) ? v.subresources : undefined));
  const cols = versions.map((v) => (Array.isArray(v.additionalPrinterColumns) && v.additionalPrinterColumns.length
    ? v.additionalPrinterColumns as Obj[] : undefined));
  const liftSchema = versions.length > 0 && allSame(schemas);
  const liftSubs = versions.length > 0 && allSame(subs);
  const liftCols = versions.length > 0 && allSame(cols);
  return {
    validation: liftSchema ? schemas[0] : undefined,
    subresources: liftSubs ? subs[0] : undefined,
    columns: liftCols ? cols[0] : undefined,
    versions: versions.map((v, i) => ({
      v,
      schema: liftSchema ? undefined : schemas[i],
      subresources: liftSubs ? undefined : subs[i],
      columns: liftCols ? undefined : cols[i],
    })),
  };
}

const statusEnabled = (subresources: Obj | undefined): boolean => isObject(subresources) && subresources.status !== undefined &&
  subresources.status !== null;

// ---- names -------------------------------------------------------------------------------------

export function validateNames(names: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const dns = (k: string, mixedCase = false): void => {
    const v = str(names[k]);
    if (!v) return;
    const e = isDNS1035Label(mixedCase ? v.toLowerCase() : v);
    if (e.length) errs.push(fieldError.invalid(child(path, k), v, (mixedCase ? 'may have mixed case, but should otherwise match: ' : '') + e.join(',')));
  };
  dns('plural');
  dns('singular');
  dns('kind', true);
  dns('listKind', true);
  const list = (k: string): void => {
    if (!Array.isArray(names[k])) return;
    names[k].forEach((n: unknown, i: number) => {
      const e = isDNS1035Label(str(n));
      if (e.length) errs.push(fieldError.invalid(index(child(path, k), i), n, e.join(',')));
    });
  };
  list('shortNames');
  if (names.kind && names.kind === names.listKind) {
    errs.push(fieldError.invalid(child(path, 'listKind'), names.listKind, 'kind and listKind may not be the same'));
  }
  list('categories');
  return errs;
}

// ---- printer columns, subresources, selectable fields ------------------------------------------

function validateColumn(col: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(col.name)) errs.push(fieldError.required(child(path, 'name'), ''));
  const typeMsg = `must be one of ${PRINTER_COLUMN_TYPES.join(',')}`;
  if (!str(col.type)) errs.push(fieldError.required(child(path, 'type'), typeMsg));
  else if (!PRINTER_COLUMN_TYPES.includes(col.type)) errs.push(fieldError.invalid(child(path, 'type'), col.type, typeMsg));
  if (str(col.format) && !PRINTER_COLUMN_FORMATS.includes(col.format)) {
    errs.push(fieldError.invalid(child(path, 'format'), col.format, `must be one of ${PRINTER_COLUMN_FORMATS.join(',')}`));
  }
  // The internal field is JSONPath, and so is the error path.
  if (!str(col.jsonPath)) errs.push(fieldError.required(child(path, 'JSONPath'), ''));
  else errs.push(...validateSimpleJSONPath(col.jsonPath, child(path, 'JSONPath')));
  return errs;
}

function validateColumns(cols: Obj[] | undefined, path: string): FieldError[] {
  return (cols ?? []).flatMap((c, i) => validateColumn(obj(c), index(path, i)));
}

function scalePath(value: unknown, path: string, prefixes: string[], detail: string, required: boolean): FieldError[] {
  const s = str(value);
  if (!s) return required ? [fieldError.required(path, '')] : [];
  const errs = validateSimpleJSONPath(s, path);
  if (errs.length) return errs;
  return prefixes.some((p) => s.startsWith(p)) ? [] : [fieldError.invalid(path, s, detail)];
}

export function validateSubresources(sub: Obj | undefined, path: string): FieldError[] {
  if (!isObject(sub) || !isObject(sub.scale)) return [];
  const scale = sub.scale;
  return [
    ...scalePath(scale.specReplicasPath, child(path, 'scale.specReplicasPath'), ['.spec.'], 'should be a json path under .spec', true),
    ...scalePath(scale.statusReplicasPath, child(path, 'scale.statusReplicasPath'), ['.status.'], 'should be a json path under .status', true),
    ...scalePath(scale.labelSelectorPath, child(path, 'scale.labelSelectorPath'), ['.spec.', '.status.'],
      'should be a json path under either .spec or .status', false),
  ];
}

/** The schema node a selectable field's `.a.b` path names (cel.ValidFieldPath without array
 *  notation), or why there is none. */
function resolveFieldPath(schema: Obj | undefined, jsonPath: string): { node?: Obj; error?: string } {
  if (!jsonPath.startsWith('.')) return { error: 'expected [ or . at 0 but got ' + jsonPath.charAt(0) };
  let node: Obj | undefined = schema;
  for (const name of jsonPath.slice(1).split('.')) {
    if (!name) return { error: 'unexpected empty field name' };
    const props = isObject(node?.properties) ? node!.properties : undefined;
    const next = props?.[name] ?? (isObject(node?.additionalProperties) ? node!.additionalProperties : undefined);
    if (!isObject(next)) return { error: `does not refer to a valid field` };
    node = next;
  }
  return { node };
}

function validateSelectableFields(fields: unknown, schema: Obj | undefined, path: string): FieldError[] {
  if (!Array.isArray(fields) || fields.length === 0) return [];
  if (!isObject(schema)) return [fieldError.invalid(path, '', 'selectableFields may only be set when version.schema.openAPIV3Schema is not included')];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  fields.forEach((f, i) => {
    const p = child(index(path, i), 'jsonPath');
    const jp = str(obj(f).jsonPath);
    if (!jp) {
      errs.push(fieldError.required(p, ''));
      return;
    }
    const { node, error } = resolveFieldPath(schema, jp);
    if (error) {
      errs.push(fieldError.invalid(p, jp, `is an invalid path: ${error}`));
      return;
    }
    if (jp === '.metadata' || jp.startsWith('.metadata.')) errs.push(fieldError.invalid(p, jp, 'must not point to fields in metadata'));
    if (!['string', 'boolean', 'integer'].includes(node?.type)) {
      errs.push(fieldError.invalid(p, jp, 'must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.'));
    }
    if (seen.has(jp)) errs.push(fieldError.duplicate(p, jp));
    seen.add(jp);
  });
  if (seen.size > MAX_SELECTABLE_FIELDS) errs.push(fieldError.tooMany(path, seen.size, MAX_SELECTABLE_FIELDS));
  return errs;
}

// ---- versions ----------------------------------------------------------------------------------

function validateDeprecationWarning(v: Obj, path: string): FieldError[] {
  const w = v.deprecationWarning;
  if (w === undefined || w === null) return [];
  const p = child(path, 'deprecationWarning');
  if (v.deprecated !== true) return [fieldError.invalid(p, w, 'can only be set for deprecated versions')];
  const s = str(w);
  const errs: FieldError[] = [];
  if (s.length > 256) errs.push(fieldError.invalid(p, s, 'must be <= 256 characters long'));
  if (s.length === 0) errs.push(fieldError.invalid(p, s, 'must not be an empty string'));
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u001f\u007f-\u009f]/.exec(s);
  if (bad) {
    errs.push(fieldError.invalid(p, s, `must only contain printable UTF-8 characters; non-printable character found at index ${bad.index}`));
  }
  return errs;
}

interface Opts {
  requireSchema: boolean;
}

/** Every version needs a schema (v1 requires them; updates keep CRDs that had none working). */
function validateSchemasPresent(lifted: Lifted, opts: Opts, path: string): FieldError[] {
  if (!opts.requireSchema || lifted.validation?.openAPIV3Schema) return [];
  return lifted.versions.flatMap(({ schema }, i) => (isObject(schema?.openAPIV3Schema) ? []
    : [fieldError.required(child(child(index(child(path, 'versions'), i), 'schema'), 'openAPIV3Schema'), 'schemas are required')]));
}

function validateVersions(spec: Obj, lifted: Lifted, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const vpath = child(path, 'versions');
  let storage = 0;
  const seen = new Set<string>();
  let unique = true;
  lifted.versions.forEach(({ v, schema, subresources, columns }, i) => {
    const p = index(vpath, i);
    if (v.storage === true) storage++;
    if (seen.has(str(v.name))) unique = false;
    seen.add(str(v.name));
    const e = isDNS1035Label(str(v.name));
    if (e.length) errs.push(fieldError.invalid(child(p, 'name'), str(v.name), e.join(',')));
    errs.push(...validateDeprecationWarning(v, p));
    const subs = lifted.subresources ?? subresources;
    errs.push(...validateSchemaOf(schema, child(p, 'schema'), statusEnabled(subs)));
    errs.push(...validateSubresources(subresources, child(p, 'subresources')));
    errs.push(...validateColumns(columns, child(p, 'additionalPrinterColumns')));
    const versionSchema = (schema ?? lifted.validation)?.openAPIV3Schema;
    errs.push(...validateSelectableFields(v.selectableFields, isObject(versionSchema) ? versionSchema : undefined, child(p, 'selectableFields')));
  });
  if (!unique) errs.push(fieldError.invalid(vpath, spec.versions ?? [], 'must contain unique version names'));
  if (storage !== 1) errs.push(fieldError.invalid(vpath, spec.versions ?? [], 'must have exactly one version marked as storage version'));
  return errs;
}

// ---- spec --------------------------------------------------------------------------------------

function validateGroup(group: string, path: string): FieldError[] {
  if (!group) return [fieldError.required(path, '')];
  const e = isDNS1123Subdomain(group);
  if (e.length) return [fieldError.invalid(path, group, e.join(','))];
  if (group.split('.').length < 2) return [fieldError.invalid(path, group, 'should be a domain with at least one dot')];
  return [];
}

function schemaHasDefaults(s: unknown): boolean {
  if (!isObject(s)) return false;
  if (s.default !== undefined) return true;
  const subs = [s.items, s.additionalProperties, s.not, ...(Array.isArray(s.allOf) ? s.allOf : []),
    ...(Array.isArray(s.anyOf) ? s.anyOf : []), ...(Array.isArray(s.oneOf) ? s.oneOf : []),
    ...(isObject(s.properties) ? Object.values(s.properties) : [])];
  return subs.some(schemaHasDefaults);
}

function validateSpec(spec: Obj, opts: Opts, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const lifted = lift(spec);
  errs.push(...validateGroup(str(spec.group), child(path, 'group')));
  const scope = str(spec.scope);
  if (!scope) errs.push(fieldError.required(child(path, 'scope'), ''));
  else if (scope !== 'Cluster' && scope !== 'Namespaced') errs.push(fieldError.notSupported(child(path, 'scope'), scope, ['Cluster', 'Namespaced']));
  errs.push(...validateSchemasPresent(lifted, opts, path));
  const versions: Obj[] = Array.isArray(spec.versions) ? spec.versions.map(obj) : [];
  if (spec.preserveUnknownFields === true && versions.some((v) => schemaHasDefaults(obj(v.schema).openAPIV3Schema))) {
    errs.push(fieldError.invalid(child(path, 'preserveUnknownFields'), true, 'must be false in order to use defaults in the schema'));
  }
  errs.push(...validateVersions(spec, lifted, path));
  const names = obj(spec.names);
  for (const k of ['plural', 'singular', 'kind', 'listKind']) {
    if (!str(names[k])) errs.push(fieldError.required(child(child(path, 'names'), k), ''));
  }
  errs.push(...validateNames(names, child(path, 'names')));
  const anyStatus = statusEnabled(lifted.subresources) || lifted.versions.some((v) => statusEnabled(v.subresources));
  errs.push(...validateSchemaOf(lifted.validation, child(path, 'validation'), anyStatus));
  errs.push(...validateSubresources(lifted.subresources, child(path, 'subresources')));
  errs.push(...validateColumns(lifted.columns, child(path, 'additionalPrinterColumns')));
  const conversion = isObject(spec.conversion) ? spec.conversion : undefined;
  if (conversion && conversion.strategy !== 'None' && spec.preserveUnknownFields === true) {
    errs.push(fieldError.invalid(child(child(path, 'conversion'), 'strategy'), conversion.strategy, 'must be None if spec.preserveUnknownFields is true'));
  }
  errs.push(...validateConversion(conversion, child(path, 'conversion')));
  return errs;
}

// ---- metadata, status, approval ------------------------------------------------------------------

function validateName(crd: Obj): FieldError[] {
  const meta = obj(crd.metadata);
  const name = str(meta.name);
  const path = 'metadata.name';
  if (!name) return [fieldError.required(path, 'name or generateName is required')];
  const msgs = [...isDNS1123Subdomain(name)];
  const spec = obj(crd.spec);
  if (name !== `${str(obj(spec.names).plural)}.${str(spec.group)}`) msgs.push('must be spec.names.plural+"."+spec.group');
  return msgs.map((m) => fieldError.invalid(path, name, m));
}

export function validateStoredVersions(stored: unknown, versions: unknown, path: string): FieldError[] {
  const list: string[] = Array.isArray(stored) ? stored.map(str) : [];
  if (list.length === 0) return [fieldError.invalid(path, list, 'must have at least one stored version')];
  const errs: FieldError[] = [];
  const remaining = new Map(list.map((v, i) => [v, i]));
  for (const v of Array.isArray(versions) ? versions.map(obj) : []) {
    const name = str(v.name);
    if (v.storage === true && !remaining.has(name) && !list.includes(name)) {
      errs.push(fieldError.invalid(path, list, `must have the storage version ${name}`));
    }
    remaining.delete(name);
  }
  for (const [v, i] of remaining) {
    errs.push(fieldError.invalid(index(path, i), v,
      `missing from spec.versions; ${v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${v} and removes ${v} from status.storedVersions`));
  }
  return errs;
}

const APPROVAL_ANNOTATION = 'api-approved.kubernetes.io';

function isProtectedGroup(group: string): boolean {
  return group === 'k8s.io' || group === 'kubernetes.io' || group.endsWith('.k8s.io') || group.endsWith('.kubernetes.io');
}

function validateAPIApproval(crd: Obj): FieldError[] {
  const group = str(obj(crd.spec).group);
  if (!isProtectedGroup(group)) return [];
  const annotations = obj(obj(crd.metadata).annotations);
  if (APPROVAL_ANNOTATION in annotations) return [];
  return [fieldError.required(`metadata.annotations[${APPROVAL_ANNOTATION}]`,
    `protected groups must have approval annotation "${APPROVAL_ANNOTATION}", see https://github.com/kubernetes/enhancements/pull/1111`)];
}

function validatePreserveUnknownFields(crd: Obj, old: Obj | undefined): FieldError[] {
  if (obj(crd.spec).preserveUnknownFields !== true) return [];
  if (old && obj(old.spec).preserveUnknownFields === true) return [];
  return [fieldError.invalid('spec.preserveUnknownFields', true,
    'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead')];
}

const isEstablished = (crd: Obj): boolean => Array.isArray(obj(crd.status).conditions) &&
  obj(crd.status).conditions.some((c: Obj) => obj(c).type === 'Established' && obj(c).status === 'True');

function immutable(newV: unknown, oldV: unknown, path: string): FieldError[] {
  return jsonEqual(newV, oldV) ? [] : [fieldError.invalid(path, newV ?? '', 'field is immutable')];
}

function allVersionsHaveSchemas(spec: Obj): boolean {
  const versions: Obj[] = Array.isArray(spec.versions) ? spec.versions.map(obj) : [];
  return versions.every((v) => isObject(obj(v.schema).openAPIV3Schema));
}

/** Validation of a CRD on create, or on update when `old` is given. */
export function validateCRD(crd: Record<string, any>, old?: Record<string, any>): FieldError[] {
  const spec = obj(crd.spec);
  const status = obj(crd.status);
  const opts: Opts = { requireSchema: !old || allVersionsHaveSchemas(obj(old.spec)) };
  const errs: FieldError[] = old ? [] : validateName(crd);
  errs.push(...validateSpec(spec, opts, 'spec'));
  if (old) {
    const oldSpec = obj(old.spec);
    if (isEstablished(old)) {
      errs.push(...immutable(spec.scope, oldSpec.scope, 'spec.scope'));
      errs.push(...immutable(obj(spec.names).kind, obj(oldSpec.names).kind, 'spec.names.kind'));
    }
    errs.push(...immutable(spec.group, oldSpec.group, 'spec.group'));
    errs.push(...immutable(obj(spec.names).plural, obj(oldSpec.names).plural, 'spec.names.plural'));
  }
  errs.push(...validateNames(obj(status.acceptedNames), 'status.acceptedNames'));
  errs.push(...validateStoredVersions(status.storedVersions, spec.versions, 'status.storedVersions'));
  errs.push(...validateAPIApproval(crd));
  errs.push(...validatePreserveUnknownFields(crd, old));
  return errs;
}
