// The CRD schema machinery (issue 13): pure functions over CustomResourceDefinition objects and
// their openAPIV3Schemas, after apiextensions-apiserver v1.35. The CRD kind, its controller and
// the registration of custom kinds use these; nothing here touches the store or HTTP.
export type { JSONSchemaProps } from './util.js';
export { defaultCRD } from './defaults.js';
export { validateCRD } from './crd-validate.js';
export { crdWarnings } from './warnings.js';
export { compileSchema, type CompiledSchema } from './compile.js';
export { validateScaleReplicas } from './resource-validate.js';
export { evalJSONPath, evalJSONPathAll, isValidJSONPath } from './jsonpath.js';
export { printerFor } from './printer.js';
export { openAPIDocumentFor, type OpenAPIDocumentOptions } from './openapi-doc.js';
