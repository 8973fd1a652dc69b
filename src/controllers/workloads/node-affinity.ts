// Required node affinity and taints/tolerations as k8s.io/component-helpers/scheduling/corev1 reads
// them: shared by the simulated scheduler and the DaemonSet controller (which, like upstream,
// decides itself which nodes should run a daemon pod).
import type { KObject } from '../../machinery/types.js';

type J = Record<string, any>;

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** One NodeSelectorRequirement against a value set (labels, or fields like metadata.name). */
function requirementMatches(req: J, values: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(values, req.key);
  const v = values[req.key];
  const list = (req.values ?? []) as string[];
  switch (req.operator) {
    case 'In': return has && list.includes(v);
    case 'NotIn': return !has || !list.includes(v);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || list.length !== 1) return false;
      const a = Number.parseInt(v, 10);
      const b = Number.parseInt(list[0], 10);
      if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
      return req.operator === 'Gt' ? a > b : a < b;
    }
    default: return false;
  }
}

/** A NodeSelectorTerm: every expression and field requirement holds; an empty term matches nothing. */
function termMatches(term: J, node: KObject): boolean {
  const exprs = (term.matchExpressions ?? []) as J[];
  const fields = (term.matchFields ?? []) as J[];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  const nodeFields = { 'metadata.name': node.metadata.name ?? '' };
  return exprs.every((r) => requirementMatches(r, labels))
    && fields.every((r) => r.key === 'metadata.name' && requirementMatches(r, nodeFields));
}

/** nodeSelector and required node affinity (terms ORed), as the NodeAffinity plugin filters. */
export function nodeMatchesPod(podSpec: J, node: KObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries((podSpec.nodeSelector ?? {}) as Record<string, string>)) {
    if (labels[k] !== v) return false;
  }
  const terms = podSpec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms as J[] | undefined;
  if (!terms) return true;
  return terms.some((t) => termMatches(t, node));
}

/** v1 Toleration.ToleratesTaint. */
export function tolerates(t: J, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return String(t.value ?? '') === String(taint.value ?? '');
}

/** The first taint with one of `effects` that no toleration tolerates. */
export function untoleratedTaint(taints: readonly Taint[], tolerations: readonly J[], effects: readonly string[]): Taint | undefined {
  return taints.find((taint) => effects.includes(taint.effect) && !tolerations.some((t) => tolerates(t, taint)));
}
