// spec.successPolicy for Indexed Jobs (success_policy.go matchSuccessPolicy): the Job succeeds as
// soon as one rule holds — every index in its succeededIndexes succeeded, or succeededCount of
// them (of all indexes when the rule names none). The message names the first rule that held.
import { parseIndexes } from './pods.js';

type J = Record<string, any>;

export function matchSuccessPolicy(policy: J | undefined | null, completions: number, succeeded: ReadonlySet<number>): string | undefined {
  if (!policy || succeeded.size === 0) return undefined;
  for (const [index, rule] of ((policy.rules ?? []) as J[]).entries()) {
    if (rule.succeededIndexes !== undefined && rule.succeededIndexes !== null) {
      const required = parseIndexes(String(rule.succeededIndexes), completions);
      if (required.size === 0) continue;
      let contains = 0;
      for (const i of required) if (succeeded.has(i)) contains++;
      const count = rule.succeededCount;
      if (contains === required.size || (count !== undefined && count !== null && contains >= count)) return `Matched rules at index ${index}`;
    } else if (rule.succeededCount !== undefined && rule.succeededCount !== null && succeeded.size >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}
