// The TTL-after-finished controller (pkg/controller/ttlafterfinished): a Job that finished
// (Complete or Failed) and sets ttlSecondsAfterFinished is deleted, with foreground propagation,
// that many seconds after it finished, on the injected clock.
import type { KObject } from '../../machinery/types.js';
import type { Registry } from '../../registry/registry.js';
import type { Strategy } from '../../registry/strategy.js';
import { QueueController } from '../base.js';
import { DelayedEnqueuer } from '../workloads/delayed.js';
import { deleteObject, keyOf, splitKey } from '../workloads/owned.js';

type J = Record<string, any>;

/** When the Job finished: its Complete/Failed condition's lastTransitionTime. */
export function finishedAt(job: KObject): number | undefined {
  const c = (((job.status as J | undefined)?.conditions ?? []) as J[])
    .find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  const t = Date.parse(c?.lastTransitionTime ?? '');
  return Number.isNaN(t) ? undefined : t;
}

/** When the Job is due for deletion, or undefined when it never is (yet). */
export function expiresAt(job: KObject): number | undefined {
  const ttl = (job.spec as J | undefined)?.ttlSecondsAfterFinished;
  if (ttl === undefined || ttl === null || job.metadata.deletionTimestamp) return undefined;
  const done = finishedAt(job);
  return done === undefined ? undefined : done + ttl * 1000;
}

export class TTLAfterFinishedController extends QueueController {
  private jobs: Strategy;
  private delayed: DelayedEnqueuer;

  constructor(r: Registry) {
    super(r, {});
    this.jobs = r.resource('batch', 'jobs');
    this.delayed = new DelayedEnqueuer(r.opts.clock, (k) => this.queue.add(k));
    this.unsubscribers.push(r.watch(this.jobs, (ev) => ev.type !== 'DELETED' && this.queue.add(keyOf(ev.object.obj))), () => this.delayed.stop());
    for (const j of r.list(this.jobs, undefined).items) this.queue.add(keyOf(j.obj));
  }

  protected sync(k: string): void {
    const [ns, name] = splitKey(k);
    const job = this.r.tryGet(this.jobs, ns, name)?.obj;
    const due = job && expiresAt(job);
    if (!job || due === undefined) {
      this.delayed.forget(k);
      return;
    }
    if (due > this.r.now()) {
      this.delayed.at(k, due);
      return;
    }
    deleteObject(this.r, this.jobs, ns, name, job.metadata.uid ?? '', 'Foreground');
  }
}
