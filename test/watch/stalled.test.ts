// Watchers that never read: each is ended once it has too much unread (the client re-lists, as
// with the apiserver's cacher), and all of them together hold at most the server-wide budget. The
// cost is measured as the RSS of a server child process after the same 1,500 writes of ~20 KB,
// with no watcher, one stalled watcher and 200 stalled watchers.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../fixture/spawn.js';

const MiB = 1024 * 1024;
const WRITES = 1500;
const BYTES = 20_000;

interface Child {
  p: ChildProcess;
  url: string;
  ask(cmd: string): Promise<any>;
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

async function server(args: string[] = []): Promise<Child> {
  const p = spawn(process.execPath, ['--expose-gc', '--max-semi-space-size=1', '--import', 'tsx', resolve(REPO, 'test/watch/memory-child.ts'), ...args], {
    cwd: REPO, stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(p);
  const lines = createInterface({ input: p.stdout! })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value as string);
  const { url } = await next();
  return { p, url, ask: async (cmd) => { p.stdin!.write(`${cmd}\n`); return next(); } };
}

/** A watch whose client reads the response head and then nothing more. */
async function stalledWatch(url: string): Promise<{ socket: Socket; closed: Promise<void> }> {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  socket.setNoDelay(true);
  const closed = new Promise<void>((r) => socket.on('close', () => r()));
  socket.on('error', () => undefined);
  socket.write(`GET /api/v1/namespaces/default/configmaps?watch=true HTTP/1.1\r\nHost: kubesim\r\n\r\n`);
  await new Promise<void>((r) => socket.once('data', () => r()));
  socket.pause();
  return { socket, closed };
}

async function run(watchers: number, args: string[] = []): Promise<{ rss: number; terminated: number; closed: number }> {
  const c = await server(args);
  const ws = [];
  for (let i = 0; i < watchers; i++) ws.push(await stalledWatch(c.url));
  await c.ask(`write ${WRITES} ${BYTES}`);
  const m = await c.ask('measure');
  // Reading now drains what the kernel still holds, then finds the connection closed by the server.
  let closed = 0;
  for (const w of ws) w.socket.resume();
  await Promise.all(ws.map((w) => Promise.race([w.closed.then(() => closed++), new Promise((r) => setTimeout(r, 5000))])));
  for (const w of ws) w.socket.destroy();
  c.p.kill('SIGKILL');
  return { rss: m.rss, terminated: m.terminated, closed };
}

describe('stalled watchers', () => {
  it('one costs under 16 MiB and 200 under 256 MiB; each is ended and counted', async () => {
    const none = await run(0);
    const one = await run(1);
    const many = await run(200);
    const figures = { none: none.rss / MiB, one: (one.rss - none.rss) / MiB, many: (many.rss - none.rss) / MiB };
    process.stdout.write(`stalled watchers, RSS after ${WRITES} writes of ${BYTES} B: baseline ${figures.none.toFixed(1)} MiB, ` +
      `+${figures.one.toFixed(1)} MiB with 1, +${figures.many.toFixed(1)} MiB with 200\n`);
    expect(none.terminated).toBe(0);
    expect(one.terminated).toBe(1);
    expect(one.closed).toBe(1);
    expect(many.terminated).toBe(200);
    expect(many.closed).toBe(200);
    expect(one.rss - none.rss).toBeLessThan(16 * MiB);
    expect(many.rss - none.rss).toBeLessThan(256 * MiB);
  }, 120_000);
});
