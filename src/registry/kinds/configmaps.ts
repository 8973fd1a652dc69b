// core/v1 ConfigMap and Secret: neighbours every cluster has, with the immutable flag honoured.
import { fieldError, type FieldError } from '../../machinery/status.js';
import type { KObject } from '../../machinery/types.js';
import { jsonEqual } from '../../util/copy.js';
import { map } from '../../machinery/patch/schema.js';
import { kindStruct } from '../../machinery/patch/types-k8s.js';
import { configMapPrinter } from '../printers/configmap.js';
import { secretPrinter } from '../printers/secret.js';
import type { Strategy } from '../strategy.js';
import { ALL_VERBS } from './common.js';

const KEY_RE = /^[-._a-zA-Z0-9]+$/;

function validateKeys(o: KObject, fields: string[]): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  for (const f of fields) {
    const m = (o[f] ?? {}) as Record<string, unknown>;
    for (const k of Object.keys(m)) {
      if (!KEY_RE.test(k) || k.length > 253) {
        errs.push(fieldError.invalid(`${f}[${k}]`, k, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
      }
      if (seen.has(k)) errs.push(fieldError.invalid(`${f}[${k}]`, k, 'duplicate of key present in other field'));
      seen.add(k);
    }
  }
  return errs;
}

function immutable(o: KObject, old: KObject, fields: string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (o.immutable !== true) errs.push(fieldError.forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const f of fields) {
    if (!jsonEqual(o[f] ?? {}, old[f] ?? {})) errs.push(fieldError.forbidden(f, 'field is immutable when `immutable` is set'));
  }
  return errs;
}

const CM_FIELDS = ['data', 'binaryData'];
const SECRET_FIELDS = ['data'];

export const configmaps: Strategy = {
  info: {
    group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', singular: 'configmap', namespaced: true,
    shortNames: ['cm'], verbs: ALL_VERBS,
  },
  nameRule: 'subdomain',
  tracksGeneration: false,
  hasStatus: false,
  validate: (o) => validateKeys(o, CM_FIELDS),
  validateUpdate: (o, old) => [...validateKeys(o, CM_FIELDS), ...immutable(o, old, CM_FIELDS)],
  printer: configMapPrinter,
  patch: { schema: kindStruct({ data: map(), binaryData: map() }) },
  protobuf: { message: 'k8s.io.api.core.v1.ConfigMap' },
};

export const secrets: Strategy = {
  info: {
    group: '', version: 'v1', resource: 'secrets', kind: 'Secret', singular: 'secret', namespaced: true,
    verbs: ALL_VERBS,
  },
  nameRule: 'subdomain',
  tracksGeneration: false,
  hasStatus: false,
  prepareForCreate(o) {
    if (!o.type) o.type = 'Opaque';
    // stringData is write-only: merged into data (base64) and dropped.
    const sd = o.stringData as Record<string, string> | undefined;
    if (sd && typeof sd === 'object') {
      const data = (o.data ?? {}) as Record<string, string>;
      for (const [k, v] of Object.entries(sd)) data[k] = Buffer.from(String(v)).toString('base64');
      o.data = data;
    }
    delete o.stringData;
  },
  prepareForUpdate(o) {
    secrets.prepareForCreate!(o, { now: 0, subresource: '', warn: () => {} });
  },
  validate: (o) => validateKeys(o, SECRET_FIELDS),
  validateUpdate: (o, old) => {
    const errs = [...validateKeys(o, SECRET_FIELDS), ...immutable(o, old, SECRET_FIELDS)];
    if (o.type !== old.type) errs.push(fieldError.invalid('type', o.type ?? '', 'field is immutable'));
    return errs;
  },
  selectableFields: (o) => ({ type: String(o.type ?? '') }),
  printer: secretPrinter,
  patch: { schema: kindStruct({ data: map(), stringData: map() }) },
  protobuf: { message: 'k8s.io.api.core.v1.Secret' },
};
