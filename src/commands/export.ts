// `kubesim export [--server URL] [--token T] [--exact] > state.yaml`: asks a running kubesim for
// its state (GET /kubesim/v1/export) and prints it. Exit code 0 on success, 1 when the server
// cannot be reached or says no, 2 for bad arguments.
import type { Output } from './routes.js';

export const EXPORT_USAGE = `Usage: kubesim export [--server URL] [--token T] [--exact] > state.yaml

Prints a running kubesim's state as multi-document YAML that --load and kubectl apply -f accept:
the objects users made, without server-owned fields and without what the cluster makes itself.

  --server URL   the kubesim to ask (default $KUBESIM_URL or http://127.0.0.1:8080)
  --token T      bearer token, if kubesim runs with --token (default $KUBESIM_TOKEN)
  --exact        a snapshot: every object with its uid, timestamps and status, which
                 kubesim --load restores as it was (pods held in manual lifecycle)
  --insecure     accept any certificate (a kubesim started with --tls)
`;

interface ExportArgs {
  server: string;
  token?: string;
  exact: boolean;
  insecure: boolean;
}

class ExportUsageError extends Error {}

export function parseExportArgs(argv: string[], env: Record<string, string | undefined> = {}): ExportArgs {
  const out: ExportArgs = { server: env.KUBESIM_URL ?? 'http://127.0.0.1:8080', token: env.KUBESIM_TOKEN, exact: false, insecure: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const value = () => {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new ExportUsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--server') out.server = value();
    else if (flag === '--token') out.token = value();
    else if (a === '--exact') out.exact = true;
    else if (a === '--insecure') out.insecure = true;
    else throw new ExportUsageError(a.startsWith('-') ? `unknown flag ${flag}` : `unexpected argument ${JSON.stringify(a)}`);
  }
  out.server = out.server.replace(/\/+$/, '');
  return out;
}

export async function runExport(argv: string[], io: Output, env: Record<string, string | undefined> = process.env): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(EXPORT_USAGE);
    return 0;
  }
  let args: ExportArgs;
  try {
    args = parseExportArgs(argv, env);
  } catch (e) {
    if (!(e instanceof ExportUsageError)) throw e;
    io.stderr(`kubesim export: ${e.message}\n${EXPORT_USAGE}`);
    return 2;
  }
  if (args.insecure) process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  let res: Response;
  try {
    res = await fetch(`${args.server}/kubesim/v1/export${args.exact ? '?exact=true' : ''}`, {
      headers: { Accept: 'application/yaml', ...(args.token ? { Authorization: `Bearer ${args.token}` } : {}) },
    });
  } catch (e) {
    io.stderr(`kubesim export: cannot reach ${args.server}: ${(e as Error).cause ?? (e as Error).message}\n`);
    return 1;
  }
  const text = await res.text();
  if (!res.ok) {
    let msg = text;
    try {
      msg = JSON.parse(text).message ?? text;
    } catch {
      // not a Status: print the text as it came
    }
    io.stderr(`Error from server (${res.status}): ${msg}\n`);
    return 1;
  }
  io.stdout(text);
  return 0;
}
