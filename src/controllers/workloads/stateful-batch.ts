// Starts the apps/v1 StatefulSet and DaemonSet controllers and the batch/v1 Job, CronJob and
// TTL-after-finished controllers (one line in buildApp's controller list).
import type { Registry } from '../../registry/registry.js';
import { CronJobController } from '../cronjob/controller.js';
import { DaemonSetController } from '../daemonset/controller.js';
import { JobController } from '../job/controller.js';
import type { BackoffOptions } from '../job/pods.js';
import { TTLAfterFinishedController } from '../job/ttl.js';
import { StatefulSetController } from '../statefulset/controller.js';

export interface StatefulBatchOptions {
  batchDelayMs?: number;
  /** Job pod failure back-off; default a tenth of upstream's (1 s doubling to 1 min). */
  jobBackoff?: BackoffOptions;
}

export function startStatefulAndBatchControllers(r: Registry, o: StatefulBatchOptions = {}) {
  return [
    new StatefulSetController(r, o.batchDelayMs),
    new DaemonSetController(r, o.batchDelayMs),
    new JobController(r, { batchDelayMs: o.batchDelayMs, backoff: o.jobBackoff }),
    new CronJobController(r, o.batchDelayMs),
    new TTLAfterFinishedController(r),
  ];
}
