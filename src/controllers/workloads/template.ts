// GetPodFromTemplate (pkg/controller/controller_utils.go): the pod a workload controller creates
// from its template: labels, annotations and finalizers copied, generateName "<owner>-", a
// controller owner reference, the template's spec.
import type { KObject, OwnerReference } from '../../machinery/types.js';
import { clone } from '../../util/copy.js';
import type { PodTemplateSpec } from './types.js';

/** getPodsPrefix: "<name>-", or the bare name when the dash would make an invalid prefix. */
export function podsPrefix(controllerName: string): string {
  const prefix = `${controllerName}-`;
  return prefix.length <= 253 ? prefix : controllerName;
}

export function podFromTemplate(template: PodTemplateSpec | undefined, owner: KObject, ref: OwnerReference): KObject {
  const t = clone(template ?? {});
  const meta = t.metadata ?? {};
  const metadata: KObject['metadata'] = { generateName: podsPrefix(owner.metadata.name ?? ''), ownerReferences: [ref] };
  if (meta.labels && Object.keys(meta.labels).length) metadata.labels = meta.labels;
  if (meta.annotations && Object.keys(meta.annotations).length) metadata.annotations = meta.annotations;
  if (meta.finalizers?.length) metadata.finalizers = meta.finalizers;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: t.spec ?? {} };
}
