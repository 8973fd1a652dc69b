// Events as the real components record them: the scheduler as "default-scheduler", each node's
// kubelet as "kubelet" with the node as host and reporting instance, so `kubectl describe pod`
// reads like a real cluster's. Recording goes through the shared recorder (best effort, aggregated).
import { EventRecorder } from '../controllers/recorder.js';
import type { KObject } from '../machinery/types.js';
import type { Registry } from '../registry/registry.js';
import { SCHEDULER_NAME } from './options.js';
import type { StageEvent } from './stages.js';

export class SimulatorEvents {
  private scheduler: EventRecorder;
  private kubelets = new Map<string, EventRecorder>();

  constructor(private readonly r: Registry, private readonly enabled: boolean) {
    this.scheduler = new EventRecorder(r, { component: SCHEDULER_NAME });
  }

  record(pod: KObject, events: readonly StageEvent[]): void {
    if (!this.enabled || events.length === 0) return;
    const host = String((pod.spec as Record<string, unknown> | undefined)?.nodeName ?? '');
    const ref = pod.apiVersion !== undefined && pod.kind !== undefined ? pod : { ...pod, apiVersion: pod.apiVersion ?? 'v1', kind: pod.kind ?? 'Pod' };
    for (const e of events) {
      const rec = e.component === 'kubelet' ? this.kubelet(host) : this.scheduler;
      rec.record(ref, e.type, e.reason, e.message, e.fieldPath);
    }
  }

  private kubelet(host: string): EventRecorder {
    let rec = this.kubelets.get(host);
    if (!rec) {
      rec = new EventRecorder(this.r, host ? { component: 'kubelet', host } : { component: 'kubelet' });
      this.kubelets.set(host, rec);
    }
    return rec;
  }
}
