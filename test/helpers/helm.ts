// Runs the real helm (v4, built against Kubernetes 1.35) against a test server, like kubectl.ts:
// asynchronous, with its own kubeconfig, HOME and cache directories.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KUBECTL_DIR, REPO_ROOT, type KubectlResult } from './kubectl.js';
import { writeKubeconfig } from './kubeconfig.js';

export const HELM_INSTALL_SCRIPT = resolve(REPO_ROOT, '..', 'shared', 'tools', 'install-helm.sh');

/** $HELM, else the repo's .tools/helm; undefined when neither exists. */
export function helmPath(): string | undefined {
  return [process.env.HELM, join(KUBECTL_DIR, 'helm')].filter((p): p is string => !!p).find((p) => existsSync(p));
}

export class Helm {
  readonly dir: string;
  readonly kubeconfig: string;
  readonly bin: string;

  constructor(readonly url: string) {
    const bin = helmPath();
    if (!bin) throw new Error('helm not found: set HELM or run shared/tools/install-helm.sh .tools');
    this.bin = bin;
    this.dir = mkdtempSync(join(tmpdir(), 'kubesim-helm-'));
    this.kubeconfig = writeKubeconfig(url, this.dir);
  }

  run(args: string[], timeoutMs = 60_000): Promise<KubectlResult> {
    const d = this.dir;
    return new Promise((resolvePromise, reject) => {
      const child = spawn(this.bin, ['--kubeconfig', this.kubeconfig, ...args], {
        cwd: d,
        env: {
          PATH: process.env.PATH ?? '', HOME: d,
          HELM_CACHE_HOME: join(d, 'cache'), HELM_CONFIG_HOME: join(d, 'config'), HELM_DATA_HOME: join(d, 'data'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolvePromise({ code, stdout, stderr });
      });
    });
  }
}
