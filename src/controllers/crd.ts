// The CustomResourceDefinition controllers of apiextensions-apiserver, as one loop: the naming
// controller (names accepted unless another definition holds them), the establishing controller
// (Established once the API is served), the API itself (the custom kinds registered with the
// registry, their OpenAPI documents published) and the finalizer controller (on deletion every
// instance goes before the cleanup finalizer is released; then the API stops being served).
import { openAPIDocumentFor } from '../crd/index.js';
import type { KObject } from '../machinery/types.js';
import { customResourceKinds } from '../registry/kinds/custom-resources.js';
import { CRD_CLEANUP_FINALIZER, namesOf, setCRDCondition } from '../registry/kinds/customresourcedefinitions.js';
import type { Registry } from '../registry/registry.js';
import type { DynamicOpenAPIDocs } from '../registry/schema.js';
import type { Strategy } from '../registry/strategy.js';
import { QueueController } from './base.js';

type J = Record<string, any>;

interface Served {
  /** The CRD's uid and generation the kinds were built from (status writes do not rebuild them). */
  version: string;
  kinds: Strategy[];
  /** The store key of its objects (group/plural). */
  storeKey: string;
  groupVersions: string[];
}

export class CRDController extends QueueController {
  private served = new Map<string, Served>();
  private crds: Strategy;

  constructor(r: Registry, private readonly openapi?: DynamicOpenAPIDocs) {
    super(r, { baseDelayMs: 20, maxDelayMs: 1000 });
    this.crds = r.resource('apiextensions.k8s.io', 'customresourcedefinitions');
    this.unsubscribers.push(r.watch(this.crds, (ev) => {
      // The API is served as soon as the definition is stored (the status follows from the queue),
      // so a manifest holding a CRD and then its instances applies in one go.
      const crd = ev.object.obj as J;
      try {
        if (ev.type !== 'DELETED' && !crd.metadata.deletionTimestamp && !this.nameConflict(crd)) this.serve(crd);
      } catch {
        // The write that stored the definition stands; the queue's sync retries serving it.
      }
      this.queue.add(crd.metadata.name ?? '');
    }));
    for (const o of r.list(this.crds, undefined).items) this.queue.add(o.obj.metadata.name ?? '');
  }

  protected sync(name: string): void {
    const crd = this.r.tryGet(this.crds, '', name)?.obj as J | undefined;
    if (!crd) {
      this.stopServing(name);
      return;
    }
    if (crd.metadata.deletionTimestamp) {
      this.finalize(crd);
      return;
    }
    const conflict = this.nameConflict(crd);
    if (conflict) {
      this.writeStatus(name, (o) => setCRDCondition(o, { type: 'NamesAccepted', status: 'False', reason: 'NotAccepted', message: conflict }, this.r.now()));
      return;
    }
    this.serve(crd);
    this.writeStatus(name, (o) => {
      const now = this.r.now();
      (o.status as J).acceptedNames = namesOf(o);
      setCRDCondition(o, { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' }, now);
      setCRDCondition(o, { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }, now);
    });
  }

  /** Another served kind of the same group already uses this plural or kind (the naming controller's check). */
  private nameConflict(crd: J): string | undefined {
    const { group } = crd.spec;
    const names = crd.spec.names ?? {};
    const mine = new Set(this.served.get(crd.metadata.name)?.kinds ?? []);
    for (const s of this.r.strategies()) {
      if (s.info.group !== group || mine.has(s)) continue;
      if (s.info.resource === names.plural) return `"${names.plural}" is already in use`;
      if (s.info.kind === names.kind) return `"${names.kind}" is already in use`;
    }
    return undefined;
  }

  /** Registers the CRD's kinds (again, when the definition changed) and publishes their OpenAPI. */
  private serve(crd: J): void {
    const name = crd.metadata.name as string;
    const cur = this.served.get(name);
    const version = `${crd.metadata.uid}/${crd.metadata.generation}`;
    if (cur?.version === version) return;
    const kinds = customResourceKinds(crd);
    for (const k of cur?.kinds ?? []) if (!kinds.some((n) => n.info.version === k.info.version)) this.r.unregister(k);
    for (const k of kinds) this.r.register(k);
    const gvs = kinds.map((k) => `${k.info.group}/${k.info.version}`);
    this.served.set(name, { version, kinds, storeKey: `${crd.spec.group}/${crd.spec.names.plural}`, groupVersions: gvs });
    this.publish(new Set([...gvs, ...(cur?.groupVersions ?? [])]));
  }

  private stopServing(name: string): void {
    const cur = this.served.get(name);
    if (!cur) return;
    this.served.delete(name);
    for (const k of cur.kinds) this.r.unregister(k);
    this.publish(new Set(cur.groupVersions));
  }

  /**
   * Republishes the OpenAPI document of each group-version from the CRDs that serve it now. The
   * document is built when first asked for, so applying many CRDs at once builds each one once.
   */
  private publish(gvs: Set<string>): void {
    if (!this.openapi) return;
    for (const gv of gvs) {
      const [group, version] = gv.split('/');
      const serving = () => this.r.list(this.crds, undefined).items.map((o) => o.obj as J).filter((c) =>
        this.served.has(c.metadata.name) && c.spec.group === group && (c.spec.versions as J[]).some((v) => v.name === version && v.served));
      const any = [...this.served.values()].some((s) => s.groupVersions.includes(gv));
      this.openapi.setDocument(`apis/${gv}`, any ? () => openAPIDocumentFor(group, version, serving()) : undefined);
    }
  }

  /** Deletion: every instance is deleted; once none is left the cleanup finalizer goes. */
  private finalize(crd: J): void {
    const name = crd.metadata.name as string;
    if (!(crd.metadata.finalizers ?? []).includes(CRD_CLEANUP_FINALIZER)) return;
    const storage = this.served.get(name)?.kinds.find((k) => !k.view) ?? this.served.get(name)?.kinds[0];
    let remaining = 0;
    if (storage) {
      this.writeStatus(name, (o) => setCRDCondition(o, {
        type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress',
      }, this.r.now()));
      const items = this.r.list(storage, undefined).items;
      remaining = items.length;
      for (const it of items) {
        if (it.obj.metadata.deletionTimestamp) continue;
        try {
          this.r.delete(storage, it.obj.metadata.namespace ?? '', it.obj.metadata.name ?? '', {});
        } catch (e) {
          if ((e as { code?: number }).code !== 404) throw e;
        }
      }
      remaining = this.r.list(storage, undefined).items.length;
    }
    // Instances with finalizers of their own hold the definition until they are gone.
    if (remaining > 0) throw new Error(`${remaining} instances of ${name} remain`);
    this.writeStatus(name, (o) => setCRDCondition(o, {
      type: 'Terminating', status: 'False', reason: 'InstanceDeletionCompleted', message: 'removed all instances',
    }, this.r.now()));
    this.r.mutate(this.crds, '', name, (o) => {
      o.metadata.finalizers = (o.metadata.finalizers ?? []).filter((f) => f !== CRD_CLEANUP_FINALIZER);
    }, { fieldManager: 'kube-apiserver' });
  }

  private writeStatus(name: string, fn: (o: KObject) => void): void {
    this.r.mutate(this.crds, '', name, (o) => {
      o.status ??= {};
      fn(o);
    }, { subresource: 'status', fieldManager: 'kube-apiserver' });
  }
}
