// External mode: the library handle (url, kubeconfig, apply, reset, settled, close) backed by a
// real cluster instead of an in-process simulator. Each handle owns one fresh namespace: manifests
// without a namespace land there, reset() deletes and recreates it, close() removes it (and any
// namespace the handle's manifests created). apply is server-side apply, as kubectl apply
// --server-side --force-conflicts sends it.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeKubeconfig } from '../kubeconfig.js';
import { applyOrder, manifestObjects, readManifests, ManifestError, type ApplyOptions, type ManifestObject, type Manifests } from '../manifests.js';
import type { KObject } from '../machinery/types.js';
import { ClusterClient, ClusterRequestError } from './http.js';
import { connectionKubeconfig, readKubeconfig } from './kubeconfig.js';
import { unsettled, type NamespaceState } from './settled.js';

export interface ExternalOptions {
  /** Path of the kubeconfig (default $KUBESIM_EXTERNAL_KUBECONFIG). */
  kubeconfig?: string;
  /** The kubeconfig context (default its current-context). */
  context?: string;
  /** Prefix of the handle's namespace (default "kubesim"); a random suffix is added. */
  namespacePrefix?: string;
  load?: string[];
  manifests?: Manifests;
  kubeconfigPath?: string;
}

interface ResourceRef {
  plural: string;
  namespaced: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SETTLE_LIMIT_MS = 30_000;
const PENDING_LIMIT_MS = 10_000;
const NAMESPACE_GONE_LIMIT_MS = 120_000;

function basePath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** The cluster side of an external handle. */
export class ExternalCluster {
  readonly client: ClusterClient;
  readonly namespace: string;
  readonly kubeconfig: string;
  readonly kubeconfigPath: string;
  private kubeconfigDir?: string;
  private discovered = new Map<string, Map<string, ResourceRef>>();
  /** Namespaces this handle's manifests created (besides its own): removed with it. */
  private extraNamespaces = new Set<string>();
  private closed = false;

  constructor(o: ExternalOptions) {
    const path = o.kubeconfig ?? process.env.KUBESIM_EXTERNAL_KUBECONFIG;
    if (!path) throw new Error("external mode needs a kubeconfig: startKubesim({ cluster: 'external', kubeconfig }) or KUBESIM_EXTERNAL_KUBECONFIG");
    const conn = readKubeconfig(path, o.context);
    this.client = new ClusterClient(conn);
    this.namespace = `${o.namespacePrefix ?? 'kubesim'}-${randomBytes(4).toString('hex')}`;
    this.kubeconfig = connectionKubeconfig(conn, this.namespace);
    if (o.kubeconfigPath) this.kubeconfigPath = o.kubeconfigPath;
    else {
      this.kubeconfigDir = mkdtempSync(join(tmpdir(), 'kubesim-external-'));
      this.kubeconfigPath = join(this.kubeconfigDir, 'kubeconfig');
    }
    writeKubeconfig(this.kubeconfigPath, this.kubeconfig);
  }

  get url(): string {
    return this.client.conn.server;
  }

  /** Creates the handle's namespace and applies the start-up manifests. */
  async start(o: ExternalOptions): Promise<void> {
    await this.createNamespace(this.namespace);
    const initial = [...readManifests(o.load ?? []), ...(o.manifests ? manifestObjects(o.manifests) : [])];
    await this.applyObjects(initial, {});
  }

  private async createNamespace(name: string): Promise<void> {
    await this.client.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubesim.io/external-handle': 'true' } } });
  }

  private async resources(apiVersion: string, refresh: boolean): Promise<Map<string, ResourceRef>> {
    let m = this.discovered.get(apiVersion);
    if (m && !refresh) return m;
    m = new Map();
    const res = await this.client.send('GET', basePath(apiVersion));
    if (res.code === 200) {
      for (const r of res.body?.resources ?? []) {
        if (!String(r.name).includes('/')) m.set(r.kind, { plural: r.name, namespaced: r.namespaced === true });
      }
    }
    this.discovered.set(apiVersion, m);
    return m;
  }

  /** The resource of a kind; a kind defined by a CRD applied just before may take a moment to be served. */
  private async resourceOf(item: ManifestObject): Promise<ResourceRef> {
    const { apiVersion, kind } = item.object;
    // Only a group's kinds can come from a CRD just applied; core kinds are known at once.
    const deadline = Date.now() + (apiVersion!.includes('/') ? 10_000 : 0);
    for (let refresh = false; ; refresh = true) {
      const r = (await this.resources(apiVersion!, refresh)).get(kind!);
      if (r) return r;
      if (Date.now() > deadline) throw new ManifestError(item.source, `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`);
      await sleep(200);
    }
  }

  async applyObjects(items: ManifestObject[], o: ApplyOptions): Promise<KObject[]> {
    const out: KObject[] = [];
    for (const item of applyOrder(items)) out.push(await this.applyOne(item, o));
    return out;
  }

  private async applyOne(item: ManifestObject, o: ApplyOptions): Promise<KObject> {
    const obj = structuredClone(item.object);
    // Simulated nodes are the simulator's; on a real cluster a Node object is a machine.
    if (obj.kind === 'Node' && obj.apiVersion === 'v1') {
      throw new ManifestError(item.source, "Node manifests change the cluster's nodes: refused in external mode (only the simulator has simulated nodes)");
    }
    const ref = await this.resourceOf(item);
    const ns = ref.namespaced ? (obj.metadata.namespace || o.namespace || this.namespace) : '';
    if (ref.namespaced) obj.metadata.namespace = ns;
    else delete obj.metadata.namespace;
    const collection = `${basePath(obj.apiVersion!)}${ns ? `/namespaces/${encodeURIComponent(ns)}` : ''}/${ref.plural}`;
    const q = `fieldManager=${encodeURIComponent(o.fieldManager ?? 'kubesim')}&fieldValidation=Strict`;
    try {
      if (obj.kind === 'Namespace' && obj.metadata.name && obj.metadata.name !== this.namespace) {
        const exists = await this.client.send('GET', `/api/v1/namespaces/${encodeURIComponent(obj.metadata.name)}`);
        if (exists.code === 404) this.extraNamespaces.add(obj.metadata.name);
      }
      if (!obj.metadata.name) return await this.client.call('POST', `${collection}?${q}`, obj);
      return await this.client.call('PATCH', `${collection}/${encodeURIComponent(obj.metadata.name)}?${q}&force=true`, obj, 'application/apply-patch+yaml');
    } catch (e) {
      const what = `${obj.kind} ${ns ? `${ns}/` : ''}${obj.metadata.name ?? `${obj.metadata.generateName}*`}`;
      throw new ManifestError(item.source, `${what}: ${e instanceof ClusterRequestError ? (e.status?.message as string) ?? e.message : (e as Error).message}`);
    }
  }

  private async deleteNamespaces(names: string[]): Promise<void> {
    for (const n of names) {
      const res = await this.client.send('DELETE', `/api/v1/namespaces/${encodeURIComponent(n)}`);
      if (res.code >= 300 && res.code !== 404) throw new ClusterRequestError(res.code, res.body?.reason, `deleting namespace ${n}: ${res.body?.message ?? res.code}`);
    }
    const deadline = Date.now() + NAMESPACE_GONE_LIMIT_MS;
    for (const n of names) {
      while ((await this.client.send('GET', `/api/v1/namespaces/${encodeURIComponent(n)}`)).code !== 404) {
        if (Date.now() > deadline) throw new Error(`namespace ${n} was not removed within ${NAMESPACE_GONE_LIMIT_MS / 1000} s`);
        await sleep(100);
      }
    }
  }

  async reset(): Promise<void> {
    await this.deleteNamespaces([this.namespace, ...this.extraNamespaces]);
    this.extraNamespaces.clear();
    await this.createNamespace(this.namespace);
  }

  private async state(): Promise<NamespaceState> {
    const nss = [this.namespace, ...this.extraNamespaces];
    const st: NamespaceState = { services: [], pods: [], slices: [] };
    for (const ns of nss) {
      const p = `/namespaces/${encodeURIComponent(ns)}`;
      const [svcs, pods, slices] = await Promise.all([
        this.client.call('GET', `/api/v1${p}/services`),
        this.client.call('GET', `/api/v1${p}/pods`),
        this.client.call('GET', `/apis/discovery.k8s.io/v1${p}/endpointslices`),
      ]);
      // Services of one namespace only see their own slices: keep them apart by namespace.
      st.services.push(...svcs.items.map((s: any) => ({ ...s, metadata: { ...s.metadata, name: `${ns}/${s.metadata.name}` } })));
      st.pods.push(...pods.items);
      for (const s of slices.items) {
        const name = s.metadata?.labels?.['kubernetes.io/service-name'];
        if (name) st.slices.push({ ...s, metadata: { ...s.metadata, labels: { ...s.metadata.labels, 'kubernetes.io/service-name': `${ns}/${name}` } } });
      }
    }
    return st;
  }

  async settled(): Promise<void> {
    const start = Date.now();
    let quietOnce = false;
    let why: string | undefined;
    while (Date.now() - start < SETTLE_LIMIT_MS) {
      why = unsettled(await this.state(), Date.now() - start < PENDING_LIMIT_MS);
      if (!why && quietOnce) return;
      quietOnce = !why;
      await sleep(why ? 100 : 50);
    }
    throw new Error(`the cluster did not settle within ${SETTLE_LIMIT_MS / 1000} s: ${why}`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.deleteNamespaces([this.namespace, ...this.extraNamespaces]);
    } finally {
      this.client.close();
      if (this.kubeconfigDir) rmSync(this.kubeconfigDir, { recursive: true, force: true });
    }
  }
}
