// 20 cycles of: write under load → SIGKILL → restart at once on the same --state-file. The
// restart never finds the state "in use" by the dead server (its lock dies with it), and no write
// that got a response is lost in any cycle. A second live server on the file is turned away.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, type CliProcess } from '../fixture/spawn.js';

const CYCLES = 20;
const cmURL = (url: string, name = '') => `${url}/api/v1/namespaces/default/configmaps${name ? `/${name}` : ''}`;

/** name → last acknowledged resourceVersion (null once deleted); names whose last request got no answer are dropped. */
type Acked = Map<string, number | null>;

async function send(url: string, method: string, body?: unknown): Promise<any> {
  const res = await fetch(url, {
    method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** One writer: create, update, and every other name delete, one request at a time, until the server dies. */
async function writer(url: string, prefix: string, acked: Acked, unknown: Set<string>, stop: { now: boolean }): Promise<void> {
  for (let i = 0; !stop.now; i++) {
    const name = `${prefix}-${i}`;
    unknown.add(name);
    try {
      const created = await send(cmURL(url), 'POST', { metadata: { name }, data: { step: '1' } });
      acked.set(name, Number(created.metadata.resourceVersion));
      created.data.step = '2';
      acked.set(name, Number((await send(cmURL(url, name), 'PUT', created)).metadata.resourceVersion));
      if (i % 2 === 0) {
        await send(cmURL(url, name), 'DELETE');
        acked.set(name, null);
      }
      unknown.delete(name);
    } catch (e) {
      if (!stop.now) throw e;
    }
  }
}

async function verify(url: string, acked: Acked, unknown: Set<string>): Promise<void> {
  const list = await send(cmURL(url), 'GET');
  const live = new Map<string, number>(list.items.map((c: any) => [c.metadata.name, Number(c.metadata.resourceVersion)]));
  for (const [name, rv] of acked) {
    if (unknown.has(name)) continue;
    if (rv === null) expect(live.has(name), `${name} was deleted`).toBe(false);
    else expect(live.get(name), `${name} at resourceVersion ${rv}`).toBe(rv);
  }
}

describe('--state-file restart loop', () => {
  it(`loses no acknowledged write over ${CYCLES} SIGKILL/restart cycles and never refuses to start`, async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'kubesim-loop-')), 'state');
    const args = ['--port', '0', '--state-file', stateFile, '--nodes', '0'];
    const acked: Acked = new Map();
    const unknown = new Set<string>();
    let server: CliProcess = await startCli(args);
    let checkedAcks = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const stop = { now: false };
      const before = acked.size;
      const writers = Array.from({ length: 4 }, (_, w) => writer(server.url, `c${cycle}-w${w}`, acked, unknown, stop));
      while (acked.size < before + 30) await new Promise((r) => setTimeout(r, 2));
      if (cycle === 0) {
        // A second server while the first one lives: refused, with the holder's pid.
        const second = await runCli(args);
        expect(second.code).toBe(1);
        expect(second.stderr).toContain(`kubesim: state file ${stateFile} is in use by process ${server.child.pid}`);
      }
      stop.now = true;
      server.child.kill('SIGKILL');
      await Promise.all(writers);
      // Restart at once: the dead server may not even be reaped yet.
      server = await startCli(args);
      await verify(server.url, acked, unknown);
      checkedAcks = [...acked.keys()].filter((n) => !unknown.has(n)).length;
    }
    server.child.kill('SIGKILL');
    await server.exited;
    expect(checkedAcks).toBeGreaterThan(CYCLES * 20);
  }, 150_000);
});
