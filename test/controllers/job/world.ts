// An in-memory cluster for the Job planner: applies plans as the applier and the API would (pods
// named from generateName, deletes leave pods terminating while they hold finalizers).
import type { KObject } from '../../../src/machinery/types.js';
import { planJob, type JobPlan } from '../../../src/controllers/job/planner.js';
import type { Job } from '../../../src/controllers/job/pods.js';

type J = Record<string, any>;
export const T0 = Date.parse('2026-01-01T00:00:00Z');
export const BACKOFF = { baseMs: 10_000, maxMs: 600_000 };
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export function job(spec: J = {}, name = 'pi'): Job {
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1, creationTimestamp: iso(T0) },
    spec: {
      parallelism: 1, completions: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': `uid-${name}` } },
      template: { metadata: { labels: { 'batch.kubernetes.io/controller-uid': `uid-${name}` } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'perl' }] } },
      ...spec,
    },
    status: {},
  };
}

export class World {
  pods = new Map<string, KObject>();
  now = T0;
  private n = 0;
  last!: JobPlan;

  constructor(public job: Job) {}

  sync(): JobPlan {
    const plan = planJob({ job: this.job, pods: [...this.pods.values()], now: this.now, backoff: BACKOFF });
    for (const p of plan.create) {
      const name = `${p.metadata.generateName}${String(++this.n).padStart(5, 'x')}`;
      this.pods.set(name, { ...p, metadata: { ...p.metadata, name, uid: `pod-${this.n}`, creationTimestamp: iso(this.now) }, status: { phase: 'Pending' } });
    }
    for (const d of plan.delete) {
      const p = this.pods.get(d.name);
      if (p) p.metadata.deletionTimestamp = iso(this.now);
    }
    for (const r of plan.removeFinalizers) {
      const p = this.pods.get(r.name);
      if (p) p.metadata.finalizers = (p.metadata.finalizers ?? []).filter((f) => f !== 'batch.kubernetes.io/job-tracking');
    }
    this.job = { ...this.job, status: plan.status };
    this.last = plan;
    return plan;
  }

  /** Pod names in creation order. */
  names(filter: (p: KObject) => boolean = () => true): string[] {
    return [...this.pods.values()].filter(filter).map((p) => p.metadata.name!);
  }

  run(name: string): void {
    this.pods.get(name)!.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
  }

  finish(name: string, phase: 'Succeeded' | 'Failed'): void {
    this.pods.get(name)!.status = {
      phase, conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [{ name: 'c', state: { terminated: { exitCode: phase === 'Succeeded' ? 0 : 1, finishedAt: iso(this.now) } } }],
    };
  }

  /** Terminating pods without finalizers disappear (the kubelet and apiserver finish them). */
  finishDeletes(): void {
    for (const [name, p] of this.pods) if (p.metadata.deletionTimestamp && !p.metadata.finalizers?.length) this.pods.delete(name);
  }

  setSpec(spec: J): void {
    this.job = { ...this.job, spec: { ...this.job.spec, ...spec } };
  }

  cond(type: string): J | undefined {
    return ((this.job.status?.conditions ?? []) as J[]).find((c) => c.type === type);
  }
}
