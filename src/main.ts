#!/usr/bin/env node
// The CLI: parse flags, build the app, listen. SIGTERM/SIGINT close cleanly.
import { buildApp } from './app.js';
import { FlagError, helpText, intFlag, parseFlags } from './cli.js';

async function main(): Promise<void> {
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
  const port = intFlag(flags, 'port', 0, 65535)!;
  const host = String(flags.host);
  const sim = await buildApp({
    watchHistory: intFlag(flags, 'watch-history', 1, 10_000_000),
    seed: intFlag(flags, 'seed', 0, 2 ** 32 - 1),
  });
  await sim.app.listen({ port, host });
  const addr = sim.app.server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  process.stdout.write(`kubesim serving on http://${shownHost}:${actual}\n`);
  const stop = async () => {
    await sim.app.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e) => {
  process.stderr.write(`kubesim: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
