// One version's openAPIV3Schema, prepared once and applied to every custom resource of that
// version: the steps the custom resource strategy runs (apiextensions-apiserver
// pkg/registry/customresource/validator.go and strategy.go), in upstream's order: OpenAPI value
// validation, embedded resources, list-type uniqueness, then x-kubernetes-validations rules
// (skipped when a type error already blocks them).
import type { FieldError } from '../machinery/status.js';
import { compileRules, type CompiledRules } from './cel.js';
import { validateValue } from './openapi-validate.js';
import { applyDefaults, pruneNonNullableNulls, pruneObject } from './prune.js';
import { validateEmbedded, validateListTypes } from './resource-validate.js';
import { isObject, type JSONSchemaProps } from './util.js';

export interface CompiledSchema {
  /** Structural defaulting in place (missing fields, non-nullable nulls), then drops nulls that
   *  are neither allowed nor defaulted, as upstream's defaulting step does. */
  applyDefaults(obj: unknown): void;
  /** Structural pruning in place; returns the pruned paths (`spec.foo`, top-level `foo`). */
  prune(obj: unknown): string[];
  /** Every validation error of a custom resource; `old` enables transition rules (oldSelf). */
  validate(obj: unknown, old?: unknown): FieldError[];
  /** x-kubernetes-validations rules kubesim cannot evaluate (not enforced), with their paths. */
  readonly unsupportedRules: ReadonlyArray<{ path: string; rule: string; reason: string }>;
}

/** Whether any node of the schema satisfies `pred` (to skip walks that would find nothing). */
function schemaHas(s: unknown, pred: (s: JSONSchemaProps) => boolean): boolean {
  if (!isObject(s)) return false;
  if (pred(s)) return true;
  if (isObject(s.properties) && Object.values(s.properties).some((p) => schemaHas(p, pred))) return true;
  return schemaHas(s.items, pred) || schemaHas(s.additionalProperties, pred);
}

export function compileSchema(schema: JSONSchemaProps): CompiledSchema {
  const regexps = new Map<string, RegExp | Error>();
  const hasEmbedded = schemaHas(schema, (s) => s['x-kubernetes-embedded-resource'] === true);
  const hasListTypes = schemaHas(schema, (s) => s['x-kubernetes-list-type'] === 'set' || s['x-kubernetes-list-type'] === 'map');
  let rules: CompiledRules | undefined;
  const celRules = (): CompiledRules => (rules ??= compileRules(schema));
  return {
    applyDefaults(obj) {
      applyDefaults(obj, schema);
      pruneNonNullableNulls(obj, schema);
    },
    prune: (obj) => pruneObject(obj, schema, true),
    validate(obj, old) {
      const errs = validateValue(schema, obj, '', regexps);
      if (hasEmbedded) errs.push(...validateEmbedded('', schema, obj));
      if (hasListTypes) errs.push(...validateListTypes('', schema, obj));
      if (!errs.some((e) => e.type === 'FieldValueTypeInvalid')) errs.push(...celRules().validate(obj, old));
      return errs;
    },
    get unsupportedRules() {
      return celRules().unsupported;
    },
  };
}
