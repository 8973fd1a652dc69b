// WebSocket watch subprotocols, as kube-apiserver's wsstream offers them: binary.k8s.io (binary
// frames), base64.binary.k8s.io (base64 text frames), none (plain text frames). The browser token
// subprotocol authenticates but is never chosen.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/http.js';
import { startServer, type TestServer } from '../helpers/server.js';

interface WsSocket {
  protocol: string;
  on(ev: 'message', cb: (data: Buffer, isBinary: boolean) => void): void;
  on(ev: 'open', cb: () => void): void;
  on(ev: 'error', cb: (e: Error) => void): void;
  close(): void;
}
const WebSocket = createRequire(import.meta.url)('ws') as new (url: string, protocols?: string[]) => WsSocket;

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer({ simulate: false, tokens: ['tok-1'] });
});
afterAll(() => srv.close());

const token = `base64url.bearer.authorization.k8s.io.${Buffer.from('tok-1').toString('base64url')}`;

async function createConfigMap(name: string): Promise<void> {
  const res = await fetch(`${srv.url}/api/v1/namespaces/default/configmaps`, {
    method: 'POST', headers: { authorization: 'Bearer tok-1', 'content-type': 'application/json' },
    body: JSON.stringify({ metadata: { name } }),
  });
  expect(res.status).toBe(201);
}

async function watchWith(protocols: string[], name: string): Promise<{ ws: WsSocket; frames: { data: Buffer; binary: boolean }[] }> {
  const url = `${srv.url.replace('http', 'ws')}/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3D${name}`;
  const ws: WsSocket = protocols.length
    ? new WebSocket(url, protocols)
    : new (WebSocket as unknown as new (u: string, o: object) => WsSocket)(url, { headers: { authorization: 'Bearer tok-1' } });
  const frames: { data: Buffer; binary: boolean }[] = [];
  ws.on('message', (data, binary) => frames.push({ data, binary }));
  await new Promise<void>((resolve, reject) => {
    ws.on('open', resolve);
    ws.on('error', reject);
  });
  return { ws, frames };
}

describe('WebSocket watch subprotocols', () => {
  it.each([
    [['binary.k8s.io', token], 'binary.k8s.io', true, (b: Buffer) => b.toString('utf8')],
    [[token, 'base64.binary.k8s.io'], 'base64.binary.k8s.io', false, (b: Buffer) => Buffer.from(b.toString('utf8'), 'base64').toString('utf8')],
    [[], '', false, (b: Buffer) => b.toString('utf8')],
  ])('offered %j → %j', async (offered, chosen, binary, decode) => {
    const name = `ws-${(chosen as string).replace(/\./g, '-') || 'plain'}`;
    const { ws, frames } = await watchWith(offered as string[], name);
    try {
      expect(ws.protocol).toBe(chosen);
      await createConfigMap(name);
      await eventually(() => frames.length > 0, 5000, 'a frame');
      expect(frames[0].binary).toBe(binary);
      const line = decode(frames[0].data);
      expect(line.endsWith('\n')).toBe(true);
      const ev = JSON.parse(line);
      expect(ev.type).toBe('ADDED');
      expect(ev.object.metadata.name).toBe(name);
    } finally {
      ws.close();
    }
  });

  it('without the token subprotocol (or header) the upgrade is refused with 401', async () => {
    const url = `${srv.url.replace('http', 'ws')}/api/v1/namespaces/default/configmaps?watch=true`;
    const ws = new WebSocket(url, ['binary.k8s.io']);
    const err = await new Promise<Error>((resolve) => {
      ws.on('error', resolve);
      ws.on('open', () => resolve(new Error('opened')));
    });
    expect(err.message).toContain('401');
  });
});
