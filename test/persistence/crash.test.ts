// The CLI with --state-file, killed while clients are writing: every write that got a response
// survives (SIGKILL included), and resourceVersions keep rising across the restart.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startKubesim } from '../../src/index.js';
import { startCli, stopCli, type CliProcess } from '../fixture/spawn.js';

interface Acked {
  /** Last acknowledged state per name: its resourceVersion, or null once deleted. */
  state: Map<string, number | null>;
  /** Names with a request in flight when the server died (their outcome is unknown). */
  inFlight: Set<string>;
  maxRV: number;
}

const cmPath = (url: string, name = '') => `${url}/api/v1/namespaces/default/configmaps${name ? `/${name}` : ''}`;

/** Each writer creates, updates and (every third name) deletes its own ConfigMaps, one request at a time. */
async function writer(url: string, id: number, acked: Acked, stop: { now: boolean }): Promise<void> {
  for (let i = 0; !stop.now; i++) {
    const name = `w${id}-${i}`;
    acked.inFlight.add(name);
    try {
      const created = await fetch(cmPath(url), {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { step: 'created' } }),
      });
      if (created.status !== 201) throw new Error(`create ${name}: ${created.status}`);
      const body = await created.json();
      acked.state.set(name, Number(body.metadata.resourceVersion));
      body.data.step = 'updated';
      const updated = await fetch(cmPath(url, name), {
        method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
      if (updated.status !== 200) throw new Error(`update ${name}: ${updated.status}`);
      acked.state.set(name, Number((await updated.json()).metadata.resourceVersion));
      if (i % 3 === 0) {
        const deleted = await fetch(cmPath(url, name), { method: 'DELETE' });
        if (deleted.status !== 200) throw new Error(`delete ${name}: ${deleted.status}`);
        await deleted.arrayBuffer();
        acked.state.set(name, null);
      }
      acked.inFlight.delete(name);
    } catch (e) {
      // The server went away mid-request: this name's last operation has an unknown outcome.
      if (stop.now) return;
      throw e;
    }
    for (const v of acked.state.values()) if (v !== null && v > acked.maxRV) acked.maxRV = v;
  }
}

async function writeUntilKilled(p: CliProcess, signal: NodeJS.Signals, acks: number): Promise<Acked> {
  const acked: Acked = { state: new Map(), inFlight: new Set(), maxRV: 0 };
  const stop = { now: false };
  const writers = Array.from({ length: 6 }, (_, id) => writer(p.url, id, acked, stop));
  while (acked.state.size < acks) await new Promise((r) => setTimeout(r, 5));
  // Kill while requests are still going out.
  stop.now = true;
  p.child.kill(signal);
  await Promise.all(writers);
  for (const v of acked.state.values()) if (v !== null && v > acked.maxRV) acked.maxRV = v;
  return acked;
}

async function check(url: string, acked: Acked): Promise<void> {
  const res = await fetch(cmPath(url));
  const list = await res.json();
  const live = new Map<string, number>(list.items.map((c: any) => [c.metadata.name, Number(c.metadata.resourceVersion)]));
  let checked = 0;
  for (const [name, rv] of acked.state) {
    if (acked.inFlight.has(name)) continue;
    checked++;
    if (rv === null) expect(live.has(name), `${name} was deleted`).toBe(false);
    else expect(live.get(name), `${name} at resourceVersion ${rv}`).toBe(rv);
  }
  expect(checked).toBeGreaterThan(50);
  expect(Number(list.metadata.resourceVersion)).toBeGreaterThanOrEqual(acked.maxRV);
  // The counter continues above everything acknowledged before the restart.
  const next = await fetch(cmPath(url), {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-restart' } }),
  });
  expect(Number((await next.json()).metadata.resourceVersion)).toBeGreaterThan(Number(list.metadata.resourceVersion));
}

describe('kubesim --state-file under a crash', () => {
  it.each([['SIGKILL' as const], ['SIGTERM' as const]])('loses no acknowledged write on %s mid-stream', async (signal) => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'kubesim-crash-')), 'state');
    const first = await startCli(['--port', '0', '--state-file', stateFile]);
    const acked = await writeUntilKilled(first, signal, 150);
    expect(await first.exited).toBe(signal === 'SIGKILL' ? 'SIGKILL' : 0);
    if (signal === 'SIGTERM') expect(statSync(`${stateFile}.journal`).size).toBe(0);

    const second = await startCli(['--port', '0', '--state-file', stateFile]);
    try {
      await check(second.url, acked);
      // The state belongs to the running server; a second one is turned away.
      await expect(startKubesim({ stateFile })).rejects.toThrow(`state file ${stateFile} is in use by process ${second.child.pid}`);
      // A reset followed by a crash is remembered too.
      expect((await fetch(`${second.url}/kubesim/v1/reset`, { method: 'POST' })).status).toBe(200);
    } finally {
      second.child.kill('SIGKILL');
      await second.exited;
    }
    const third = await startCli(['--port', '0', '--state-file', stateFile]);
    try {
      const list = await (await fetch(cmPath(third.url))).json();
      expect(list.items).toEqual([]);
      const ns = await (await fetch(`${third.url}/api/v1/namespaces`)).json();
      expect(ns.items).toHaveLength(4);
    } finally {
      expect(await stopCli(third)).toBe(0);
    }
  }, 60_000);
});
