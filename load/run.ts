// npm run bench [-- --quick] [-- --only <name>[,<name>...]]
// Runs the scenarios in load/scenarios one after another (each with a fresh kubesim) and prints one
// table. Progress goes to stderr; the table goes to stdout.
import { arch, cpus } from 'node:os';
import { formatGoals } from './lib/goals.js';
import { formatTable, type Context, type Row, type Scenario } from './lib/report.js';
import { scenario as getSlice } from './scenarios/get-slice.js';
import { scenario as listPods } from './scenarios/list-pods.js';
import { scenario as listSelector } from './scenarios/list-selector.js';
import { scenario as postPods } from './scenarios/post-pods.js';
import { scenario as pipeline } from './scenarios/pipeline.js';
import { scenario as patchStatus } from './scenarios/patch-status.js';
import { scenario as watchFanout } from './scenarios/watch-fanout.js';
import { scenario as reconcile } from './scenarios/reconcile.js';
import { scenario as startup } from './scenarios/startup.js';
import { scenario as memory } from './scenarios/memory.js';
import { scenario as rollout } from './scenarios/rollout.js';
import { scenario as customResources } from './scenarios/custom-resources.js';
import { scenario as watchProcs } from './scenarios/watch-procs.js';
import { scenario as scale } from './scenarios/scale.js';

const ALL: Scenario[] = [getSlice, listPods, listSelector, postPods, pipeline, patchStatus, watchFanout, reconcile, startup, memory, rollout, customResources, watchProcs, scale];

interface Args {
  quick: boolean;
  only?: Set<string>;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { quick: false };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    if (v === '--quick') a.quick = true;
    else if (v === '--only' || v.startsWith('--only=')) {
      const list = v === '--only' ? argv[++i] : v.slice('--only='.length);
      if (!list) throw new Error('--only needs a scenario name');
      a.only = new Set(list.split(',').map((s) => s.trim()).filter(Boolean));
    } else if (v === '--help' || v === '-h') {
      process.stdout.write(`usage: npm run bench [-- --quick] [-- --only ${ALL.map((s) => s.name).join(',')}]\n`);
      process.exit(0);
    } else throw new Error(`unknown argument ${v}`);
  }
  for (const n of a.only ?? []) {
    if (!ALL.some((s) => s.name === n)) throw new Error(`unknown scenario ${n}; known: ${ALL.map((s) => s.name).join(', ')}`);
  }
  return a;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const ctx: Context = {
    quick: args.quick,
    seconds: (full) => (args.quick ? Math.min(full, 1) : full),
    log: (m) => process.stderr.write(`${m}\n`),
  };
  const rows: Row[] = [];
  const byScenario = new Map<string, Row[]>();
  const started = performance.now();
  for (const s of ALL) {
    if (args.only && !args.only.has(s.name)) continue;
    ctx.log(`▶ ${s.name}`);
    const t = performance.now();
    let got: Row[];
    try {
      got = await s.run(ctx);
    } catch (e) {
      got = [{ scenario: s.name, unit: '', note: `FAILED: ${(e as Error).message}` }];
      ctx.log((e as Error).stack ?? String(e));
    }
    rows.push(...got);
    byScenario.set(s.name, got);
    ctx.log(`  (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'} (${arch()}), node ${process.version}`;
  process.stdout.write(`\n${machine}${args.quick ? ', --quick' : ''}; total ${((performance.now() - started) / 1000).toFixed(0)} s\n\n`);
  process.stdout.write(`${formatTable(rows)}\n`);
  // One line per goal of issue 16, from the rows above (load/lib/goals.ts says which row is which).
  process.stdout.write(`\n${formatGoals(byScenario)}\n`);
  // Servers are closed, but autocannon's or the watchers' threads may linger for a moment.
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
