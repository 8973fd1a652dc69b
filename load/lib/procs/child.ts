// kubesim as a child process, started the way a user starts it: `node dist/main.js --port 0 ...`.
// dist/ is rebuilt first when any src/ file is newer (as scenarios/startup.ts does).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function ensureBuilt(log: (m: string) => void): void {
  let built = 0;
  try {
    built = statSync(join(root, 'dist/main.js')).mtimeMs;
  } catch {
    built = 0;
  }
  if (built >= newest(join(root, 'src'))) return;
  log('  dist/ is stale: npm run build');
  const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) log(`  (tsc exited ${r.status}: ${r.stdout.split('\n')[0]})`);
  const b = spawnSync(process.execPath, ['scripts/bundle-cli.mjs'], { cwd: root, encoding: 'utf8' });
  if (b.status !== 0) log(`  (bundle-cli exited ${b.status}: ${b.stderr.split('\n')[0]})`);
}

export interface ChildSim {
  url: string;
  pid: number;
  child: ChildProcess;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  close(graceMs?: number): Promise<void>;
}

/** Spawns `node [nodeArgs] dist/main.js --port 0 [args]` and waits for its "serving" line. */
export function spawnKubesim(args: string[], nodeArgs: string[] = [], timeoutMs = 60_000): Promise<ChildSim> {
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'dist/main.js'), '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exited = child.exitCode !== null;
  const gone = new Promise<void>((r) => child.once('exit', () => { exited = true; r(); }));
  const close = async (graceMs = 10_000) => {
    if (exited) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(t);
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const fail = (m: string) => {
      clearTimeout(timer);
      void close(0);
      reject(new Error(`${m}: ${err.slice(-2000)}`));
    };
    const timer = setTimeout(() => fail(`kubesim printed no "serving" line within ${timeoutMs} ms`), timeoutMs);
    child.stderr!.on('data', (d) => (err = (err + d).slice(-8000)));
    child.stdout!.on('data', (d) => {
      if (out === undefined) return;
      out += d;
      const m = /serving on (\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      out = '';
      resolve({ url: m[1], pid: child.pid!, child, close });
    });
    child.once('error', (e) => fail(e.message));
    child.once('exit', (code, sig) => fail(`kubesim exited (${code ?? sig})`));
  });
}
