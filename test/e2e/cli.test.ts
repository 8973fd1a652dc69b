// The command-line server as users start it: prints its URL, serves kubectl, stops on SIGTERM.
// Runs src/main.ts through tsx so the test needs no prior build.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { Kubectl, REPO_ROOT, tableRows } from '../helpers/kubectl.js';

it('kubesim --port 0 prints its URL, answers kubectl and exits 0 on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src', 'main.ts'), '--port', '0'], { cwd: REPO_ROOT });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (err += d));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  try {
    const deadline = Date.now() + 20000;
    while (!/serving on (http:\/\/\S+)/.test(out)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no URL printed; stdout: ${out}\nstderr: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = /kubesim serving on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out)![1];
    const r = await new Kubectl(url).run(['get', 'ns']);
    expect(r.code, r.stderr).toBe(0);
    expect(tableRows(r.stdout).map((row) => row[0])).toEqual(['NAME', 'default', 'kube-node-lease', 'kube-public', 'kube-system']);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});
