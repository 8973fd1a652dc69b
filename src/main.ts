#!/usr/bin/env node
// The CLI: parse flags, start the server (src/index.ts), print where it listens. SIGTERM/SIGINT
// close cleanly (and save the state with --state-file).
import { readFileSync } from 'node:fs';
import { FlagError, helpText, intFlag, parseFlags, type ParsedFlags } from './cli.js';
import { FaultRuleError, parseRuleFlag, parseRulesText, type FaultRule } from './faults/index.js';
import { startKubesim, type StartOptions } from './index.js';
import { runRoutes } from './commands/routes.js';
import { runExport } from './commands/export.js';
import { runReplay } from './commands/replay.js';
import { ManifestError } from './manifests.js';
import { StateFileError } from './persistence/index.js';
import { checkKeyPair } from './tls.js';
import { networkError, type PodLifecycleMode } from './simulator/index.js';
import { listenErrorMessage, watchParent } from './owner.js';

const list = (v: ParsedFlags[string]): string[] => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []);
const str = (v: ParsedFlags[string]): string | undefined => (typeof v === 'string' ? v : undefined);

/** An error the user can fix: printed without a stack trace, exit code 1. */
class UsageError extends Error {}

function readText(what: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${what} ${path}: ${(e as Error).message}`);
  }
}

function faultRules(flags: ParsedFlags): FaultRule[] {
  const rules = list(flags.fault).map(parseRuleFlag);
  const file = str(flags['faults-file']);
  if (file) rules.push(...parseRulesText(readText('--faults-file', file), file));
  return rules;
}

function tlsOption(flags: ParsedFlags): StartOptions['tls'] {
  const cert = str(flags['tls-cert']);
  const key = str(flags['tls-key']);
  if (!cert !== !key) throw new FlagError('--tls-cert and --tls-key go together');
  if (cert && flags.tls === true) throw new FlagError('--tls makes a self-signed certificate and --tls-cert brings one: use either, not both');
  if (cert && key) {
    const pair = { cert: readText('--tls-cert', cert), key: readText('--tls-key', key) };
    try {
      checkKeyPair(pair);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    return pair;
  }
  return flags.tls === true;
}

/** A non-negative number of seconds (fractions allowed). */
function secondsFlag(flags: ParsedFlags, name: string): number {
  const v = Number(flags[name]);
  if (!Number.isFinite(v) || v < 0 || v > 86400) throw new UsageError(`--${name} must be a number of seconds from 0 to 86400, got ${JSON.stringify(flags[name])}`);
  return v;
}

function simulatorOptions(flags: ParsedFlags): Partial<StartOptions> {
  const csv = (v: unknown) => String(v ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const mode = String(flags['pod-lifecycle']);
  if (mode !== 'auto' && mode !== 'manual') throw new UsageError(`--pod-lifecycle must be auto or manual, got ${JSON.stringify(mode)}`);
  const o = {
    nodes: intFlag(flags, 'nodes', 0, 65536), zones: csv(flags.zones), podCIDRs: csv(flags['cluster-cidr']),
    nodeCIDRMaskSizes: { v4: intFlag(flags, 'node-cidr-mask-size-ipv4', 1, 32), v6: intFlag(flags, 'node-cidr-mask-size-ipv6', 1, 128) },
    podLifecycle: mode as PodLifecycleMode, maxGraceSeconds: intFlag(flags, 'max-grace-seconds', 0, 86400),
    podStageDelays: { run: secondsFlag(flags, 'job-run-seconds') * 1000 },
  };
  const err = networkError({ podCIDRs: o.podCIDRs, nodeMaskSizes: o.nodeCIDRMaskSizes }, o.nodes);
  if (err) throw new UsageError(`--cluster-cidr: ${err}`);
  return o;
}

function startOptions(flags: ParsedFlags): StartOptions {
  return {
    ...simulatorOptions(flags),
    port: intFlag(flags, 'port', 0, 65535)!,
    host: String(flags.host),
    watchHistory: intFlag(flags, 'watch-history', 1, 10_000_000),
    seed: intFlag(flags, 'seed', 0, 2 ** 32 - 1),
    maxEndpointsPerSlice: intFlag(flags, 'max-endpoints-per-slice', 1, 1000),
    mirroringMaxEndpointsPerSubset: intFlag(flags, 'mirroring-max-endpoints-per-subset', 1, 1000),
    controllerBatchMs: intFlag(flags, 'controller-batch-ms', 0, 60_000),
    serviceCIDRs: String(flags['service-cidrs']).split(',').map((c) => c.trim()).filter(Boolean),
    bookmarkIntervalMs: intFlag(flags, 'bookmark-interval', 1, 3600)! * 1000,
    watchBufferBudget: intFlag(flags, 'watch-buffer-budget', 1, 1 << 20)! * 1024 * 1024,
    tokens: list(flags.token).filter(Boolean),
    tls: tlsOption(flags),
    faults: faultRules(flags),
    load: list(flags.load),
    stateFile: str(flags['state-file']),
    kubeconfigPath: str(flags.kubeconfig),
    record: str(flags.record),
    persistenceOptions: {
      onError: (err) => {
        // Serving on without a journal would acknowledge writes that a restart loses.
        process.stderr.write(`kubesim: ${err.message}; stopping\n`);
        process.exit(1);
      },
    },
  };
}

async function main(): Promise<void> {
  const io = { stdout: (t: string) => process.stdout.write(t), stderr: (t: string) => process.stderr.write(t) };
  if (process.argv[2] === 'routes') {
    process.exitCode = await runRoutes(process.argv.slice(3), io);
    return;
  }
  if (process.argv[2] === 'export') {
    process.exitCode = await runExport(process.argv.slice(3), io);
    return;
  }
  if (process.argv[2] === 'replay') {
    process.exitCode = await runReplay(process.argv.slice(3), io);
    return;
  }
  // A fixture that stops reading (or died) must not turn our next line of output into a crash.
  for (const out of [process.stdout, process.stderr]) out.on('error', () => {});
  let flags;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (e) {
    if (e instanceof FlagError) {
      process.stderr.write(`kubesim: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  if (flags.help) {
    process.stdout.write(helpText());
    return;
  }
  const opts = startOptions(flags);
  let sim;
  try {
    sim = await startKubesim(opts);
  } catch (e) {
    const msg = listenErrorMessage(e, opts.host ?? '127.0.0.1', opts.port ?? 0);
    throw msg ? new UsageError(msg) : e;
  }
  if (flags.kubeconfig) process.stdout.write(`kubeconfig written to ${sim.kubeconfigPath}\n`);
  const stop = async () => {
    await sim.close();
    process.exit(0);
  };
  // Before the line below: a supervisor may signal as soon as it reads it (a clean stop saves the state).
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('SIGHUP', stop);
  // Last, so a supervisor waiting for this line finds everything else in place.
  process.stdout.write(`kubesim serving on ${sim.url}\n`);
  if (flags['exit-with-parent'] === true || flags['exit-with-parent'] === 'true') {
    watchParent((why) => {
      process.stderr.write(`kubesim: ${why}; stopping\n`);
      void stop();
    });
  }
}

main().catch((e) => {
  if (e instanceof FlagError) {
    process.stderr.write(`kubesim: ${e.message}\n`);
    process.exit(2);
  }
  const known = e instanceof UsageError || e instanceof ManifestError || e instanceof FaultRuleError || e instanceof StateFileError;
  process.stderr.write(`kubesim: ${known ? e.message : (e as Error).stack ?? e}\n`);
  process.exit(1);
});
