// The apps/v1 workload controllers of kube-controller-manager that this package runs: ReplicaSet
// and Deployment, each with its own Event source as in a cluster.
import type { Registry } from '../../registry/registry.js';
import { EventRecorder } from '../recorder.js';
import { ReplicaSetController } from '../replicaset/controller.js';
import { DeploymentController } from './controller.js';

export { DeploymentController } from './controller.js';
export { planDeployment } from './planner.js';

export function startDeploymentControllers(r: Registry, batchDelayMs?: number): (ReplicaSetController | DeploymentController)[] {
  const has = (res: string) => r.strategies().some((s) => s.info.group === 'apps' && s.info.resource === res);
  if (!has('replicasets') || !has('deployments')) return [];
  return [
    new ReplicaSetController(r, { recorder: new EventRecorder(r, { component: 'replicaset-controller' }), batchDelayMs }),
    new DeploymentController(r, { recorder: new EventRecorder(r, { component: 'deployment-controller' }), batchDelayMs }),
  ];
}
