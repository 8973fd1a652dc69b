// Seeded property test: the CRD machinery never throws on malformed CRDs, schemas or objects
// (clients send anything; errors must come back as field errors, not 500s).
import { it } from 'vitest';
import fc from 'fast-check';
import { compileSchema, validateCRD, defaultCRD, crdWarnings, openAPIDocumentFor } from '../../src/crd/index.js';
const keys = ['type', 'properties', 'items', 'additionalProperties', 'required', 'enum', 'default', 'nullable', 'maximum', 'minLength', 'pattern', 'format', 'anyOf', 'allOf', 'oneOf', 'not', 'x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-validations', 'metadata', 'spec', 'name', 'a'];
const vals = fc.oneof(fc.constantFrom('object', 'array', 'string', 'integer', 'set', 'map', 'atomic', 'date-time', true, false, 1, null, 'self > 0', '^a'), fc.jsonValue({ maxDepth: 2 }));
const { node } = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, vals, fc.dictionary(fc.constantFrom(...keys), tie('node'), { maxKeys: 5 }), fc.array(tie('node'), { maxLength: 3 })),
}));
it('never throws on schema-like junk', () => {
  fc.assert(fc.property(node, node, (a, b) => {
    const crd2: any = { metadata: { name: 'ws.e.com' }, spec: { group: 'e.com', names: { plural: 'ws', kind: 'W' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: a }, subresources: { status: {} } }] } };
    defaultCRD(crd2); validateCRD(crd2); validateCRD(crd2, crd2); crdWarnings(crd2); openAPIDocumentFor('e.com', 'v1', [crd2]);
    const s = compileSchema(a as any);
    s.validate(b); s.validate(b, b); s.prune(structuredClone(b)); s.applyDefaults(structuredClone(b));
  }), { numRuns: 500, seed: 13 });
});
