// Small HTTP helpers for talking to kubesim the way raw clients do: JSON requests and line-framed
// watch streams read off a plain node:http response (so a test can also stop reading).
import http from 'node:http';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Sent verbatim when a string or Buffer; JSON-encoded otherwise. */
  contentType?: string;
  accept?: string;
  headers?: Record<string, string>;
}

export async function request<T = any>(base: string, path: string, o: RequestOptions = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { Accept: o.accept ?? 'application/json', ...o.headers };
  let body: string | ArrayBuffer | undefined;
  if (o.body !== undefined) {
    body = typeof o.body === 'string' ? o.body : Buffer.isBuffer(o.body) ? Uint8Array.from(o.body).buffer : JSON.stringify(o.body);
    headers['Content-Type'] = o.contentType ?? 'application/json';
  }
  const res = await fetch(base + path, { method: o.method ?? 'GET', headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

/** Thin verb helpers bound to one server. */
export function client(base: string) {
  return {
    get: <T = any>(path: string, accept?: string) => request<T>(base, path, { accept }),
    post: <T = any>(path: string, body: unknown, contentType?: string) => request<T>(base, path, { method: 'POST', body, contentType }),
    put: <T = any>(path: string, body: unknown) => request<T>(base, path, { method: 'PUT', body }),
    patch: <T = any>(path: string, body: unknown, contentType: string) => request<T>(base, path, { method: 'PATCH', body, contentType }),
    del: <T = any>(path: string, body?: unknown) => request<T>(base, path, { method: 'DELETE', body }),
  };
}

export interface WatchEvent {
  type: string;
  object: any;
}

/** A watch over chunked HTTP; events are parsed line by line as they arrive. */
export class WatchStream {
  readonly events: WatchEvent[] = [];
  status = 0;
  headers: http.IncomingHttpHeaders = {};
  ended = false;
  /** Raw text received, for framing assertions. */
  raw = '';
  private buf = '';
  private res?: http.IncomingMessage;
  private reading = false;
  private req: http.ClientRequest;
  readonly ready: Promise<void>;
  readonly done: Promise<void>;

  constructor(base: string, path: string, headers: Record<string, string> = {}, opts: { paused?: boolean } = {}) {
    let resolveReady!: () => void;
    let resolveDone!: () => void;
    this.ready = new Promise((r) => (resolveReady = r));
    this.done = new Promise((r) => (resolveDone = r));
    this.req = http.get(base + path, { headers: { Accept: 'application/json', ...headers } }, (res) => {
      this.res = res;
      this.status = res.statusCode ?? 0;
      this.headers = res.headers;
      const finished = () => {
        this.ended = true;
        resolveDone();
      };
      res.on('end', finished);
      res.on('close', finished);
      res.on('error', finished);
      resolveReady();
      if (!opts.paused) this.resume();
    });
    this.req.on('error', () => {
      this.ended = true;
      resolveReady();
      resolveDone();
    });
  }

  /** Starts (or restarts) reading a stream opened with `paused`. */
  resume(): void {
    if (!this.res || this.reading) return;
    this.reading = true;
    this.res.setEncoding('utf8');
    this.res.on('data', (d: string) => this.onData(d));
  }

  private onData(d: string): void {
    this.raw += d;
    this.buf += d;
    let i;
    while ((i = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, i);
      this.buf = this.buf.slice(i + 1);
      if (line.trim()) this.events.push(JSON.parse(line) as WatchEvent);
    }
  }

  /** Waits until at least n events (optionally of one type) have arrived. */
  async waitForEvents(n: number, timeoutMs = 5000, pred: (e: WatchEvent) => boolean = () => true): Promise<WatchEvent[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = this.events.filter(pred);
      if (got.length >= n) return got;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${n} events; got ${this.events.length}: ${this.summary()}`);
      }
      await sleep(10);
    }
  }

  /** "TYPE name" per event, for readable assertions. */
  summary(): string[] {
    return this.events.map((e) => `${e.type} ${e.object?.metadata?.name ?? e.object?.reason ?? ''}`.trim());
  }

  /** Socket of the underlying response, for tests that stop reading. */
  get socket() {
    return this.res?.socket;
  }

  close(): void {
    this.req.destroy();
    this.res?.destroy();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls until pred() is truthy. */
export async function eventually<T>(fn: () => T | Promise<T>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
