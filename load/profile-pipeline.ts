// Where each pod's microseconds go in the whole pipeline (POST → scheduled → kubelet status →
// Ready → in its Service's slices), from a V8 CPU profile of the in-process run:
//
//   node --import tsx load/profile-pipeline.ts [--pods N] [--services N] [--connections N]
//        [--warm N] [--watchers N] [--user-agent UA] [--interval µs] [--out file.cpuprofile]
//   node --import tsx load/profile-pipeline.ts --from file.cpuprofile --pods N   (attribute a saved profile)
//
// kubesim runs in this process with the simulated cluster and every controller on; autocannon POSTs
// the pods from a worker thread (not profiled). The profiler (node:inspector, Profiler.start/stop)
// covers first POST → every pod Ready and in the slices. Samples are attributed by walking their
// stacks (lib/stages.ts): a stage table, WHO × WHAT, and the top self-time frames, in markdown.
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { arch, cpus } from 'node:os';
import { nodesFor, runPipeline } from './lib/pipeline.js';
import { attribute, formatAttribution, type CpuProfile } from './lib/stages.js';

interface Args {
  pods: number;
  services: number;
  connections: number;
  interval: number;
  out?: string;
  /** User-Agent of the POSTs (none by default, as autocannon): a client's makes its pods carry managedFields. */
  userAgent?: string;
  from?: string;
  warm: number;
  watchers: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { pods: 3000, services: 1, connections: 16, interval: 200, warm: 300, watchers: 0 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const val = () => inline ?? argv[++i];
    const int = (name: string) => {
      const v = Number(val());
      if (!Number.isInteger(v) || v < 0) throw new Error(`${name} needs a whole number`);
      return v;
    };
    if (flag === '--pods') a.pods = Math.max(1, int('--pods'));
    else if (flag === '--services') a.services = Math.max(1, int('--services'));
    else if (flag === '--connections') a.connections = Math.max(1, int('--connections'));
    else if (flag === '--interval') a.interval = Math.max(50, int('--interval'));
    else if (flag === '--warm') a.warm = int('--warm');
    else if (flag === '--watchers') a.watchers = int('--watchers');
    else if (flag === '--user-agent') a.userAgent = val();
    else if (flag === '--out') a.out = val();
    else if (flag === '--from') a.from = val();
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write('usage: node --import tsx load/profile-pipeline.ts [--pods N] [--services N] [--connections N] [--warm N] [--watchers N] [--user-agent UA] [--interval µs] [--out file.cpuprofile] | --from file.cpuprofile --pods N\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (a.pods > 200_000) throw new Error('--pods: at most 200000');
  return a;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (m: string) => process.stderr.write(`${m}\n`);
  if (args.from) {
    const saved = JSON.parse(readFileSync(args.from, 'utf8')) as CpuProfile;
    process.stdout.write(`${args.from}, per pod = / ${args.pods}\n\n${formatAttribution(attribute(saved), args.pods)}\n`);
    return;
  }
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: args.interval });
  let profile: CpuProfile | undefined;
  const r = await runPipeline({
    connections: args.connections, pods: args.pods, services: args.services, capacityPods: args.pods, warmPods: args.warm, watchers: args.watchers, userAgent: args.userAgent, log,
    beforeLoad: async () => {
      await session.post('Profiler.start');
    },
    afterSettled: async () => {
      profile = (await session.post('Profiler.stop')).profile as unknown as CpuProfile;
    },
  });
  await r.sim.close();
  session.disconnect();
  if (!profile) throw new Error('no profile');
  if (args.out) writeFileSync(args.out, JSON.stringify(profile));
  const a = attribute(profile);
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'} (${arch()}), node ${process.version}`;
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  process.stdout.write([
    `${machine}; ${r.pods} pods over ${args.services} Service(s), ${nodesFor(args.pods + args.warm)} nodes, ${args.connections} connections, ` +
      `${args.watchers} HTTP pod watcher(s), ${args.userAgent ? `User-Agent ${JSON.stringify(args.userAgent)}` : 'no User-Agent (no field manager)'}, ` +
      `sampling every ${args.interval} µs`,
    '',
    `- end to end (first create → every pod Ready and in the slices): ${(r.endToEndMs / 1000).toFixed(2)} s, **${r.podsPerSec.toFixed(0)} pods/s**; ` +
      `slices ${r.convergeMs.toFixed(0)} ms behind the last create`,
    `- CPU: server process ${r.cpuMs.toFixed(0)} ms (**${((r.cpuMs * 1000) / r.pods).toFixed(0)} µs per pod**; autocannon runs in a child process); ` +
      `main thread sampled busy ${(a.totalUs / 1000).toFixed(0)} ms of ${wallMs.toFixed(0)} ms (${(a.totalUs / r.pods).toFixed(0)} µs per pod; ` +
      'more than the CPU when the machine is loaded: samples are wall time)',
    `- writes: ${r.podWrites} pod (${(r.podWrites / r.pods).toFixed(1)} per pod), ${r.sliceWrites} EndpointSlice, ${r.endpointsWrites} Endpoints; ` +
      `POST ${r.post.rps.toFixed(0)} req/s, ${r.post.errors} errors`,
    '',
    formatAttribution(a, r.pods),
    '',
  ].join('\n'));
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
