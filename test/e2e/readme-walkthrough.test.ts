// The README's kubectl walkthrough, cut out of README.md and run exactly as printed (with `sh -e`,
// so any failing step fails the test) against `npm start` on port 8080 with the real kubectl.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { kubectlPath, REPO_ROOT } from '../helpers/kubectl.js';
import { eventually } from '../helpers/http.js';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

function walkthrough(): string {
  const at = README.indexOf('## A kubectl walkthrough');
  const open = README.indexOf('```sh\n', at);
  return README.slice(open + 6, README.indexOf('\n```', open + 6) + 1);
}

it('runs as printed: deployment, service, slices, a watched rolling update, describe, explain', { timeout: 120_000 }, async () => {
  const kubectl = kubectlPath();
  expect(kubectl, 'kubectl (set KUBECTL or run shared/tools/install-kubectl.sh .tools)').toBeDefined();
  const script = join(mkdtempSync(join(tmpdir(), 'kubesim-walkthrough-')), 'walkthrough.sh');
  writeFileSync(script, walkthrough());
  const out = await new Promise<{ code: number | string; text: string }>((done) => {
    const child = spawn('sh', ['-e', script], {
      cwd: REPO_ROOT, env: { ...process.env, PATH: `${dirname(kubectl!)}:${process.env.PATH}` }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 110_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code: code ?? signal ?? -1, text });
    });
  });
  expect(out.code, out.text).toBe(0);
  expect(out.text).toMatch(/Server Version: v1\.35/);
  expect(out.text).toContain('namespace/team-a created');
  expect(out.text).toContain('deployment.apps/web created');
  expect(out.text).toContain('service/web exposed');
  expect(out.text.match(/deployment "web" successfully rolled out/g)).toHaveLength(2);
  expect(out.text).toMatch(/^web-\w+\s+IPv4\s+8080\s+\d+\.\d+\.\d+\.\d+,\d+\.\d+\.\d+\.\d+,\d+\.\d+\.\d+\.\d+\s/m);
  expect(out.text).toMatch(/^ADDED\s+web-\w+-\w+/m);
  expect(out.text).toMatch(/^MODIFIED\s+web-\w+-\w+\s+1\/1\s+Terminating/m);
  expect(out.text).toMatch(/ScalingReplicaSet/);
  expect(out.text).toMatch(/FIELD: strategy/);
  // The server went with its parent: port 8080 is free again.
  await eventually(async () => {
    try {
      await fetch('http://127.0.0.1:8080/readyz');
      return false;
    } catch {
      return true;
    }
  }, 10_000, 'kubesim on :8080 to exit');
});
