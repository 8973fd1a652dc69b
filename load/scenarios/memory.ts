// Memory with 150,000 pods (running, with IPs) and 10,000 Services over 100 namespaces, controllers
// settled (slices and Endpoints written): heapUsed and RSS after GC, in a child process started with
// --expose-gc so nothing else the bench holds is counted.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../lib/report.js';

export const params = { pods: 150_000, services: 10_000, namespaces: 100 };

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

interface Figures {
  heapUsed: number;
  rss: number;
  podsMs: number;
  loadMs: number;
  pods: number;
  services: number;
  slices: number;
  endpoints: number;
}

function runChild(args: string[]): Promise<Figures> {
  const script = fileURLToPath(new URL('../memory-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`memory child exited ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as Figures);
    });
  });
}

export const scenario: Scenario = {
  name: 'memory',
  async run(ctx) {
    const scale = ctx.quick ? 10 : 1;
    const pods = params.pods / scale;
    const services = params.services / scale;
    ctx.log(`  loading ${pods} pods + ${services} Services in a child process`);
    const f = await runChild(['--pods', String(pods), '--services', String(services), '--namespaces', String(params.namespaces)]);
    return [{
      scenario: `memory ${pods / 1000}k pods + ${services / 1000}k svcs`, kubesim: f.heapUsed / MiB, unit: 'MiB heapUsed',
      target: ctx.quick ? '' : '< 1.5 GiB', met: f.rss < 1.5 * GiB,
      note: `RSS ${(f.rss / MiB).toFixed(0)} MiB after GC; ${f.slices} slices, ${f.endpoints} Endpoints; load ${(f.loadMs / 1000).toFixed(1)} s (pods ${(f.podsMs / 1000).toFixed(1)} s)`,
    }];
  },
};
