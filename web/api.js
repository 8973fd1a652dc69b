// Talking to kubesim from the page: the bearer token, JSON GETs, and list-then-watch informers.
//
// Watches run over WebSocket (subprotocol binary.k8s.io, the token as the
// base64url.bearer.authorization.k8s.io.<token> subprotocol, as kubectl's browser-side cousins do):
// a browser allows only six HTTP/1.1 connections per host, and five chunked watches would leave
// one for everything else. The events are the same lines a ?watch=1 HTTP stream carries.

const TOKEN_KEY = 'kubesim-token';

/** The token from ?token= (remembered for this tab, then taken out of the address bar), or the remembered one. */
export function initialToken() {
  const url = new URL(location.href);
  const t = url.searchParams.get('token');
  if (t !== null) {
    sessionStorage.setItem(TOKEN_KEY, t);
    url.searchParams.delete('token');
    history.replaceState(null, '', url);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export class ApiError extends Error {
  constructor(status) {
    super(status?.message ?? 'request failed');
    this.status = status;
  }
}

const base64url = (s) => btoa(String.fromCharCode(...new TextEncoder().encode(s))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export class Api {
  constructor(token) {
    this.token = token;
    this.asking = undefined;
  }

  headers() {
    return this.token ? { Accept: 'application/json', Authorization: `Bearer ${this.token}` } : { Accept: 'application/json' };
  }

  /** One prompt at a time, however many requests were refused together. */
  askToken() {
    this.asking ??= Promise.resolve().then(() => {
      const t = prompt('This kubesim server wants a bearer token (kubesim --token T). Token:', '');
      if (t !== null) {
        this.token = t.trim();
        sessionStorage.setItem(TOKEN_KEY, this.token);
      }
      this.asking = undefined;
      return t !== null;
    });
    return this.asking;
  }

  async get(path) {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(path, { headers: this.headers() });
      if (res.status === 401 && attempt < 3 && (await this.askToken())) continue;
      const body = await res.json().catch(() => ({ message: `HTTP ${res.status}` }));
      if (!res.ok) throw new ApiError(body);
      return body;
    }
  }

  /** A watch as a WebSocket; onEvent gets each parsed event; resolves when the socket closes. */
  watch(path, resourceVersion, onEvent) {
    const url = new URL(path, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('watch', '1');
    url.searchParams.set('resourceVersion', resourceVersion);
    url.searchParams.set('allowWatchBookmarks', 'true');
    const protocols = ['binary.k8s.io'];
    if (this.token) protocols.push(`base64url.bearer.authorization.k8s.io.${base64url(this.token)}`);
    return new Promise((resolve) => {
      const ws = new WebSocket(url, protocols);
      ws.binaryType = 'arraybuffer';
      const decoder = new TextDecoder();
      let buf = '';
      ws.onmessage = (m) => {
        buf += typeof m.data === 'string' ? m.data : decoder.decode(m.data, { stream: true });
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (line) onEvent(JSON.parse(line));
        }
      };
      ws.onclose = () => resolve();
      ws.onerror = () => resolve();
    });
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * An informer: list, hand the items over, then watch from the list's resourceVersion and hand
 * over each change; a closed watch resumes from the last version seen, an expired one relists.
 */
export async function inform(api, path, { replace, change, status }) {
  for (;;) {
    try {
      const list = await api.get(path);
      let rv = list.metadata?.resourceVersion ?? '0';
      replace(list.items ?? []);
      status?.('live');
      for (let expired = false; !expired; ) {
        const opened = Date.now();
        await api.watch(path, rv, (ev) => {
          if (ev.type === 'ERROR') {
            expired = true;
            return;
          }
          const v = ev.object?.metadata?.resourceVersion;
          if (v) rv = v;
          if (ev.type !== 'BOOKMARK') change(ev.type, ev.object);
        });
        // A socket refused at once (server gone, token changed): back off, then list again.
        if (Date.now() - opened < 1000) {
          status?.('reconnecting');
          await sleep(1000);
          expired = true;
        }
      }
    } catch (e) {
      status?.('error', e);
      if (e instanceof ApiError && e.status?.code === 401) await api.askToken();
      await sleep(1000);
    }
  }
}
