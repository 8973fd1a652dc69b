// A tiny in-memory cluster for the StatefulSet planner: applies a plan the way the controller's
// applier and the API would (pods get a uid and phase Pending, deletes leave pods terminating
// until finishDeletes()), so tests can step a set through many syncs without a registry.
import type { KObject } from '../../../src/machinery/types.js';
import { planStatefulSet, type StatefulSetPlan } from '../../../src/controllers/statefulset/planner.js';
import type { StatefulSet } from '../../../src/controllers/statefulset/pods.js';
import type { ControllerRevision } from '../../../src/controllers/workloads/history.js';

type J = Record<string, any>;
export const T0 = Date.parse('2026-01-01T00:00:00Z');

export function statefulSet(spec: J = {}, name = 'db'): StatefulSet {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: {
      replicas: 3, serviceName: 'db', selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } },
      ...spec,
    },
    status: {},
  };
}

export class World {
  pods = new Map<string, KObject>();
  revisions: ControllerRevision[] = [];
  now = T0;
  private uid = 0;
  last?: StatefulSetPlan;

  constructor(public set: StatefulSet) {}

  sync(): StatefulSetPlan {
    const plan = planStatefulSet({ set: this.set, pods: [...this.pods.values()], revisions: this.revisions, now: this.now });
    this.apply(plan);
    this.last = plan;
    return plan;
  }

  apply(plan: StatefulSetPlan): void {
    if (plan.revision.create) this.revisions.push({ ...plan.revision.create, metadata: { ...plan.revision.create.metadata, uid: `rev-${++this.uid}` } });
    if (plan.revision.renumber) {
      const r = this.revisions.find((x) => x.metadata.name === plan.revision.renumber!.name)!;
      r.revision = plan.revision.renumber.revision;
    }
    for (const p of plan.create) {
      this.pods.set(p.metadata.name!, { ...p, metadata: { ...p.metadata, uid: `pod-${++this.uid}` }, status: { phase: 'Pending' } });
    }
    for (const d of plan.delete) {
      const p = this.pods.get(d.name);
      if (p) p.metadata.deletionTimestamp = new Date(this.now).toISOString();
    }
    for (const r of plan.relabel) {
      const p = this.pods.get(r.name)!;
      p.metadata.labels = { ...p.metadata.labels, ...r.labels };
    }
    const pruned = new Set(plan.prune.map((r) => r.metadata.name));
    this.revisions = this.revisions.filter((r) => !pruned.has(r.metadata.name));
    this.set = { ...this.set, status: { ...plan.status } };
  }

  ready(name: string, ready = true): void {
    const p = this.pods.get(name)!;
    p.status = {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date(this.now).toISOString() }],
    };
  }

  readyAll(): void {
    for (const [name, p] of this.pods) if (!p.metadata.deletionTimestamp) this.ready(name);
  }

  finishDeletes(): void {
    for (const [name, p] of this.pods) if (p.metadata.deletionTimestamp) this.pods.delete(name);
  }

  /** Syncs, makes every pod ready and lets deletions finish, until a sync changes nothing. */
  converge(max = 50): void {
    for (let i = 0; i < max; i++) {
      const plan = this.sync();
      this.readyAll();
      this.finishDeletes();
      if (!plan.create.length && !plan.delete.length && !plan.revision.create && !plan.revision.renumber) {
        if (i > 0 && this.sync().create.length === 0) return;
      }
    }
  }

  names(): string[] {
    return [...this.pods.keys()].sort();
  }

  setSpec(spec: J): void {
    this.set = { ...this.set, metadata: { ...this.set.metadata, generation: (this.set.metadata.generation ?? 1) + 1 }, spec: { ...this.set.spec, ...spec } };
  }
}
