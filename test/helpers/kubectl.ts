// Runs the real kubectl v1.35 against a test server. Asynchronous on purpose: the server lives in
// the same process, so a synchronous spawn would block the event loop that has to answer kubectl.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeKubeconfig } from './kubeconfig.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const KUBECTL_DIR = join(REPO_ROOT, '.tools');
export const INSTALL_SCRIPT = resolve(REPO_ROOT, '..', 'shared', 'tools', 'install-kubectl.sh');

/** $KUBECTL, else the repo's .tools/kubectl; undefined when neither exists. */
export function kubectlPath(): string | undefined {
  const candidates = [process.env.KUBECTL, join(KUBECTL_DIR, 'kubectl')].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(p));
}

export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  stdin?: string;
  timeoutMs?: number;
  env?: Record<string, string>;
}

/** A kubectl bound to one server, with its own kubeconfig and discovery cache dir. */
export class Kubectl {
  readonly dir: string;
  readonly kubeconfig: string;
  readonly bin: string;

  constructor(readonly url: string) {
    const bin = kubectlPath();
    if (!bin) throw new Error('kubectl not found: set KUBECTL or run shared/tools/install-kubectl.sh .tools');
    this.bin = bin;
    this.dir = mkdtempSync(join(tmpdir(), 'kubesim-kubectl-'));
    this.kubeconfig = writeKubeconfig(url, this.dir);
  }

  /** Writes a manifest into the working dir and returns its path. */
  file(name: string, content: string): string {
    const p = join(this.dir, name);
    writeFileSync(p, content);
    return p;
  }

  run(args: string[], opts: RunOptions = {}): Promise<KubectlResult> {
    const full = ['--kubeconfig', this.kubeconfig, '--cache-dir', join(this.dir, 'cache'), ...args];
    return new Promise((resolvePromise, reject) => {
      const child = spawn(this.bin, full, {
        cwd: this.dir,
        env: { PATH: process.env.PATH ?? '', HOME: this.dir, ...opts.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolvePromise({ code, stdout, stderr });
      });
      child.stdin.end(opts.stdin ?? '');
    });
  }

  /** Starts a long-running kubectl (get -w); read its output as it arrives, then stop() it. */
  start(args: string[]): Background {
    const full = ['--kubeconfig', this.kubeconfig, '--cache-dir', join(this.dir, 'cache'), ...args];
    const child = spawn(this.bin, full, { cwd: this.dir, env: { PATH: process.env.PATH ?? '', HOME: this.dir } });
    const bg: Background = {
      stdout: '',
      stderr: '',
      exited: new Promise((r) => child.on('close', (code) => r(code))),
      async waitFor(pred, timeoutMs = 10000) {
        const deadline = Date.now() + timeoutMs;
        while (!pred(bg.stdout)) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for kubectl output; got:\n${bg.stdout}\nstderr:\n${bg.stderr}`);
          await new Promise((r) => setTimeout(r, 25));
        }
      },
      async stop() {
        if (child.exitCode === null) child.kill('SIGTERM');
        await bg.exited;
      },
    };
    child.stdout.on('data', (d: Buffer) => (bg.stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (bg.stderr += d.toString()));
    return bg;
  }
}

export interface Background {
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
  waitFor(pred: (stdout: string) => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Splits kubectl table output into rows of cells (columns are separated by 2+ spaces). */
export function tableRows(out: string): string[][] {
  return out.trimEnd().split('\n').filter((l) => l.trim() !== '').map((l) => l.trim().split(/\s{2,}/));
}
