// Warnings returned on CRD create/update: upstream's (unrecognized string formats, as the
// apiextensions strategy's WarningsOnCreate reports them) and kubesim's own for what it accepts
// but does not carry out (conversion webhooks, CEL rules cel-js cannot evaluate).
import { compileRules } from './cel.js';
import { knownFormats } from './formats.js';
import { isObject, type JSONSchemaProps } from './util.js';

function unrecognizedFormats(s: unknown, path: string, out: string[]): void {
  if (!isObject(s)) return;
  if (typeof s.format === 'string' && s.format && !knownFormats.has(s.format)) {
    out.push(`${path}.format: unrecognized format "${s.format}"`);
  }
  if (isObject(s.properties)) for (const [k, p] of Object.entries(s.properties)) unrecognizedFormats(p, `${path}.properties[${k}]`, out);
  if (isObject(s.additionalProperties)) unrecognizedFormats(s.additionalProperties, `${path}.additionalProperties`, out);
  if (isObject(s.items)) unrecognizedFormats(s.items, `${path}.items`, out);
  for (const j of ['allOf', 'anyOf', 'oneOf']) {
    if (Array.isArray(s[j])) s[j].forEach((sub: unknown, i: number) => unrecognizedFormats(sub, `${path}.${j}[${i}]`, out));
  }
  if (isObject(s.not)) unrecognizedFormats(s.not, `${path}.not`, out);
}

export function crdWarnings(crd: Record<string, any>): string[] {
  const out: string[] = [];
  const spec = isObject(crd.spec) ? crd.spec : {};
  const versions: Array<Record<string, any>> = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : [];
  versions.forEach((v, i) => {
    const schema: JSONSchemaProps | undefined = isObject(v.schema) && isObject(v.schema.openAPIV3Schema) ? v.schema.openAPIV3Schema : undefined;
    if (!schema) return;
    const base = `spec.versions[${i}].schema.openAPIV3Schema`;
    unrecognizedFormats(schema, base, out);
    for (const u of compileRules(schema).unsupported) {
      out.push(`spec.versions[${i}].schema.${u.path}: kubesim cannot evaluate this x-kubernetes-validations rule (${u.reason}); it is not enforced`);
    }
  });
  if (isObject(spec.conversion) && spec.conversion.strategy === 'Webhook') {
    out.push('spec.conversion.strategy: kubesim does not call conversion webhooks; objects are served in every version with only apiVersion changed');
  }
  return out;
}
