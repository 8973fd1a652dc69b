// The CLI on a state file whose journal is damaged in the middle: start-up stops with an error
// naming the byte offset instead of dropping the acknowledged writes after it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, stopCli } from '../fixture/spawn.js';

describe('--state-file with a damaged journal', () => {
  it('refuses to start, naming the byte offset of the damage', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'kubesim-corrupt-')), 'state');
    const args = ['--port', '0', '--nodes', '0', '--state-file', stateFile];
    const first = await startCli(args);
    for (const name of ['a', 'b', 'c']) {
      const res = await fetch(`${first.url}/api/v1/namespaces/default/configmaps`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ metadata: { name } }),
      });
      expect(res.status).toBe(201);
    }
    first.child.kill('SIGKILL');
    await first.exited;
    // Damage one line in the middle of the journal.
    const lines = readFileSync(`${stateFile}.journal`, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('"name":"b"'));
    const offset = Buffer.byteLength(lines.slice(0, at).map((l) => `${l}\n`).join(''));
    lines[at] = lines[at].replace('"name":"b"', '"name":"b"}}}');
    writeFileSync(`${stateFile}.journal`, lines.join('\n'));
    const second = await runCli(args);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`kubesim: journal ${stateFile}.journal is corrupt at byte offset ${offset} (line ${at + 1})`);
    // Nothing was truncated: the journal is as it was left.
    expect(readFileSync(`${stateFile}.journal`, 'utf8')).toBe(lines.join('\n'));
    // A torn tail, by contrast, is dropped with a warning and the server starts.
    writeFileSync(`${stateFile}.journal`, `${lines.slice(0, at).join('\n')}\n{"s":`);
    const third = await startCli(args);
    expect(third.stderr()).toMatch(/partial last record/);
    expect(await stopCli(third)).toBe(0);
  }, 60_000);
});
