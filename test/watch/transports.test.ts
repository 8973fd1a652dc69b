// One watch core, two transports: WebSocket carries the same events as chunked HTTP (one text
// message per event, newline included); a consumer that stops reading is cut off while others keep
// receiving; timeoutSeconds ends a stream cleanly; closing the server ends every watch.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, eventually, sleep, WatchStream } from '../helpers/http.js';
import { startServer, type TestServer } from '../helpers/server.js';

// ws ships no type declarations here; describe the little we use.
interface WsSocket {
  on(ev: 'message', cb: (data: Buffer, isBinary: boolean) => void): void;
  on(ev: 'open' | 'close', cb: (code?: number) => void): void;
  on(ev: 'error', cb: (e: Error) => void): void;
  close(): void;
  readyState: number;
}
type WsCtor = new (url: string, protocols?: string | string[]) => WsSocket;
const WebSocket = createRequire(import.meta.url)('ws') as WsCtor;

const CM = '/api/v1/namespaces/default/configmaps';

class SocketWatch {
  readonly messages: string[] = [];
  closed = false;
  closeCode?: number;
  readonly opened: Promise<void>;
  readonly done: Promise<void>;
  private ws: WsSocket;
  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.opened = new Promise((r, j) => {
      this.ws.on('open', () => r());
      this.ws.on('error', j);
    });
    this.done = new Promise((r) => this.ws.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
      r();
    }));
    this.ws.on('message', (d, isBinary) => {
      expect(isBinary).toBe(false);
      this.messages.push(d.toString('utf8'));
    });
  }
  get events() {
    return this.messages.map((m) => JSON.parse(m));
  }
  close() {
    this.ws.close();
  }
}

describe('WebSocket', () => {
  let srv: TestServer;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    srv = await startServer();
    api = client(srv.url);
  });
  afterAll(() => srv.close());

  it('carries the same events as chunked HTTP, one message per event', async () => {
    const rv = (await api.get(CM)).body.metadata.resourceVersion;
    const q = `?watch=true&resourceVersion=${rv}&labelSelector=set%3Dws`;
    const http = new WatchStream(srv.url, CM + q);
    const sock = new SocketWatch(`ws://127.0.0.1:${srv.port}${CM}${q}`);
    await Promise.all([http.ready, sock.opened]);
    await api.post(CM, { metadata: { name: 'ws-1', labels: { set: 'ws' } } });
    await api.patch(`${CM}/ws-1`, { data: { a: '1' } }, 'application/merge-patch+json');
    await api.del(`${CM}/ws-1`);
    await http.waitForEvents(3);
    await eventually(() => sock.messages.length >= 3);
    await sleep(50);
    http.close();
    sock.close();
    expect(sock.messages.every((m) => m.endsWith('\n') && m.indexOf('\n') === m.length - 1)).toBe(true);
    expect(sock.events).toEqual(http.events);
    expect(sock.events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  });

  it('replays the current state without a resourceVersion, like HTTP', async () => {
    await api.post(CM, { metadata: { name: 'ws-2', labels: { set: 'ws2' } } });
    const sock = new SocketWatch(`ws://127.0.0.1:${srv.port}${CM}?watch=true&labelSelector=set%3Dws2`);
    await eventually(() => sock.messages.length >= 1);
    sock.close();
    expect(sock.events[0]).toMatchObject({ type: 'ADDED', object: { kind: 'ConfigMap', metadata: { name: 'ws-2' } } });
  });

  it('reports an expired resourceVersion as an ERROR message and closes', async () => {
    const small = await startServer({ watchHistory: 2 });
    const capi = client(small.url);
    const rv = (await capi.get(CM)).body.metadata.resourceVersion;
    for (let i = 0; i < 5; i++) await capi.post(CM, { metadata: { name: `wsx-${i}` } });
    const sock = new SocketWatch(`ws://127.0.0.1:${small.port}${CM}?watch=true&resourceVersion=${rv}`);
    await sock.done;
    await small.close();
    expect(sock.events).toHaveLength(1);
    expect(sock.events[0]).toMatchObject({ type: 'ERROR', object: { reason: 'Expired', code: 410 } });
  });
});

describe('slow consumers', () => {
  let srv: TestServer;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    srv = await startServer({ maxWatchBufferBytes: 64 * 1024 });
    api = client(srv.url);
  });
  afterAll(() => srv.close());

  it('a watcher that stops reading is cut off; the others receive everything', async () => {
    const rv = (await api.get(CM)).body.metadata.resourceVersion;
    const q = `${CM}?watch=true&resourceVersion=${rv}&labelSelector=set%3Dslow`;
    const slow = new WatchStream(srv.url, q, {}, { paused: true });
    const fast = new WatchStream(srv.url, q);
    await Promise.all([slow.ready, fast.ready]);
    await api.post(CM, { metadata: { name: 'slow-1', labels: { set: 'slow' } }, data: { v: '0' } });
    // 600 events of ~32 KiB: far more than socket buffers plus the 64 KiB allowance hold.
    const payload = 'x'.repeat(32 * 1024);
    const writes = 600;
    for (let i = 1; i <= writes; i++) {
      const r = await api.put(`${CM}/slow-1`, { metadata: { name: 'slow-1', labels: { set: 'slow' } }, data: { v: String(i), payload } });
      expect(r.status).toBe(200);
    }
    await fast.waitForEvents(1, 10000, (e) => e.object.data.v === String(writes));
    fast.close();
    expect(fast.events.map((e) => Number(e.object.data.v))).toEqual(Array.from({ length: writes + 1 }, (_, i) => i));

    // Reading again, the slow watcher finds its stream over: a prefix of the events, then the end.
    slow.resume();
    await eventually(() => slow.ended, 10000, 'the slow watcher\'s stream to end');
    const got = slow.events.map((e) => Number(e.object.data.v));
    expect(got.length).toBeLessThan(writes + 1);
    expect(got).toEqual(Array.from({ length: got.length }, (_, i) => i));
  });
});

describe('big events', () => {
  it('an event larger than the buffer allowance does not cut off a consumer that keeps reading', async () => {
    const srv = await startServer({ maxWatchBufferBytes: 64 * 1024 });
    const api = client(srv.url);
    const rv = (await api.get(CM)).body.metadata.resourceVersion;
    const w = new WatchStream(srv.url, `${CM}?watch=true&resourceVersion=${rv}`);
    await w.ready;
    await api.post(CM, { metadata: { name: 'big' }, data: { v: '0', payload: 'x'.repeat(100 * 1024) } });
    await api.patch(`${CM}/big`, { data: { v: '1' } }, 'application/merge-patch+json');
    await api.patch(`${CM}/big`, { data: { v: '2' } }, 'application/merge-patch+json');
    try {
      await w.waitForEvents(3);
      expect(w.ended).toBe(false);
    } finally {
      w.close();
      await srv.close();
    }
  });
});

describe('stream endings', () => {
  it('timeoutSeconds ends the stream cleanly', async () => {
    const srv = await startServer();
    const t0 = Date.now();
    const w = new WatchStream(srv.url, `${CM}?watch=true&timeoutSeconds=1`);
    await w.done;
    const took = Date.now() - t0;
    await srv.close();
    expect(w.status).toBe(200);
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(5000);
    expect(w.events.every((e) => e.type === 'ADDED')).toBe(true);
    expect(w.raw.endsWith('\n') || w.raw === '').toBe(true);
  });

  it('closing the server ends every watch, HTTP and WebSocket', async () => {
    const srv = await startServer();
    const rv = (await client(srv.url).get(CM)).body.metadata.resourceVersion;
    const https = [0, 1, 2].map(() => new WatchStream(srv.url, `${CM}?watch=true&resourceVersion=${rv}`));
    const sock = new SocketWatch(`ws://127.0.0.1:${srv.port}${CM}?watch=true&resourceVersion=${rv}`);
    await Promise.all([...https.map((w) => w.ready), sock.opened]);
    const t0 = Date.now();
    await srv.close();
    await Promise.all([...https.map((w) => w.done), sock.done]);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(https.every((w) => w.ended)).toBe(true);
    expect(sock.closed).toBe(true);
  });
});
