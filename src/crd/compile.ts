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
import type { JSONSchemaProps } from './util.js';

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

export function compileSchema(schema: JSONSchemaProps): CompiledSchema {
  const regexps = new Map<string, RegExp | Error>();
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
      errs.push(...validateEmbedded('', schema, obj));
      errs.push(...validateListTypes('', schema, obj));
      if (!errs.some((e) => e.type === 'FieldValueTypeInvalid')) errs.push(...celRules().validate(obj, old));
      return errs;
    },
    get unsupportedRules() {
      return celRules().unsupported;
    },
  };
}
