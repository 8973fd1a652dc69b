// A plain HTTP client for loading a server through its API as a client would: keep-alive
// connections, a fixed number of requests in flight, every answer read to the end.
import http from 'node:http';

export interface Answer {
  status: number;
  body: string;
}

export class Client {
  private readonly agent: http.Agent;
  private readonly base: URL;

  constructor(url: string, readonly concurrency: number) {
    this.base = new URL(url);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  }

  request(method: string, path: string, body?: string, timeoutMs = 60_000): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: this.base.hostname, port: this.base.port, path, method, agent: this.agent,
        headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
        res.on('error', reject);
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  async getJSON<T>(path: string): Promise<T> {
    const a = await this.request('GET', path);
    if (a.status !== 200) throw new Error(`GET ${path}: ${a.status} ${a.body.slice(0, 300)}`);
    return JSON.parse(a.body) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface PostRun {
  /** performance.now() when the first request went out and when the last answer arrived. */
  first: number;
  last: number;
  ok: number;
  /** Answers other than 201 (and 409 on a retried create), by status code. */
  failed: Record<string, number>;
}

/**
 * POSTs `n` bodies with `client.concurrency` requests in flight; `item(i)` gives request i's path and
 * body. A 429 or 5xx is retried (up to 5 times, after a short pause); stops early after 100 failures
 * or at `deadline` (performance.now()), so `ok` may then be less than `n`.
 */
export async function postAll(client: Client, n: number, item: (i: number) => { path: string; body: string },
  progress?: (done: number) => void, deadline = Infinity): Promise<PostRun> {
  const run: PostRun = { first: performance.now(), last: 0, ok: 0, failed: {} };
  let next = 0;
  let failures = 0;
  const one = async (i: number) => {
    const { path, body } = item(i);
    for (let attempt = 0; ; attempt++) {
      const a = await client.request('POST', path, body);
      if (a.status === 201 || (a.status === 409 && attempt > 0)) return void run.ok++;
      if ((a.status === 429 || a.status >= 500) && attempt < 5) {
        await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
        continue;
      }
      run.failed[a.status] = (run.failed[a.status] ?? 0) + 1;
      if (++failures === 1) process.stderr.write(`  POST ${path}: ${a.status} ${a.body.slice(0, 300)}\n`);
      return;
    }
  };
  const lane = async () => {
    while (next < n && failures < 100 && performance.now() < deadline) {
      const i = next++;
      await one(i);
      if (progress && i % 10_000 === 0) progress(i);
    }
  };
  try {
    await Promise.all(Array.from({ length: client.concurrency }, lane));
  } catch (e) {
    // A timeout or a reset: the server stalled or died. Say how far the load got.
    throw new Error(`${(e as Error).message} (after ${run.ok} of ${n} answered, ${((performance.now() - run.first) / 1000).toFixed(0)} s)`);
  }
  run.last = performance.now();
  return run;
}
