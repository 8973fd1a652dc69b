// Patch metadata of the apps/v1 and batch/v1 types (k8s.io/api apps/v1/types.go, batch/v1/types.go
// at 1.35: patchStrategy/patchMergeKey tags and +listType markers), built from the shared blocks.
// Only fields whose merge behaviour differs from the default are described.
import { atomicList, setList, struct, type ListNode, type SchemaNode } from '../../machinery/patch/schema.js';
import { conditionsByType, labelSelector, objectMeta, podTemplateSpec } from '../../machinery/patch/types-k8s.js';

/** The spec of a controller of pods: its selector (atomic) and pod template. */
export function podControllerSpec(extra: Record<string, SchemaNode> = {}) {
  return struct({ selector: labelSelector, template: podTemplateSpec, ...extra });
}

/** A status with conditions keyed by type. */
export const conditionsStatus = struct({ conditions: conditionsByType });

/** StatefulSet volumeClaimTemplates: an atomic list of PersistentVolumeClaims. */
export const volumeClaimTemplates = atomicList(struct({
  metadata: objectMeta,
  spec: struct({ selector: labelSelector }),
  status: struct({ conditions: conditionsByType }),
}));

/** JobStatus.conditions: listType atomic for apply, yet merged by type in strategic merge patch. */
const jobConditions: ListNode = { type: 'list', listType: 'atomic', items: struct(), smp: { mergeKey: 'type' } };

export const jobSpec = podControllerSpec({
  podFailurePolicy: struct({ rules: atomicList(struct({ onPodConditions: atomicList(), onExitCodes: struct({ values: setList(false) }) })) }),
  successPolicy: struct({ rules: atomicList() }),
});

export const jobStatus = struct({
  conditions: jobConditions,
  uncountedTerminatedPods: struct({ succeeded: setList(false), failed: setList(false) }),
});

export const cronJobSpec = struct({ jobTemplate: struct({ metadata: objectMeta, spec: jobSpec }) });
export const cronJobStatus = struct({ active: atomicList() });

/** A pod template as a Go zero value encodes it (containers is not omitempty). */
export const zeroTemplate = (): Record<string, unknown> => ({ metadata: {}, spec: { containers: null } });
