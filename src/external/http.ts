// Plain HTTP(S) requests to an external cluster with the kubeconfig's CA and credentials
// (node:https; no client library). Failures carry the server's Status, like kubectl's
// "Error from server".
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { ClusterConnection } from './kubeconfig.js';

/** A non-2xx answer: `status` is the server's Status object when it sent one. */
export class ClusterRequestError extends Error {
  constructor(readonly code: number, readonly reason: string | undefined, message: string, readonly status?: Record<string, unknown>) {
    super(message);
  }
}

export interface ClusterResponse {
  code: number;
  body: any;
}

export class ClusterClient {
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly base: URL;

  constructor(readonly conn: ClusterConnection) {
    this.base = new URL(conn.server);
    const https = this.base.protocol === 'https:';
    this.agent = https
      ? new HttpsAgent({ keepAlive: true, ca: conn.ca, cert: conn.clientCert, key: conn.clientKey, rejectUnauthorized: !conn.insecureSkipTLSVerify })
      : new HttpAgent({ keepAlive: true });
  }

  private headers(contentType?: string): Record<string, string> {
    const h: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'kubesim-external' };
    if (contentType) h['Content-Type'] = contentType;
    if (this.conn.token) h.Authorization = `Bearer ${this.conn.token}`;
    else if (this.conn.username !== undefined) h.Authorization = `Basic ${Buffer.from(`${this.conn.username}:${this.conn.password ?? ''}`).toString('base64')}`;
    return h;
  }

  /** Sends a request; resolves with the decoded JSON body for any status (see `call` for errors). */
  send(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<ClusterResponse> {
    const url = new URL(this.base.pathname.replace(/\/$/, '') + path, this.base);
    const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const req = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolveRes, reject) => {
      const r = req(url, { method, agent: this.agent, headers: this.headers(payload ? contentType : undefined) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON (a proxy's error page): keep the text for the message.
          }
          resolveRes({ code: res.statusCode ?? 0, body: parsed });
        });
      });
      r.on('error', (e) => reject(new Error(`cannot reach ${this.conn.server}: ${e.message}`)));
      if (payload) r.end(payload);
      else r.end();
    });
  }

  /** Like send, but a non-2xx answer throws a ClusterRequestError with the server's message. */
  async call(method: string, path: string, body?: unknown, contentType?: string): Promise<any> {
    const res = await this.send(method, path, body, contentType);
    if (res.code >= 200 && res.code < 300) return res.body;
    const st = res.body && typeof res.body === 'object' ? (res.body as Record<string, any>) : undefined;
    const msg = st?.message ?? (typeof res.body === 'string' && res.body ? res.body.slice(0, 200) : `HTTP ${res.code}`);
    throw new ClusterRequestError(res.code, st?.reason, `${method} ${path}: ${msg}`, st);
  }

  close(): void {
    this.agent.destroy();
  }
}
