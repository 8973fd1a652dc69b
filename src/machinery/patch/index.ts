// Every patch type kubectl and the client libraries send, as pure functions on JSON objects:
// JSON patch, merge patch, strategic merge patch, and server-side apply with field ownership.
export { applyJsonPatch, decodeJsonPatch, decodePointerToken, encodePointerToken, MAX_JSON_PATCH_OPERATIONS } from './jsonpatch.js';
export type { JsonPatchOperation, JsonPatchOptions } from './jsonpatch.js';
export { applyMergePatch, mergePatchValue } from './mergepatch.js';
export { applyStrategicMergePatch, strategicMerge, NON_STRATEGIC_PATCH_TYPES } from './strategic.js';
export { applySchema, emptyObject, resetFields, STATUS_RESET_FIELDS } from './meta.js';
export type { PatchTypeInfo } from './meta.js';
export * as k8sTypes from './types-k8s.js';
export type { ListNode, MapNode, SchemaNode, SmpListStrategy, StructNode } from './schema.js';
export { apply, conflictError, managerFromUserAgent, BEFORE_FIRST_APPLY, LAST_APPLIED_ANNOTATION } from './apply.js';
export type { ApplyOptions } from './apply.js';
export { managedFieldsAfterUpdate, updateManagedFields } from './ownership.js';
export type { ManagedFieldsOptions, ManagedResult, UpdateManagedFieldsOptions } from './ownership.js';
export { FieldSet, pathString } from './fieldset.js';
export { decodeManagedFields, encodeManagedFields, managerIdentifier, printManager, MAX_UPDATE_MANAGERS } from './managed.js';
export { patchNotApplicable } from './errors.js';
