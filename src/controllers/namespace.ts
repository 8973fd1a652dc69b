// The namespace controller: a namespace being deleted has its content deleted, then its
// "kubernetes" finalizer removed through /finalize, after which the registry removes it.
import type { Registry } from '../registry/registry.js';
import type { StoreEvent } from '../storage/store.js';
import { QueueController } from './base.js';

export const NAMESPACE_FINALIZER = 'kubernetes';

export class NamespaceController extends QueueController {

  constructor(r: Registry) {
    super(r, { baseDelayMs: 20, maxDelayMs: 500 });
    this.unsubscribers.push(r.watchAll((ev) => this.onEvent(ev)));
    const nsS = r.resource('', 'namespaces');
    for (const o of r.list(nsS, undefined).items) if (o.obj.metadata.deletionTimestamp) this.queue.add(o.obj.metadata.name ?? '');
  }

  private onEvent(ev: StoreEvent): void {
    const m = ev.object.obj.metadata;
    if (ev.resource === 'namespaces') {
      if (m.deletionTimestamp && ev.type !== 'DELETED') this.queue.add(m.name ?? '');
    } else if (ev.type === 'DELETED' && m.namespace) {
      const nsObj = this.r.tryGet(this.r.resource('', 'namespaces'), '', m.namespace);
      if (nsObj?.obj.metadata.deletionTimestamp) this.queue.add(m.namespace);
    }
  }

  protected sync(name: string): void {
    const nsS = this.r.resource('', 'namespaces');
    const ns = this.r.tryGet(nsS, '', name);
    if (!ns?.obj.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const s of this.r.strategies()) {
      if (!s.info.namespaced || s.view) continue;
      const items = this.r.list(s, name).items;
      remaining += items.length;
      for (const it of items) {
        if (it.obj.metadata.deletionTimestamp) continue;
        try {
          this.r.delete(s, name, it.obj.metadata.name ?? '', { propagationPolicy: 'Background' });
        } catch (e) {
          if ((e as { code?: number }).code !== 404) throw e;
        }
      }
    }
    if (remaining > 0 && this.anyLeft(name)) throw new Error(`namespace ${name} still has content`);
    const spec = (ns.obj.spec ?? {}) as { finalizers?: string[] };
    if (!(spec.finalizers ?? []).includes(NAMESPACE_FINALIZER)) return;
    this.r.mutate(nsS, '', name, (o) => {
      const sp = (o.spec ?? {}) as { finalizers?: string[] };
      sp.finalizers = (sp.finalizers ?? []).filter((f) => f !== NAMESPACE_FINALIZER);
      o.spec = sp;
    }, { subresource: 'finalize' });
  }

  private anyLeft(name: string): boolean {
    return this.r.strategies().some((s) => s.info.namespaced && !s.view && this.r.list(s, name).items.length > 0);
  }



}
