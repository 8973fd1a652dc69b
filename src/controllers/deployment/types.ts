// What the Deployment planner decides: ReplicaSet writes in order (each with the Event it earns on
// success), the Deployment's status (with its revision annotation), and when to look again.
import type { Deployment, DeploymentStatus, Pod, ReplicaSet } from '../workloads/index.js';

export interface DeploymentPlanInput {
  deployment: Deployment;
  /** Every ReplicaSet of the namespace (the Deployment claims among them). */
  replicaSets: ReplicaSet[];
  /** Every pod of the namespace (Recreate waits for old pods to be gone). */
  pods: Pod[];
  now: number;
}

export interface PlannedEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export type RSAction =
  | { op: 'adopt' | 'release' | 'delete'; rs: ReplicaSet; event?: PlannedEvent }
  | { op: 'create'; rs: ReplicaSet; event?: PlannedEvent }
  /** spec.replicas, spec.minReadySeconds and annotations as planned. */
  | { op: 'update'; rs: ReplicaSet; event?: PlannedEvent };

export interface DeploymentPlan {
  actions: RSAction[];
  /** Events not tied to a ReplicaSet write. */
  events: PlannedEvent[];
  /** The status to write through /status, when it changed. */
  status?: DeploymentStatus;
  /** The annotations to write with it (the revision), when they changed. */
  annotations?: Record<string, string>;
  /** Sync again after this long (progress deadline checks, hash collisions). */
  requeueAfterMs?: number;
}
