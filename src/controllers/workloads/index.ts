// Helpers shared by the workload controllers (ReplicaSet, Deployment, StatefulSet, DaemonSet, Job):
// pod predicates, deletion ranking, controllerRef claiming, template hashing, slow start, timers.
export * from './types.js';
export * from './pods.js';
export * from './ranking.js';
export * from './controllerref.js';
export * from './hash.js';
export * from './slowstart.js';
export * from './delayed.js';
export * from './template.js';
