// Compiles the served OpenAPI schemas (openapi/*.json) into ajv validators that report what the
// apiserver's decoder would: wrong JSON types (a 400 BadRequest upstream, never a 422) and, for
// fieldValidation=Strict|Warn, fields the decoder would drop. `required`, enums and value rules
// are left to the per-kind strategies, as upstream leaves them to semantic validation.
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from 'ajv';
import { lazyModule } from '../util/lazy.js';

/** ajv, loaded with the first schema compile rather than at start-up. */
const ajvModule = lazyModule<{ Ajv: typeof AjvClass }>('ajv');
import type { FieldError } from '../machinery/status.js';
import {
  base64Error, jsonKind, jsonKindForInteger, quantityError, timeError, unmarshalError,
} from './schema-decode.js';

export interface OpenAPISchema {
  type?: string;
  format?: string;
  description?: string;
  $ref?: string;
  allOf?: OpenAPISchema[];
  properties?: Record<string, OpenAPISchema>;
  additionalProperties?: OpenAPISchema | boolean;
  items?: OpenAPISchema;
  [extension: string]: unknown;
}

export interface KindValidator {
  /** Values the Go decoder could not store, as FieldValueTypeInvalid errors whose detail is the
   *  decoder's own text (e.g. `json: cannot unmarshal string into Go struct field
   *  ServicePort.spec.ports.port of type int32`), first in document order. */
  validate(obj: unknown): FieldError[];
  /** Fields the decoder would drop, as the strict decoder names them: `spec.containers[0].imagee`. */
  unknownFields(obj: unknown): string[];
  /** Drops those fields in place, as decoding into Go structs does (fieldValidation=Warn|Ignore
   *  never stores them), and returns their paths. */
  pruneUnknownFields(obj: unknown): string[];
  /** Replaces JSON nulls the way decoding into Go values does (for a body validate() accepted):
   *  a null field is left unset, a null list element or map value becomes the zero value of its
   *  type (`endpoints: [null]` holds one empty Endpoint, which validation then refuses). Strategies
   *  thus never meet a null where the schema names a type. */
  zeroNulls(obj: unknown): void;
  /** Fills schema defaults in place after pruning (structural defaulting of custom resources). */
  applyDefaults?(obj: unknown): void;
}

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time';
const MICRO_TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime';
const INT32 = { minimum: -2147483648, maximum: 2147483647 };
// As close to int64's range as a double gets.
const INT64 = { minimum: -9223372036854775808, maximum: 9223372036854775807 };

type AjvSchema = Record<string, unknown>;
type Decoder = 'quantity' | 'int-or-string' | 'time' | 'microtime' | 'byte';

/** Types with their own UnmarshalJSON: checked by the `kubeDecode` keyword, whatever the JSON type. */
const DECODERS: Record<string, Decoder> = { [QUANTITY]: 'quantity', [INT_OR_STRING]: 'int-or-string', [TIME]: 'time', [MICRO_TIME]: 'microtime' };

function decodes(kind: Decoder, v: unknown): boolean {
  if (v === null) return true;
  switch (kind) {
    case 'quantity': return quantityError(v) === undefined;
    case 'int-or-string': return typeof v === 'string' || (Number.isInteger(v) && (v as number) >= INT32.minimum && (v as number) <= INT32.maximum);
    case 'time': return timeError(v) === undefined;
    case 'microtime': return timeError(v, true) === undefined;
    case 'byte': return base64Error(v) === undefined;
  }
}

function refName(s: OpenAPISchema): string | undefined {
  const ref = s.$ref ?? s.allOf?.[0]?.$ref;
  return ref?.slice(ref.lastIndexOf('/') + 1);
}

const mapValues = <T, U>(o: Record<string, T>, f: (v: T) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
const isMap = (s: OpenAPISchema): s is OpenAPISchema & { additionalProperties: OpenAPISchema } =>
  typeof s.additionalProperties === 'object';

/** The shape Go's decoder enforces. JSON null decodes into anything (the zero value). */
function decodable(s: OpenAPISchema): AjvSchema {
  const name = refName(s);
  if (name) return { $ref: `#/definitions/${name}` };
  if (s.properties) return { type: ['object', 'null'], properties: mapValues(s.properties, decodable) };
  if (isMap(s)) return { type: ['object', 'null'], additionalProperties: decodable(s.additionalProperties) };
  if (s.items) return { type: ['array', 'null'], items: decodable(s.items) };
  switch (s.type) {
    case 'string': return s.format === 'byte' ? { type: ['string', 'null'], kubeDecode: 'byte' } : { type: ['string', 'null'] };
    case 'integer': return { type: ['integer', 'null'], ...(s.format === 'int32' ? INT32 : INT64) };
    case 'number': return { type: ['number', 'null'] };
    case 'boolean': return { type: ['boolean', 'null'] };
    default: return {}; // FieldsV1, RawExtension: raw JSON of any shape
  }
}

/**
 * decodable(), and closed: every field the schema does not name is an unknown field (an
 * additionalProperties error). One pass finds both the wrong JSON types and the unknown fields.
 */
function decodableClosed(s: OpenAPISchema): AjvSchema {
  const name = refName(s);
  if (name) return { $ref: `#/definitions/${name}` };
  if (s.properties) return { type: ['object', 'null'], properties: mapValues(s.properties, decodableClosed), additionalProperties: false };
  if (isMap(s)) return { type: ['object', 'null'], additionalProperties: decodableClosed(s.additionalProperties) };
  if (s.items) return { type: ['array', 'null'], items: decodableClosed(s.items) };
  return decodable(s);
}

// ---- nulls, as Go's decoder stores them -------------------------------------------------------------

const ZERO_OF_DECODED: Record<Decoder, unknown> = { quantity: '0', 'int-or-string': 0, time: null, microtime: null, byte: null };

/** The JSON a Go zero value of this schema's type encodes to (null where Go writes null). */
function zeroValue(schemas: Record<string, OpenAPISchema>, s: OpenAPISchema): unknown {
  const name = refName(s);
  if (name && DECODERS[name]) return ZERO_OF_DECODED[DECODERS[name]];
  const t = name ? schemas[name] ?? {} : s;
  if (t.properties || isMap(t)) return {};
  if (t.items) return [];
  switch (t.type) {
    case 'string': return t.format === 'byte' ? null : '';
    case 'integer': case 'number': return 0;
    case 'boolean': return false;
    default: return null; // raw JSON keeps its null
  }
}

function zeroNullsIn(schemas: Record<string, OpenAPISchema>, s: OpenAPISchema, v: unknown, depth: number): void {
  if (v === null || typeof v !== 'object' || depth > 64) return;
  const name = refName(s);
  if (name && DECODERS[name]) return;
  const t = name ? schemas[name] ?? {} : s;
  if (Array.isArray(v)) {
    if (!t.items) return;
    for (let i = 0; i < v.length; i++) {
      if (v[i] === null) v[i] = zeroValue(schemas, t.items);
      else zeroNullsIn(schemas, t.items, v[i], depth + 1);
    }
    return;
  }
  const o = v as Record<string, unknown>;
  if (t.properties) {
    for (const k of Object.keys(o)) {
      const ps = t.properties[k];
      if (!ps) continue; // unknown fields are the strict/prune step's business
      if (o[k] === null) delete o[k];
      else zeroNullsIn(schemas, ps, o[k], depth + 1);
    }
  } else if (isMap(t)) {
    for (const k of Object.keys(o)) {
      if (o[k] === null) {
        const z = zeroValue(schemas, t.additionalProperties);
        if (z === null) delete o[k];
        else o[k] = z;
      } else zeroNullsIn(schemas, t.additionalProperties, o[k], depth + 1);
    }
  }
}

// ---- error translation -------------------------------------------------------------------------

function pointerSegments(pointer: string): string[] {
  return pointer ? pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')) : [];
}

function valueAt(obj: unknown, segs: string[]): unknown {
  let v = obj;
  for (const s of segs) v = (v as Record<string, unknown>)[s];
  return v;
}

/** Orders two paths as a streaming decoder meets them: by key position in the document. */
function documentOrder(obj: unknown, a: string[], b: string[]): number {
  let v = obj;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      if (Array.isArray(v)) return Number(a[i]) - Number(b[i]);
      const keys = Object.keys(v as object);
      return keys.indexOf(a[i]) - keys.indexOf(b[i]);
    }
    v = (v as Record<string, unknown>)[a[i]];
  }
  return a.length - b.length;
}

const shortName = (name: string) => name.slice(name.lastIndexOf('.') + 1);

/** Go's name for the type of a schema: int32, []v1.Container, map[string]string, resource.Quantity. */
function goType(s: OpenAPISchema): string {
  const name = refName(s);
  if (name) {
    const parts = name.split('.');
    return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
  }
  if (s.items) return `[]${goType(s.items)}`;
  if (isMap(s)) return `map[string]${goType(s.additionalProperties)}`;
  switch (s.type) {
    case 'string': return s.format === 'byte' ? '[]uint8' : 'string';
    case 'boolean': return 'bool';
    case 'integer': return s.format ?? 'int64';
    case 'number': return 'float64';
    default: return 'interface {}';
  }
}

interface Location {
  /** field.Path form: spec.ports[0].port, metadata.labels[app]. */
  field: string;
  /** Go's error context: the innermost struct entered and the JSON field names leading there. */
  struct?: string;
  goField: string;
  target: OpenAPISchema;
}

function locate(schemas: Record<string, OpenAPISchema>, root: string, segs: string[]): Location {
  const loc: Location = { field: '', goField: '', target: { $ref: root } };
  const goFields: string[] = [];
  for (const seg of segs) {
    const name = refName(loc.target);
    const s = name ? schemas[name] ?? {} : loc.target;
    if (s.properties) {
      loc.struct = name ? shortName(name) : loc.struct;
      goFields.push(seg);
      loc.field = loc.field ? `${loc.field}.${seg}` : seg;
      loc.target = s.properties[seg] ?? {};
    } else {
      loc.field += `[${seg}]`;
      loc.target = s.items ?? (isMap(s) ? s.additionalProperties : {});
    }
  }
  loc.goField = goFields.join('.');
  return loc;
}

function decodeMessage(loc: Location, v: unknown): string {
  const name = refName(loc.target) ?? '';
  switch (DECODERS[name]) {
    case 'quantity': return quantityError(v) ?? '';
    case 'int-or-string': return unmarshalError(jsonKindForInteger(v), 'int32');
    case 'time': return timeError(v) ?? '';
    case 'microtime': return timeError(v, true) ?? '';
  }
  if (loc.target.format === 'byte' && typeof v === 'string') return base64Error(v) ?? '';
  const kind = loc.target.type === 'integer' ? jsonKindForInteger(v) : jsonKind(v);
  return unmarshalError(kind, goType(loc.target), loc.struct, loc.goField);
}

// ---- compiled validators ---------------------------------------------------------------------------

/** One ajv instance per OpenAPI document; a kind's validators are compiled on first use. */
export class SchemaSet {
  private readonly ajv = new (ajvModule().Ajv)({ allErrors: true, strict: false });
  private readonly kinds = new Map<string, KindValidator>();

  constructor(private readonly id: string, private readonly schemas: Record<string, OpenAPISchema>) {
    this.ajv.addKeyword({ keyword: 'kubeDecode', schemaType: 'string', validate: decodes, errors: false });
    const both = mapValues(schemas, (s) => decodableClosed(s));
    for (const [name, kind] of Object.entries(DECODERS)) if (both[name]) both[name] = { kubeDecode: kind };
    this.ajv.addSchema({ $id: `both:${id}`, definitions: both });
  }

  validator(schemaName: string): KindValidator {
    let v = this.kinds.get(schemaName);
    if (!v) {
      v = this.compile(schemaName);
      this.kinds.set(schemaName, v);
    }
    return v;
  }

  private compile(name: string): KindValidator {
    let both: ValidateFunction | undefined;
    const compiled = (variant: string) => this.ajv.compile({ $ref: `${variant}:${this.id}#/definitions/${name}` });
    /** The unknown-field errors validate() found in the last body it passed, kept for the prune or strict check that follows. */
    let checked: { obj: unknown; unknown: ErrorObject[] } | undefined;
    /** One pass: type errors and unknown fields apart (an unknown field is an additionalProperties error, nothing else is). */
    const run = (obj: unknown): { types: ErrorObject[]; unknown: ErrorObject[] } => {
      both ??= compiled('both');
      if (both(obj)) return { types: [], unknown: [] };
      const types: ErrorObject[] = [];
      const unknown: ErrorObject[] = [];
      for (const e of both.errors ?? []) (e.keyword === 'additionalProperties' ? unknown : types).push(e);
      return { types, unknown };
    };
    const unknown = (obj: unknown): ErrorObject[] => {
      const c = checked;
      checked = undefined;
      // zeroNulls (between the two) only drops or zeroes nulls the schema types: no unknown field comes or goes.
      return c !== undefined && c.obj === obj ? c.unknown : run(obj).unknown;
    };
    return {
      validate: (obj) => {
        const r = run(obj);
        checked = r.types.length ? undefined : { obj, unknown: r.unknown };
        return r.types.length ? this.typeErrors(name, obj, r.types) : [];
      },
      unknownFields: (obj) => unknownFieldPaths(obj, unknown(obj)),
      pruneUnknownFields: (obj) => {
        const errors = unknown(obj);
        const paths = unknownFieldPaths(obj, errors);
        for (const e of errors) {
          delete (valueAt(obj, pointerSegments(e.instancePath)) as Record<string, unknown>)[String(e.params.additionalProperty)];
        }
        return paths;
      },
      zeroNulls: (obj) => zeroNullsIn(this.schemas, { $ref: name }, obj, 0),
    };
  }

  private typeErrors(root: string, obj: unknown, errors: ErrorObject[]): FieldError[] {
    const paths = [...new Set(errors.map((e) => e.instancePath))].map(pointerSegments);
    paths.sort((a, b) => documentOrder(obj, a, b));
    return paths.map((segs) => {
      const v = valueAt(obj, segs);
      const loc = locate(this.schemas, root, segs);
      return { type: 'FieldValueTypeInvalid', field: loc.field, badValue: v, detail: decodeMessage(loc, v) };
    });
  }
}

/** additionalProperties errors as paths in the strict decoder's notation (sigs.k8s.io/json): a.b[0].c, map keys as .key. */
function unknownFieldPaths(obj: unknown, errors: ErrorObject[]): string[] {
  const found = errors.map((e) => [...pointerSegments(e.instancePath), String(e.params.additionalProperty)]);
  found.sort((a, b) => documentOrder(obj, a, b));
  return found.map((segs) => {
    let path = '';
    let v = obj;
    for (const seg of segs) {
      path += Array.isArray(v) ? `[${seg}]` : path ? `.${seg}` : seg;
      v = (v as Record<string, unknown> | undefined)?.[seg];
    }
    return path;
  });
}
