// An in-memory cluster for the DaemonSet planner: applies plans as the applier and the API would
// (pods named and given a uid, deletes leave pods terminating until finishDeletes()).
import type { KObject } from '../../../src/machinery/types.js';
import { nextBackoff, planDaemonSet, type BackoffEntry, type DaemonSet, type DaemonSetPlan } from '../../../src/controllers/daemonset/planner.js';
import { targetNode } from '../../../src/controllers/daemonset/nodes.js';
import type { ControllerRevision } from '../../../src/controllers/workloads/history.js';

type J = Record<string, any>;
export const T0 = Date.parse('2026-01-01T00:00:00Z');
export const iso = (ms: number) => new Date(ms).toISOString();

export const node = (name: string, extra: { labels?: Record<string, string>; taints?: J[]; ready?: boolean; unschedulable?: boolean } = {}): KObject => ({
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...extra.labels } },
  spec: { ...(extra.taints ? { taints: extra.taints } : {}), ...(extra.unschedulable ? { unschedulable: true } : {}) },
  status: { conditions: [{ type: 'Ready', status: extra.ready === false ? 'False' : 'True' }] },
});

export function daemonSet(spec: J = {}, podSpec: J = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'kube-system', uid: 'uid-agent', generation: 1 },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'agent:1' }], ...podSpec } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      ...spec,
    },
    status: {},
  };
}

export class World {
  pods = new Map<string, KObject>();
  revisions: ControllerRevision[] = [];
  now = T0;
  private n = 0;
  last!: DaemonSetPlan;
  backoff = new Map<string, BackoffEntry>();
  constructor(public ds: DaemonSet, public nodes: KObject[]) {}

  sync(): DaemonSetPlan {
    const plan = planDaemonSet({ ds: this.ds, nodes: this.nodes, pods: [...this.pods.values()], revisions: this.revisions, now: this.now, failedBackoff: this.backoff });
    for (const n of plan.backoffNodes) this.backoff.set(n, nextBackoff(this.backoff.get(n), this.now));
    if (plan.revision.create) this.revisions.push(plan.revision.create);
    if (plan.revision.renumber) this.revisions.find((r) => r.metadata.name === plan.revision.renumber!.name)!.revision = plan.revision.renumber.revision;
    const pruned = new Set(plan.prune.map((r) => r.metadata.name));
    this.revisions = this.revisions.filter((r) => !pruned.has(r.metadata.name));
    for (const p of plan.create) {
      const name = `agent-${++this.n}`;
      this.pods.set(name, { ...p, metadata: { ...p.metadata, name, uid: `u${this.n}`, creationTimestamp: iso(this.now + this.n) }, status: { phase: 'Pending' } });
    }
    for (const d of plan.delete) {
      const p = this.pods.get(d.name);
      if (p) p.metadata.deletionTimestamp = iso(this.now);
    }
    this.ds = { ...this.ds, status: plan.status };
    this.last = plan;
    return plan;
  }
  readyAll(): void {
    for (const p of this.pods.values()) {
      if (!p.metadata.deletionTimestamp && (p.status as J).phase === 'Pending') {
        p.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: iso(this.now) }] };
      }
    }
  }
  finishDeletes(): void {
    for (const [k, p] of this.pods) if (p.metadata.deletionTimestamp) this.pods.delete(k);
  }
  /** Syncs, readies pods and finishes deletions until two syncs in a row change nothing. */
  converge(): void {
    let quiet = 0;
    for (let i = 0; i < 30 && quiet < 2; i++) {
      const plan = this.sync();
      this.readyAll();
      this.finishDeletes();
      quiet = !plan.create.length && !plan.delete.length ? quiet + 1 : 0;
    }
  }
  byNode(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const p of this.pods.values()) (out[targetNode(p)!] ??= []).push(p.metadata.name!);
    return out;
  }
  setTemplate(image: string): void {
    const t = structuredClone(this.ds.spec!.template!);
    (t.spec as J).containers[0].image = image;
    this.ds = { ...this.ds, metadata: { ...this.ds.metadata, generation: (this.ds.metadata.generation ?? 1) + 1 }, spec: { ...this.ds.spec, template: t } };
  }
}

