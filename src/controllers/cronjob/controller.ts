// The CronJob controller loop (cronjob_controllerv2.go): CronJob and Job events map to CronJob
// keys; the worker asks the pure planner (planner.ts) and writes the plan: Jobs deleted
// (background propagation), the scheduled Job created, status with its reference; then it waits
// on the injected clock for the next activation.
import { isStatusError } from '../../machinery/status.js';
import type { Registry } from '../../registry/registry.js';
import type { Strategy } from '../../registry/strategy.js';
import { QueueController } from '../base.js';
import { EventRecorder } from '../recorder.js';
import { DelayedEnqueuer } from '../workloads/delayed.js';
import { controllerKey, deleteObject, KCM_FIELD_MANAGER, keyOf, splitKey, writeStatus } from '../workloads/owned.js';
import { jobRef, planCronJob, type CronJob } from './planner.js';

export class CronJobController extends QueueController {
  private cronJobs: Strategy;
  private jobs: Strategy;
  private delayed: DelayedEnqueuer;
  private recorder: EventRecorder;

  constructor(r: Registry, batchDelayMs?: number) {
    super(r, { batchDelayMs, baseDelayMs: 10, maxDelayMs: 5000 });
    this.cronJobs = r.resource('batch', 'cronjobs');
    this.jobs = r.resource('batch', 'jobs');
    this.recorder = new EventRecorder(r, { component: 'cronjob-controller' });
    this.delayed = new DelayedEnqueuer(r.opts.clock, (k) => this.queue.add(k));
    this.unsubscribers.push(
      r.watch(this.cronJobs, (ev) => this.queue.add(keyOf(ev.object.obj))),
      r.watch(this.jobs, (ev) => {
        for (const k of new Set([controllerKey(ev.object.obj, 'CronJob'), controllerKey(ev.prev?.obj, 'CronJob')])) if (k) this.queue.add(k);
      }),
      () => this.delayed.stop(),
    );
    for (const c of r.list(this.cronJobs, undefined).items) this.queue.add(keyOf(c.obj));
  }

  protected sync(k: string): void {
    const [ns, name] = splitKey(k);
    const stored = this.r.tryGet(this.cronJobs, ns, name);
    if (!stored) {
      this.delayed.forget(k);
      return;
    }
    const cj = stored.obj as CronJob;
    const jobs = this.r.list(this.jobs, ns).items.map((j) => j.obj)
      .filter((j) => j.metadata.ownerReferences?.some((x) => x.controller && x.uid === cj.metadata.uid));
    const plan = planCronJob({ cronJob: cj, jobs, now: this.r.now() });
    for (const d of plan.delete) deleteObject(this.r, this.jobs, ns, d.name, d.uid, 'Background');
    const status = { ...plan.status };
    if (plan.create) {
      try {
        const created = this.r.create(this.jobs, ns, plan.create, { fieldManager: KCM_FIELD_MANAGER });
        status.active = [...(status.active ?? []), jobRef(created.object)];
      } catch (e) {
        if (!(isStatusError(e) && e.code === 409)) {
          this.recorder.record(cj, 'Warning', 'FailedCreate', `Error creating job: ${(e as Error).message}`);
          throw e;
        }
        // Made earlier by us but missing from the active list: track it now; made by someone else: theirs.
        const existing = this.r.tryGet(this.jobs, ns, plan.create.metadata.name ?? '')?.obj;
        const ours = existing?.metadata.ownerReferences?.some((x) => x.controller && x.uid === cj.metadata.uid);
        if (existing && ours && !(status.active ?? []).some((x: { uid?: string }) => x.uid === existing.metadata.uid)) {
          status.active = [...(status.active ?? []), jobRef(existing)];
        } else {
          status.lastScheduleTime = cj.status?.lastScheduleTime;
          if (status.lastScheduleTime === undefined) delete status.lastScheduleTime;
        }
        plan.events = plan.events.filter((ev) => ev.reason !== 'SuccessfulCreate');
      }
    }
    for (const ev of plan.events) this.recorder.record(cj, ev.type, ev.reason, ev.message);
    writeStatus(this.r, this.cronJobs, cj, status);
    if (plan.requeueAfterMs !== undefined) this.delayed.at(k, this.r.now() + plan.requeueAfterMs);
  }
}
