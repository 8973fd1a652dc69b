// Start-up time: spawn `node dist/main.js --port 0` and time until it prints its "serving" line
// (the CLI prints it last, once it listens). dist/ is rebuilt first when any src/ file is newer.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, type Scenario } from '../lib/report.js';

export const params = { runs: 7 };

const root = fileURLToPath(new URL('../../', import.meta.url));

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function ensureBuilt(log: (m: string) => void): void {
  let built = 0;
  try {
    built = statSync(join(root, 'dist/main.js')).mtimeMs;
  } catch {
    built = 0;
  }
  if (built >= newest(join(root, 'src'))) return;
  log('  dist/ is stale: npm run build');
  // tsc still emits when other files have type errors; the start-up path is what counts here.
  const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) log(`  (tsc exited ${r.status}: ${r.stdout.split('\n')[0]})`);
  // The bin is the bundled CLI (npm run build does both steps).
  const b = spawnSync(process.execPath, ['scripts/bundle-cli.mjs'], { cwd: root, encoding: 'utf8' });
  if (b.status !== 0) log(`  (bundle-cli exited ${b.status}: ${b.stderr.split('\n')[0]})`);
}

/** ms from spawn to the "serving" line; the child is then stopped with SIGTERM. */
function startOnce(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(root, 'dist/main.js'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no "serving" line within 10 s: ${err}`));
    }, 10_000);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      if (!/serving/.test(out)) return;
      const ms = performance.now() - t0;
      clearTimeout(timer);
      child.once('exit', () => resolve(ms));
      child.kill('SIGTERM');
    });
    child.once('error', reject);
  });
}

export const scenario: Scenario = {
  name: 'startup',
  async run(ctx) {
    ensureBuilt(ctx.log);
    const runs = ctx.quick ? 3 : params.runs;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await startOnce());
    const p50 = percentile(times, 50)!;
    return [{
      scenario: 'start-up (dist/main.js → serving)', kubesim: p50, unit: 'ms (median)', p50, p99: Math.max(...times),
      target: '< 300 ms', met: p50 < 300, note: `${runs} spawns, min ${Math.min(...times).toFixed(0)} ms; p99 column = max`,
    }];
  },
};
