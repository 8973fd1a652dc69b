// Custom resources: the kinds a CustomResourceDefinition defines, built at run time as the same kind
// value every built-in has (apiextensions-apiserver's customresource strategy, in our words). One
// kind per served version; the storage version owns the stored objects and the others are views of
// it (conversion strategy None: only apiVersion changes). Each version's openAPIV3Schema, compiled
// once, prunes and defaults request bodies at decode time and validates in the strategy.
import { compileSchema, evalJSONPath, printerFor, type CompiledSchema } from '../../crd/index.js';
import { STATUS_RESET_FIELDS } from '../../machinery/patch/meta.js';
import type { FieldError } from '../../machinery/status.js';
import type { KObject } from '../../machinery/types.js';
import type { KindValidator } from '../schema-validate.js';
import type { ResourceInfo, ScaleInfo, Strategy } from '../strategy.js';
import { ALL_VERBS } from './common.js';

type J = Record<string, any>;

/** The request-body check of a custom resource: pruning of unknown fields, then defaulting. */
function decoderFor(schema: CompiledSchema): KindValidator {
  return {
    // Type errors are the strategy's 422s for custom resources, not decode failures.
    validate: () => [],
    unknownFields: (obj) => schema.prune(structuredClone(obj)),
    pruneUnknownFields: (obj) => schema.prune(obj),
    zeroNulls: () => {},
    applyDefaults: (obj) => schema.applyDefaults(obj),
  };
}

function versionInfo(crd: J, v: J): ResourceInfo {
  const names = crd.spec.names ?? {};
  const subresources: string[] = [];
  if (v.subresources?.status) subresources.push('status');
  if (v.subresources?.scale) subresources.push('scale');
  const info: ResourceInfo = {
    group: crd.spec.group, version: v.name, resource: names.plural, kind: names.kind,
    singular: names.singular || String(names.kind ?? '').toLowerCase(), namespaced: crd.spec.scope !== 'Cluster',
    subresources, verbs: ALL_VERBS,
  };
  if (names.shortNames?.length) info.shortNames = [...names.shortNames];
  if (names.categories?.length) info.categories = [...names.categories];
  return info;
}

function scaleOf(v: J): ScaleInfo | undefined {
  const s = v.subresources?.scale;
  if (!s) return undefined;
  return { specReplicasPath: s.specReplicasPath, statusReplicasPath: s.statusReplicasPath, labelSelectorPath: s.labelSelectorPath };
}

/** A version's kind, validating with its own schema; `view` set for the non-storage versions. */
function versionKind(crd: J, v: J, schema: CompiledSchema): Strategy {
  const hasStatus = !!v.subresources?.status;
  const selectable = (v.selectableFields ?? []).map((f: J) => String(f.jsonPath ?? '')).filter(Boolean) as string[];
  const validate = (o: KObject): FieldError[] => schema.validate(o);
  const kind: Strategy = {
    info: versionInfo(crd, v),
    nameRule: 'subdomain',
    tracksGeneration: true,
    hasStatus,
    prepareForCreate(o) {
      if (hasStatus) delete o.status;
    },
    validate,
    // Transition rules (oldSelf) see the stored object.
    validateUpdate: (o, old) => schema.validate(o, old),
    printer: printerFor(v.additionalPrinterColumns),
    // No Go struct tags: strategic merge patch answers 415; apply knows only ObjectMeta.
    patch: hasStatus ? { resetFields: STATUS_RESET_FIELDS } : {},
    decoder: decoderFor(schema),
    protobuf: false,
  };
  const scale = scaleOf(v);
  if (scale) kind.scale = scale;
  if (selectable.length) {
    kind.selectableFields = (o) => {
      const out: Record<string, string> = {};
      for (const p of selectable) {
        const val = evalJSONPath(o, p);
        out[p.replace(/^\./, '')] = val === undefined || val === null ? '' : String(val);
      }
      return out;
    };
  }
  return kind;
}

/** The kinds a CRD serves: one per served version, the storage version first. */
export function customResourceKinds(crd: J): Strategy[] {
  const versions = (crd.spec?.versions ?? []) as J[];
  const storageV = versions.find((v) => v.storage);
  if (!storageV) return [];
  const compiled = new Map<string, CompiledSchema>();
  const schemaOf = (v: J) => {
    let c = compiled.get(v.name);
    if (!c) compiled.set(v.name, (c = compileSchema(v.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true })));
    return c;
  };
  const storage = versionKind(crd, storageV, schemaOf(storageV));
  const out: Strategy[] = [];
  if (storageV.served) out.push(storage);
  const storageAV = `${crd.spec.group}/${storageV.name}`;
  for (const v of versions) {
    if (v === storageV || !v.served) continue;
    const schema = schemaOf(v);
    const served = versionKind(crd, v, schema);
    const av = `${crd.spec.group}/${v.name}`;
    served.view = {
      of: storage,
      toStorage: (o) => ({ ...o, apiVersion: storageAV }),
      fromStorage: (o) => ({ ...o, apiVersion: av }),
      validate: (o) => schema.validate(o),
    };
    out.push(served);
  }
  // A storage version that is not served is not registered: the served versions are views of it.
  return out;
}
