// Watches every EndpointSlice of a cluster, informer-style (LIST, then WATCH from its
// resourceVersion; re-watch from the last one seen if the stream ends, re-list on 410), and keeps
// the number of ready endpoints per Service. Resolves `converged` at the first moment every expected
// Service has exactly its expected count.
import http from 'node:http';
import type { Client } from './client.js';

interface Slice {
  metadata: { namespace: string; name: string; resourceVersion: string; labels?: Record<string, string> };
  endpoints?: { conditions?: { ready?: boolean } }[];
}

interface SliceList {
  metadata: { resourceVersion: string; continue?: string };
  items: Slice[];
}

const PATH = '/apis/discovery.k8s.io/v1/endpointslices';

export class SliceWatch {
  /** Ready endpoints per slice (ns/name) and the Service it belongs to. */
  private readonly slices = new Map<string, { svc: string; ready: number }>();
  private readonly perService = new Map<string, number>();
  private done = 0;
  private rv = '';
  private req?: http.ClientRequest;
  private closed = false;
  private resolveConverged!: (at: number) => void;
  /** performance.now() when every Service first held `want` ready endpoints. */
  readonly converged: Promise<number>;
  events = 0;
  rewatches = 0;

  constructor(private readonly client: Client, private readonly url: string, private readonly services: number, private readonly want: number) {
    this.converged = new Promise((r) => (this.resolveConverged = r));
  }

  /** Services holding `want` ready endpoints right now. */
  get ready(): number {
    return this.done;
  }

  async start(): Promise<void> {
    await this.relist();
    this.watch();
  }

  private async relist(): Promise<void> {
    this.slices.clear();
    this.perService.clear();
    this.done = 0;
    let cont = '';
    do {
      const page = await this.client.getJSON<SliceList>(`${PATH}?limit=1000${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
      for (const s of page.items) this.apply('ADDED', s);
      this.rv = page.metadata.resourceVersion;
      cont = page.metadata.continue ?? '';
    } while (cont);
  }

  private apply(type: string, s: Slice): void {
    const key = `${s.metadata.namespace}/${s.metadata.name}`;
    const svcName = s.metadata.labels?.['kubernetes.io/service-name'];
    const old = this.slices.get(key);
    if (type === 'DELETED' || !svcName) {
      this.slices.delete(key);
      if (old) this.add(old.svc, -old.ready);
      return;
    }
    const svc = `${s.metadata.namespace}/${svcName}`;
    let ready = 0;
    for (const e of s.endpoints ?? []) if (e.conditions?.ready === true) ready++;
    this.slices.set(key, { svc, ready });
    // One step per event, so no passing state between the old and the new count is seen.
    if (old && old.svc === svc) return this.add(svc, ready - old.ready);
    if (old) this.add(old.svc, -old.ready);
    this.add(svc, ready);
  }

  private add(svc: string, d: number): void {
    if (d === 0 && this.perService.has(svc)) return;
    const before = this.perService.get(svc) ?? 0;
    const after = before + d;
    this.perService.set(svc, after);
    if (before === this.want) this.done--;
    if (after === this.want) this.done++;
    if (this.done === this.services) this.resolveConverged(performance.now());
  }

  private watch(): void {
    if (this.closed) return;
    const u = new URL(this.url);
    const path = `${PATH}?watch=1&allowWatchBookmarks=true&resourceVersion=${this.rv}`;
    const again = (relist: boolean) => {
      this.req = undefined;
      if (this.closed) return;
      this.rewatches++;
      void (relist ? this.relist() : Promise.resolve()).then(() => this.watch(), () => setTimeout(() => again(true), 500));
    };
    const req = http.get({ host: u.hostname, port: u.port, path, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return again(true);
      }
      res.setEncoding('utf8');
      let buf = '';
      let gone = false;
      res.on('data', (d: string) => {
        buf += d;
        let start = 0;
        let nl: number;
        while ((nl = buf.indexOf('\n', start)) >= 0) {
          const ev = JSON.parse(buf.slice(start, nl)) as { type: string; object: Slice & { code?: number } };
          start = nl + 1;
          if (ev.type === 'ERROR') {
            gone = ev.object.code === 410;
            continue;
          }
          this.rv = ev.object.metadata.resourceVersion;
          if (ev.type === 'BOOKMARK') continue;
          this.events++;
          this.apply(ev.type, ev.object);
        }
        buf = buf.slice(start);
      });
      res.on('end', () => again(gone));
      res.on('error', () => again(gone));
    });
    req.on('error', () => {
      if (!this.closed) setTimeout(() => again(false), 200);
    });
    this.req = req;
  }

  close(): void {
    this.closed = true;
    this.req?.destroy();
  }
}

/** A LIST of every slice (paged), counting ready endpoints per Service: how many hold exactly `want`. */
export async function countReadyByList(client: Client, want: number): Promise<{ services: number; exact: number; slices: number; endpoints: number }> {
  const per = new Map<string, number>();
  let slices = 0;
  let endpoints = 0;
  let cont = '';
  do {
    const page = await client.getJSON<SliceList>(`${PATH}?limit=1000${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
    for (const s of page.items) {
      slices++;
      const svc = `${s.metadata.namespace}/${s.metadata.labels?.['kubernetes.io/service-name']}`;
      let ready = 0;
      for (const e of s.endpoints ?? []) if (e.conditions?.ready === true) ready++;
      endpoints += ready;
      per.set(svc, (per.get(svc) ?? 0) + ready);
    }
    cont = page.metadata.continue ?? '';
  } while (cont);
  let exact = 0;
  for (const n of per.values()) if (n === want) exact++;
  return { services: per.size, exact, slices, endpoints };
}
