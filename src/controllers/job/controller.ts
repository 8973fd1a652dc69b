// The Job controller loop: Job and Pod events map to Job keys; the worker claims the Job's pods,
// asks the pure planner (planner.ts) and writes the plan in upstream's order: the interim status
// that parks finished pods as uncounted, the finalizer removals, pod deletes and creates, then the
// final status. Pods that keep the tracking finalizer after their Job is gone get it removed (the
// orphan cleanup), so garbage collection never leaves them stuck terminating.
import { isStatusError } from '../../machinery/status.js';
import type { KObject } from '../../machinery/types.js';
import type { Registry } from '../../registry/registry.js';
import type { Strategy } from '../../registry/strategy.js';
import type { StoreEvent } from '../../storage/store.js';
import { QueueController } from '../base.js';
import { EventRecorder } from '../recorder.js';
import { DelayedEnqueuer } from '../workloads/delayed.js';
import {
  claim, controllerKey, deleteObject, KCM_FIELD_MANAGER, keyOf, omitZero, selectorOf, splitKey, writeStatus,
} from '../workloads/owned.js';
import { hasTrackingFinalizer, JOB_TRACKING_FINALIZER, UPSTREAM_BACKOFF, type BackoffOptions, type Job } from './pods.js';
import { planJob, type JobPlan } from './planner.js';

const ORPHAN = 'orphan-pod|';
/** The spec.managedBy value that means this controller (batch/v1 JobControllerName). */
export const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';

export interface JobControllerOptions {
  batchDelayMs?: number;
  /** Pod failure back-off (upstream 10 s doubling to 10 min); shorter in a simulator. */
  backoff?: BackoffOptions;
}

/** The back-off kubesim uses by default: upstream's shape, a tenth of its delays. */
export const SIMULATED_BACKOFF: BackoffOptions = { baseMs: UPSTREAM_BACKOFF.baseMs / 10, maxMs: UPSTREAM_BACKOFF.maxMs / 10 };

export class JobController extends QueueController {
  private jobs: Strategy;
  private pods: Strategy;
  private delayed: DelayedEnqueuer;
  private recorder: EventRecorder;

  constructor(r: Registry, private readonly o: JobControllerOptions = {}) {
    super(r, { batchDelayMs: o.batchDelayMs, baseDelayMs: 10, maxDelayMs: 5000 });
    this.jobs = r.resource('batch', 'jobs');
    this.pods = r.resource('', 'pods');
    this.recorder = new EventRecorder(r, { component: 'job-controller' });
    this.delayed = new DelayedEnqueuer(r.opts.clock, (k) => this.queue.add(k));
    this.unsubscribers.push(
      r.watch(this.jobs, (ev) => this.queue.add(keyOf(ev.object.obj))),
      r.watch(this.pods, (ev) => this.onPod(ev)),
      () => this.delayed.stop(),
    );
    for (const j of r.list(this.jobs, undefined).items) this.queue.add(keyOf(j.obj));
  }

  private onPod(ev: StoreEvent): void {
    const cur = ev.object.obj;
    const curKey = controllerKey(cur, 'Job');
    const prevKey = controllerKey(ev.prev?.obj, 'Job');
    if (curKey) this.queue.add(curKey);
    if (prevKey) this.queue.add(prevKey);
    if (ev.type !== 'DELETED' && hasTrackingFinalizer(cur)) {
      const owner = controllerKey(cur, 'Job');
      const [ns, name] = owner ? splitKey(owner) : ['', ''];
      const job = owner ? this.r.tryGet(this.jobs, ns, name)?.obj : undefined;
      if (!job || job.metadata.uid !== cur.metadata.ownerReferences?.find((x) => x.controller)?.uid) this.queue.add(ORPHAN + keyOf(cur));
    }
    if (curKey || prevKey || ev.type === 'DELETED' || this.r.count(this.jobs, cur.metadata.namespace ?? '') === 0) return;
    for (const j of this.r.list(this.jobs, cur.metadata.namespace ?? '').items) {
      if (selectorOf((j.obj as Job).spec?.selector).matches(cur.metadata.labels)) this.queue.add(keyOf(j.obj));
    }
  }

  protected sync(k: string): void {
    if (k.startsWith(ORPHAN)) return this.cleanupOrphan(k.slice(ORPHAN.length));
    const [ns, name] = splitKey(k);
    const stored = this.r.tryGet(this.jobs, ns, name);
    if (!stored) {
      this.delayed.forget(k);
      return;
    }
    const job = stored.obj as Job;
    // spec.managedBy: a Job another controller owns is left to it (JobManagedBy).
    const managedBy = (job.spec as Record<string, unknown> | undefined)?.managedBy;
    if (managedBy !== undefined && managedBy !== null && managedBy !== JOB_CONTROLLER_NAME) return;
    const pods = claim(this.r, this.pods, job, 'batch/v1', 'Job', selectorOf(job.spec?.selector), this.r.list(this.pods, ns).items.map((p) => p.obj));
    const plan = planJob({ job, pods, now: this.r.now(), backoff: this.o.backoff ?? SIMULATED_BACKOFF });
    // JobStatus: active, succeeded and failed are omitempty (ready and terminating are pointers: 0 shows).
    const tidy = (st: Record<string, unknown>) => omitZero(st, ['active', 'succeeded', 'failed']);
    const current = plan.interim ? writeStatus(this.r, this.jobs, job, tidy(plan.interim)) : job;
    for (const p of plan.removeFinalizers) this.removeFinalizer(ns, p.name, p.uid);
    this.applyPods(job, plan);
    writeStatus(this.r, this.jobs, current, tidy(plan.status));
    for (const ev of plan.events) {
      if (ev.reason !== 'SuccessfulDelete') this.recorder.record(job, ev.type, ev.reason, ev.message);
    }
    if (plan.requeueAfterMs !== undefined) this.delayed.at(k, this.r.now() + plan.requeueAfterMs);
  }

  private applyPods(job: Job, plan: JobPlan): void {
    const ns = job.metadata.namespace ?? '';
    for (const d of plan.delete) {
      if (deleteObject(this.r, this.pods, ns, d.name, d.uid)) this.recorder.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${d.name}`);
    }
    for (const p of plan.create) {
      try {
        const created = this.r.create(this.pods, ns, p, { fieldManager: KCM_FIELD_MANAGER });
        this.recorder.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.object.metadata.name}`);
      } catch (e) {
        this.recorder.record(job, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`);
        throw e;
      }
    }
  }

  private removeFinalizer(ns: string, name: string, uid: string): void {
    try {
      this.r.mutate(this.pods, ns, name, (o: KObject) => {
        if (o.metadata.uid !== uid) throw new Error('replaced');
        const rest = (o.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
        if (rest.length) o.metadata.finalizers = rest;
        else delete o.metadata.finalizers;
      }, { fieldManager: KCM_FIELD_MANAGER });
    } catch (e) {
      if (isStatusError(e) && e.code === 404) return;
      if (e instanceof Error && e.message === 'replaced') return;
      throw e;
    }
  }

  /** A pod with our finalizer whose Job is gone: nobody will count it, let it go. */
  private cleanupOrphan(k: string): void {
    const [ns, name] = splitKey(k);
    const pod = this.r.tryGet(this.pods, ns, name)?.obj;
    if (!pod || !hasTrackingFinalizer(pod)) return;
    const ref = pod.metadata.ownerReferences?.find((x) => x.controller);
    const job = ref?.kind === 'Job' ? this.r.tryGet(this.jobs, ns, ref.name)?.obj : undefined;
    if (job && job.metadata.uid === ref?.uid) return;
    this.removeFinalizer(ns, name, pod.metadata.uid ?? '');
  }
}
