// `kubesim routes svc/NAME [-n NS] [--node N] [--server URL] [--token T] [-o table|json]`: asks a
// running kubesim for a Service's routes (the routing API) and prints them as a table, one row
// per node and kind of traffic. Exit code 0 on success, 1 when the server says no (its Status
// message is printed, like kubectl's "Error from server"), 2 for bad arguments.
import type { NodeRoutes, RouteEndpoint, ServiceRoutes, TrafficRoute } from '../routing/routes.js';

export const ROUTES_USAGE = `Usage: kubesim routes svc/NAME [-n NAMESPACE] [--node NODE] [--server URL] [--token T] [-o table|json]

Prints where each node's kube-proxy would send the Service's traffic, computed from its
EndpointSlices by a running kubesim (GET /kubesim/v1/namespaces/NS/services/NAME/routes).

  -n, --namespace NS   the Service's namespace (default "default")
  --node NODE          one node only (default: every node)
  --server URL         the kubesim to ask (default $KUBESIM_URL or http://127.0.0.1:8080)
  --token T            bearer token, if kubesim runs with --token (default $KUBESIM_TOKEN)
  -o, --output FORMAT  table (default) or json
`;

export interface RoutesArgs {
  name: string;
  namespace: string;
  node?: string;
  server: string;
  token?: string;
  output: 'table' | 'json';
}

export class RoutesUsageError extends Error {}

const VALUE_FLAGS: Record<string, keyof RoutesArgs> = {
  '-n': 'namespace', '--namespace': 'namespace', '--node': 'node', '--server': 'server', '--token': 'token',
  '-o': 'output', '--output': 'output',
};

/** "svc/web", "service/web", "services/web" or plain "web". */
function serviceName(arg: string): string {
  const m = /^(?:(svc|service|services)\/)?([^/]+)$/.exec(arg);
  if (!m) throw new RoutesUsageError(`expected svc/NAME, got ${JSON.stringify(arg)}`);
  return m[2];
}

export function parseRoutesArgs(argv: string[], env: Record<string, string | undefined> = {}): RoutesArgs {
  const out: Partial<RoutesArgs> = {};
  let name: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const key = VALUE_FLAGS[flag];
    if (key) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new RoutesUsageError(`${flag} needs a value`);
      (out as Record<string, string>)[key] = v;
    } else if (a.startsWith('-')) {
      throw new RoutesUsageError(`unknown flag ${flag}`);
    } else if (name === undefined) {
      name = serviceName(a);
    } else {
      throw new RoutesUsageError(`unexpected argument ${JSON.stringify(a)}`);
    }
  }
  if (name === undefined) throw new RoutesUsageError('which Service? (kubesim routes svc/NAME)');
  const output = out.output ?? 'table';
  if (output !== 'table' && output !== 'json') throw new RoutesUsageError(`--output must be table or json, got ${JSON.stringify(output)}`);
  return {
    name, namespace: out.namespace ?? 'default', node: out.node, output,
    server: (out.server ?? env.KUBESIM_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, ''),
    token: out.token ?? env.KUBESIM_TOKEN,
  };
}

function endpointText(e: RouteEndpoint): string {
  const where = [e.targetRef?.name, e.nodeName, e.zone].filter(Boolean).join(' ');
  const state = e.ready ? '' : e.terminating ? ' terminating' : ' not-ready';
  return `${e.address}${where || state ? ` (${where}${state})` : ''}`;
}

function rowsOf(n: NodeRoutes): string[][] {
  const row = (traffic: string, r: TrafficRoute) => [n.node, n.zone ?? '<none>', traffic, r.policy, r.source,
    String(r.endpoints.length), r.endpoints.map(endpointText).join(', ') || '<none>'];
  const rows = [row('internal', n.internal)];
  if (n.external) rows.push(row('external', n.external));
  return rows;
}

/** kubectl-style columns: left-aligned, three spaces apart, the last column as long as it is. */
export function routesTable(body: NodeRoutes | ServiceRoutes): string {
  const nodes = 'nodes' in body ? body.nodes : [body];
  const rows = [['NODE', 'ZONE', 'TRAFFIC', 'POLICY', 'SOURCE', 'N', 'ENDPOINTS'], ...nodes.flatMap(rowsOf)];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] + 3))).join('')).join('\n') + '\n';
}

export interface Output {
  stdout(s: string): void;
  stderr(s: string): void;
}

/** Runs the command; resolves with the exit code. */
export async function runRoutes(argv: string[], io: Output, env: Record<string, string | undefined> = process.env): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(ROUTES_USAGE);
    return 0;
  }
  let args: RoutesArgs;
  try {
    args = parseRoutesArgs(argv, env);
  } catch (e) {
    if (!(e instanceof RoutesUsageError)) throw e;
    io.stderr(`kubesim routes: ${e.message}\n${ROUTES_USAGE}`);
    return 2;
  }
  const q = args.node !== undefined ? `?node=${encodeURIComponent(args.node)}` : '';
  const url = `${args.server}/kubesim/v1/namespaces/${encodeURIComponent(args.namespace)}/services/${encodeURIComponent(args.name)}/routes${q}`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { Accept: 'application/json', ...(args.token ? { Authorization: `Bearer ${args.token}` } : {}) } });
  } catch (e) {
    io.stderr(`kubesim routes: cannot reach ${args.server}: ${(e as Error).cause ?? (e as Error).message}\n`);
    return 1;
  }
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    io.stderr(`kubesim routes: ${args.server} answered ${res.status} with something that is not JSON (is it kubesim?)\n`);
    return 1;
  }
  if (!res.ok) {
    io.stderr(`Error from server (${body?.reason ?? res.status}): ${body?.message ?? text}\n`);
    return 1;
  }
  if (args.output === 'json') io.stdout(`${JSON.stringify(body, null, 2)}\n`);
  else io.stdout(routesTable(body));
  return 0;
}
