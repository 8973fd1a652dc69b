// Pieces of the soak (load/soak.ts): an informer-like watcher, the load loops, and the SVG plot.

export interface Api {
  url: string;
  call(method: string, path: string, body?: unknown, contentType?: string): Promise<{ code: number; body: any }>;
}

export function api(url: string): Api {
  return {
    url,
    async call(method, path, body, contentType = 'application/json') {
      const res = await fetch(`${url}${path}`, {
        method, headers: body === undefined ? {} : { 'content-type': contentType },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { code: res.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface WatchStats {
  events: number;
  reconnects: number;
  relists: number;
  /** Events at or below the resourceVersion already seen: a duplicated or reordered delivery. */
  outOfOrder: number;
}

/**
 * An informer in miniature: LIST, then WATCH from the list's resourceVersion with bookmarks and a
 * random timeout; when the stream ends it watches again from the last resourceVersion seen, and
 * relists on 410 Expired (or when the server cut it off for not reading).
 */
export class Watcher {
  readonly view = new Map<string, string>();
  readonly stats: WatchStats = { events: 0, reconnects: 0, relists: 0, outOfOrder: 0 };
  private rv = '';
  private stopped = false;
  private abort?: AbortController;
  private done?: Promise<void>;

  constructor(private readonly a: Api, readonly path: string, private readonly rand: () => number) {}

  start(): void {
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    await this.done;
  }

  private async relist(): Promise<void> {
    const list = await this.a.call('GET', this.path);
    this.view.clear();
    for (const o of list.body.items) this.view.set(o.metadata.name, o.metadata.resourceVersion);
    this.rv = list.body.metadata.resourceVersion;
  }

  private async loop(): Promise<void> {
    await this.relist();
    while (!this.stopped) {
      const timeout = 15 + Math.floor(this.rand() * 45);
      this.abort = new AbortController();
      let expired = false;
      try {
        const res = await fetch(`${this.a.url}${this.path}?watch=true&allowWatchBookmarks=true&resourceVersion=${this.rv}&timeoutSeconds=${timeout}`,
          { signal: this.abort.signal });
        expired = await this.consume(res);
      } catch {
        // Aborted by stop(), or the server closed a watcher that fell behind: resume or relist.
      }
      if (this.stopped) return;
      if (expired) {
        this.stats.relists++;
        await this.relist();
      } else this.stats.reconnects++;
    }
  }

  /** Reads one watch stream to its end; true when it ended with 410 Expired. */
  private async consume(res: Response): Promise<boolean> {
    const decoder = new TextDecoder();
    let buf = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buf += decoder.decode(chunk, { stream: true });
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const ev = JSON.parse(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        if (ev.type === 'ERROR') return ev.object.code === 410;
        const rv = ev.object.metadata.resourceVersion as string;
        if (ev.type !== 'BOOKMARK') {
          this.stats.events++;
          if (Number(rv) <= Number(this.rv)) this.stats.outOfOrder++;
          if (ev.type === 'DELETED') this.view.delete(ev.object.metadata.name);
          else this.view.set(ev.object.metadata.name, rv);
        }
        this.rv = rv;
      }
    }
    return false;
  }
}

/** Differences between a watcher's view and a LIST of the same collection. */
export function viewDiff(view: Map<string, string>, items: { metadata: { name: string; resourceVersion: string } }[]): string[] {
  const out: string[] = [];
  const listed = new Map(items.map((o) => [o.metadata.name, o.metadata.resourceVersion]));
  for (const [n, rv] of listed) if (view.get(n) !== rv) out.push(`${n}: list ${rv}, view ${view.get(n) ?? 'missing'}`);
  for (const n of view.keys()) if (!listed.has(n)) out.push(`${n}: in view, not listed`);
  return out;
}

// ---- plot ----

export interface Sample { t: number; rss: number; heap: number; lagP99: number; lagMax: number }

export interface Phase { t: number; label: string }

/** A self-contained SVG: RSS and heap (MiB, left axis) and event-loop lag p99 (ms, right axis) over time. */
export function plot(samples: Sample[], phases: Phase[], title: string): string {
  const W = 900;
  const H = 360;
  const L = 60;
  const R = 60;
  const T = 40;
  const B = 40;
  const tMax = Math.max(1, ...samples.map((s) => s.t));
  const mMax = Math.max(1, ...samples.map((s) => s.rss / 2 ** 20)) * 1.1;
  const lMax = Math.max(10, ...samples.map((s) => s.lagP99)) * 1.1;
  const x = (t: number) => L + (t / tMax) * (W - L - R);
  const yM = (v: number) => H - B - (v / mMax) * (H - T - B);
  const yL = (v: number) => H - B - (v / lMax) * (H - T - B);
  const line = (pts: [number, number][], color: string) =>
    `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>`;
  const ticks: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const v = (mMax * i) / 4;
    const lv = (lMax * i) / 4;
    ticks.push(`<text x="${L - 6}" y="${yM(v) + 4}" text-anchor="end">${v.toFixed(0)}</text>`);
    ticks.push(`<text x="${W - R + 6}" y="${yL(lv) + 4}">${lv.toFixed(0)}</text>`);
    ticks.push(`<line x1="${L}" x2="${W - R}" y1="${yM(v)}" y2="${yM(v)}" stroke="#eee"/>`);
  }
  for (let i = 0; i <= 5; i++) {
    const t = (tMax * i) / 5;
    ticks.push(`<text x="${x(t)}" y="${H - B + 16}" text-anchor="middle">${(t / 60).toFixed(1)} min</text>`);
  }
  const marks = phases.map((p) => `<line x1="${x(p.t)}" x2="${x(p.t)}" y1="${T}" y2="${H - B}" stroke="#999" stroke-dasharray="4 3"/>` +
    `<text x="${x(p.t) + 3}" y="${T + 12}" fill="#555">${p.label}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${L}" y="20" font-size="13">${title}</text>`,
    ...ticks, ...marks,
    line(samples.map((s) => [x(s.t), yM(s.rss / 2 ** 20)]), '#1f77b4'),
    line(samples.map((s) => [x(s.t), yM(s.heap / 2 ** 20)]), '#2ca02c'),
    line(samples.map((s) => [x(s.t), yL(s.lagP99)]), '#d62728'),
    `<text x="${L + 10}" y="${H - 6}" fill="#1f77b4">RSS (MiB)</text>`,
    `<text x="${L + 90}" y="${H - 6}" fill="#2ca02c">heap used (MiB)</text>`,
    `<text x="${L + 200}" y="${H - 6}" fill="#d62728">event-loop lag p99 (ms, right axis)</text>`,
    '</svg>', '',
  ].join('\n');
}
