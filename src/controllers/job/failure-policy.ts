// spec.podFailurePolicy (pod_failure_policy.go matchPodFailurePolicy): the first rule a failed pod
// matches decides — FailJob ends the Job at once, Ignore keeps the failure off the backoffLimit
// count, Count counts it. Rules match on a terminated container's non-zero exit code (In/NotIn,
// optionally one container) or on a pod condition. FailIndex counts the failure and fails the
// pod's index (per-index.ts, with backoffLimitPerIndex).
import type { KObject } from '../../machinery/types.js';

type J = Record<string, any>;

export interface PolicyMatch {
  /** FailJob: the message of the Job's FailureTarget/Failed conditions. */
  failJobMessage?: string;
  /** False for Ignore: the failure does not count towards backoffLimit. */
  countFailed: boolean;
  action?: string;
}

function exitCodeMatches(code: number, req: J): boolean {
  const values = (req.values ?? []) as number[];
  if (req.operator === 'In') return values.includes(code);
  if (req.operator === 'NotIn') return !values.includes(code);
  return false;
}

/** The first terminated container with a non-zero exit code the requirement matches. */
function matchExitCodes(status: J, req: J): J | undefined {
  for (const list of [status.containerStatuses, status.initContainerStatuses]) {
    for (const cs of (list ?? []) as J[]) {
      const t = cs.state?.terminated;
      if (!t || (req.containerName && req.containerName !== cs.name)) continue;
      if (t.exitCode !== 0 && exitCodeMatches(Number(t.exitCode), req)) return cs;
    }
  }
  return undefined;
}

function matchConditions(status: J, patterns: J[]): J | undefined {
  for (const c of (status.conditions ?? []) as J[]) {
    if (patterns.some((p) => p.type === c.type && (p.status ?? 'True') === c.status)) return c;
  }
  return undefined;
}

/** matchPodFailurePolicy for one failed pod. */
export function matchPodFailurePolicy(policy: J | undefined | null, pod: KObject): PolicyMatch {
  if (!policy) return { countFailed: true };
  const status = (pod.status ?? {}) as J;
  const where = `${pod.metadata.namespace}/${pod.metadata.name}`;
  for (const [index, rule] of ((policy.rules ?? []) as J[]).entries()) {
    let failJobMessage: string | undefined;
    if (rule.onExitCodes) {
      const cs = matchExitCodes(status, rule.onExitCodes);
      if (!cs) continue;
      failJobMessage = `Container ${cs.name} for pod ${where} failed with exit code ${cs.state.terminated.exitCode} matching ${rule.action} rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const c = matchConditions(status, rule.onPodConditions);
      if (!c) continue;
      failJobMessage = `Pod ${where} has condition ${c.type} matching ${rule.action} rule at index ${index}`;
    } else {
      continue;
    }
    if (rule.action === 'Ignore') return { countFailed: false, action: 'Ignore' };
    if (rule.action === 'FailJob') return { failJobMessage, countFailed: true, action: 'FailJob' };
    return { countFailed: true, action: rule.action };
  }
  return { countFailed: true };
}
