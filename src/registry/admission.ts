// NamespaceLifecycle admission (behaviour copied from the apiserver plugin of that name): content can
// only be created in a namespace that exists and is not terminating.
import { forbidden, notFound } from '../machinery/status.js';
import type { Registry } from './registry.js';
import type { Strategy } from './strategy.js';

export function checkNamespaceLifecycle(r: Registry, s: Strategy, namespace: string, name: string): void {
  const nsStrategy = r.resource('', 'namespaces');
  const ns = r.tryGet(nsStrategy, '', namespace);
  if (!ns) throw notFound('namespaces', '', namespace);
  const phase = (ns.obj.status as { phase?: string } | undefined)?.phase;
  if (phase === 'Terminating' || ns.obj.metadata.deletionTimestamp) {
    throw forbidden(s.info.resource, s.info.group, name,
      `unable to create new content in namespace ${namespace} because it is being terminated`,
      [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }]);
  }
}

/** Namespaces that can never be deleted. */
export const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);
