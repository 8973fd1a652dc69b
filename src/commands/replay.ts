// `kubesim replay FILE [--speed N] [--port P] [--host ADDR] [--token T] [--start-now]`: serves a
// --record file back (src/record/replay.ts). Prints "kubesim serving on URL" once it listens;
// SIGTERM/SIGINT stop it, and so does its parent going away (like the server's --exit-with-parent). Exit code 1 for a file it cannot replay, 2 for bad arguments.
import { RecordingError, startReplay, type ReplayOptions } from '../record/replay.js';
import type { Output } from './routes.js';
import { watchParent } from '../owner.js';

export const REPLAY_USAGE = `Usage: kubesim replay FILE [--speed N] [--port P] [--host ADDR] [--token T] [--start-now]

Serves a recording made with --record FILE: the objects present when it started, then every
recorded event at its time, with its resourceVersion, so informers see the same sequence. No
controllers run and writes are refused. The timeline starts when the first client watches.

  --speed N      play N times faster than recorded (default 1; 10 for ten times)
  --port P       port to listen on (default 8080; 0 picks a free one)
  --host ADDR    address to bind (default 127.0.0.1)
  --token T      require this bearer token (repeatable)
  --start-now    start the timeline at once, not at the first watch
`;

class ReplayUsageError extends Error {}

export function parseReplayArgs(argv: string[]): { file: string; opts: ReplayOptions } {
  const opts: ReplayOptions = { port: 8080, tokens: [] };
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const value = () => {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new ReplayUsageError(`${flag} needs a value`);
      return v;
    };
    const num = (v: string, min: number, max: number) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < min || n > max) throw new ReplayUsageError(`${flag} must be a number from ${min} to ${max}, got ${JSON.stringify(v)}`);
      return n;
    };
    if (flag === '--speed') opts.speed = num(value(), 0.001, 1_000_000);
    else if (flag === '--port') opts.port = Math.trunc(num(value(), 0, 65535));
    else if (flag === '--host') opts.host = value();
    else if (flag === '--token') opts.tokens!.push(value());
    else if (a === '--start-now') opts.startNow = true;
    else if (a.startsWith('-')) throw new ReplayUsageError(`unknown flag ${flag}`);
    else if (file === undefined) file = a;
    else throw new ReplayUsageError(`unexpected argument ${JSON.stringify(a)}`);
  }
  if (file === undefined) throw new ReplayUsageError('which recording? (kubesim replay FILE)');
  return { file, opts };
}

/** Starts the replay server; resolves with an exit code when it cannot start (it keeps serving otherwise). */
export async function runReplay(argv: string[], io: Output): Promise<number | undefined> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(REPLAY_USAGE);
    return 0;
  }
  let args;
  try {
    args = parseReplayArgs(argv);
  } catch (e) {
    if (!(e instanceof ReplayUsageError)) throw e;
    io.stderr(`kubesim replay: ${e.message}\n${REPLAY_USAGE}`);
    return 2;
  }
  let server;
  try {
    server = await startReplay(args.file, args.opts);
  } catch (e) {
    const known = e instanceof RecordingError || (e as NodeJS.ErrnoException).code === 'ENOENT';
    io.stderr(`kubesim replay: ${known ? (e as Error).message : (e as Error).stack}\n`);
    return 1;
  }
  const s = server;
  void s.done.then(() => io.stderr(`kubesim replay: all ${s.total} events replayed; still serving\n`),
    (e: Error) => io.stderr(`kubesim replay: stopped: ${e.message}\n`));
  io.stdout(`kubesim replaying ${args.file} (${s.total} events at ${args.opts.speed ?? 1}x)\n`);
  io.stdout(`kubesim serving on ${s.url}\n`);
  const stop = async () => {
    await s.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('SIGHUP', stop);
  watchParent((why) => {
    io.stderr(`kubesim replay: ${why}; stopping\n`);
    void stop();
  });
  return undefined;
}
