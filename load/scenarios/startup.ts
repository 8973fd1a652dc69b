// Start-up time: spawn `node dist/main.js --port 0` cold and time until GET /readyz answers 200,
// against a bare fastify script (lib/bare-server.mjs) started the same way, alternating, in the same
// run. dist/ is rebuilt first when any src/ file is newer.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../lib/procs/child.js';
import { percentile, type Scenario } from '../lib/report.js';

export const params = { runs: 7 };

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * ms from spawn until GET /readyz answers 200: the child prints its URL once it listens (port 0),
 * then /readyz is asked until it answers 200. The child is then stopped with SIGTERM.
 */
function startOnce(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let asked = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')}: no 200 from /readyz within 10 s: ${err}`));
    }, 10_000);
    const fail = (e: unknown) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e as Error);
    };
    const ask = async (url: string) => {
      for (let i = 0; i < 1000; i++) {
        const res = await fetch(`${url}/readyz`).catch(() => undefined);
        if (res?.status === 200) {
          await res.arrayBuffer();
          return performance.now() - t0;
        }
        await new Promise((r) => setTimeout(r, 2));
      }
      throw new Error(`${url}/readyz never answered 200`);
    };
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /serving on (\S+)/.exec(out);
      if (!m || asked) return;
      asked = true;
      ask(m[1]).then((ms) => {
        clearTimeout(timer);
        child.once('exit', () => resolve(ms));
        child.kill('SIGTERM');
      }, fail);
    });
    child.once('error', fail);
  });
}

export const scenario: Scenario = {
  name: 'startup',
  async run(ctx) {
    ensureBuilt(ctx.log);
    const runs = ctx.quick ? 3 : params.runs;
    const kubesim: number[] = [];
    const bare: number[] = [];
    // Alternating, so load from elsewhere on the machine hits both sides alike.
    for (let i = 0; i < runs; i++) {
      kubesim.push(await startOnce([join(root, 'dist/main.js'), '--port', '0']));
      bare.push(await startOnce([join(root, 'load/lib/bare-server.mjs')]));
    }
    const k = percentile(kubesim, 50)!;
    const b = percentile(bare, 50)!;
    return [{
      scenario: 'start-up (cold → /readyz 200)', kubesim: k, bare: b, unit: 'ms (median)', p50: k, p99: Math.max(...kubesim),
      target: '≤ 1.3× bare', met: k <= 1.3 * b,
      note: `node dist/main.js --port 0 vs bare fastify (lib/bare-server.mjs), ${runs} spawns each, alternating; ` +
        `kubesim min ${Math.min(...kubesim).toFixed(0)} ms, bare min ${Math.min(...bare).toFixed(0)} ms; p99 column = max`,
    }];
  },
};
