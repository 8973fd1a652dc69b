// apiextensions.k8s.io/v1 defaulting of a CustomResourceDefinition (apis/apiextensions/v1/defaults.go)
// plus the storage version the strategy records on create. Behaviour copied from the apiserver.
import { isObject } from './util.js';

export function defaultCRD(crd: Record<string, any>): void {
  if (!isObject(crd.spec)) crd.spec = {};
  const spec = crd.spec;
  if (!isObject(spec.names)) spec.names = {};
  const names = spec.names;
  if (!names.singular && typeof names.kind === 'string') names.singular = names.kind.toLowerCase();
  if (!names.listKind && typeof names.kind === 'string' && names.kind) names.listKind = `${names.kind}List`;
  if (!isObject(spec.conversion)) spec.conversion = { strategy: 'None' };
  const service = spec.conversion.webhook?.clientConfig?.service;
  if (isObject(service) && service.port === undefined) service.port = 443;
  if (!isObject(crd.status)) crd.status = {};
  const status = crd.status;
  if (!Array.isArray(status.storedVersions) || status.storedVersions.length === 0) {
    const storage = Array.isArray(spec.versions) ? spec.versions.find((v: any) => isObject(v) && v.storage === true) : undefined;
    if (storage && typeof storage.name === 'string') status.storedVersions = [storage.name];
  }
}
