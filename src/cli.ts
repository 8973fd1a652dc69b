// Command-line flags: one table drives parsing, validation and --help.
export interface FlagSpec {
  name: string;
  arg?: string;
  help: string;
  default?: string;
  repeatable?: boolean;
}

export const FLAGS: FlagSpec[] = [
  { name: 'port', arg: 'N', help: 'port to listen on; 0 picks a free one and prints the URL', default: '8080' },
  { name: 'host', arg: 'ADDR', help: 'address to bind (loopback unless you mean otherwise)', default: '127.0.0.1' },
  { name: 'watch-history', arg: 'N', help: 'watch events kept per resource for resuming from a resourceVersion', default: '10000' },
  { name: 'seed', arg: 'N', help: 'seed for generated names, uids and allocations (reproducible runs)' },
  // ---- simulated cluster ----
  { name: 'nodes', arg: 'N', help: 'simulated nodes created at start (0 for none)', default: '3' },
  { name: 'zones', arg: 'A,B,...', help: 'zones the simulated nodes are spread over (topology.kubernetes.io/zone)', default: 'zone-a,zone-b,zone-c' },
  { name: 'cluster-cidr', arg: 'CIDRS', help: 'pod CIDRs, comma-separated, at most one per IP family; the first family is primary', default: '10.244.0.0/16,fd00:10:244::/56' },
  { name: 'node-cidr-mask-size-ipv4', arg: 'N', help: "prefix length of each node's IPv4 pod CIDR", default: '24' },
  { name: 'node-cidr-mask-size-ipv6', arg: 'N', help: "prefix length of each node's IPv6 pod CIDR", default: '64' },
  { name: 'pod-lifecycle', arg: 'auto|manual', help: 'auto: pods are scheduled, get IPs and turn Ready; manual: clients own pod status', default: 'auto' },
  { name: 'max-grace-seconds', arg: 'N', help: 'longest a terminating pod lingers before removal (caps gracePeriodSeconds)', default: '2' },
  { name: 'job-run-seconds', arg: 'S', help: 'how long pods with restartPolicy Never/OnFailure run before they exit (kubesim.io/run-seconds overrides)', default: '1' },
  // ---- controllers ----
  { name: 'max-endpoints-per-slice', arg: 'N', help: 'endpoints per EndpointSlice written by the controller (1..1000)', default: '100' },
  { name: 'mirroring-max-endpoints-per-subset', arg: 'N', help: 'endpoints mirrored per Endpoints subset (1..1000)', default: '1000' },
  { name: 'controller-batch-ms', arg: 'MS', help: 'delay before a queued Service syncs, batching write storms', default: '5' },
  { name: 'service-cidrs', arg: 'CIDRS', help: 'Service ClusterIP ranges, comma-separated (one per family; first is primary)', default: '10.96.0.0/16,fd00:10:96::/112' },
  { name: 'bookmark-interval', arg: 'SECONDS', help: 'interval of BOOKMARK events on watches that allow them', default: '15' },
  { name: 'watch-buffer-budget', arg: 'MIB', help: 'unread watch bytes all watchers together may hold (each at most 8 MiB); the furthest behind are ended beyond it', default: '128' },
  // ---- test fixture / dev server ----
  { name: 'kubeconfig', arg: 'PATH', help: 'write a kubeconfig for this server (token and CA included) to PATH' },
  { name: 'load', arg: 'FILE|DIR', help: 'apply YAML/JSON manifests at start (multi-document, List kinds)', repeatable: true },
  { name: 'state-file', arg: 'PATH', help: 'keep the state in PATH (+ PATH.journal) across restarts' },
  { name: 'record', arg: 'FILE', help: 'write every watch event to FILE (JSON lines) for kubesim replay' },
  { name: 'fault', arg: 'RULE', help: 'inject faults, e.g. verb=list,resource=pods,status=429,retryAfter=2,count=1', repeatable: true },
  { name: 'faults-file', arg: 'PATH', help: 'fault rules from a JSON or YAML file' },
  { name: 'token', arg: 'T', help: 'require this bearer token on every API path but health and version', repeatable: true },
  { name: 'tls', help: 'serve https with a self-signed certificate made at start' },
  { name: 'tls-cert', arg: 'PATH', help: 'serve https with this PEM certificate (with --tls-key)' },
  { name: 'tls-key', arg: 'PATH', help: 'PEM private key for --tls-cert' },
  { name: 'exit-with-parent', help: 'exit when the process that started kubesim goes away (on by default; =false to outlive it)', default: 'true' },
  { name: 'help', help: 'print this help and exit' },
];

export type ParsedFlags = Record<string, string | string[] | boolean | undefined>;

export class FlagError extends Error {}

export function parseFlags(argv: string[], specs: FlagSpec[] = FLAGS): ParsedFlags {
  const out: ParsedFlags = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new FlagError(`unexpected argument ${JSON.stringify(a)}`);
    const eq = a.indexOf('=');
    const name = a.slice(2, eq > 0 ? eq : undefined);
    const spec = specs.find((s) => s.name === name);
    if (!spec) throw new FlagError(`unknown flag --${name} (see --help)`);
    let value: string | boolean = true;
    if (spec.arg) {
      if (eq > 0) value = a.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new FlagError(`--${name} needs a value (${spec.arg})`);
    } else if (eq > 0) {
      value = !['false', '0', 'no'].includes(a.slice(eq + 1));
    }
    if (spec.repeatable) out[name] = [...((out[name] as string[] | undefined) ?? []), String(value)];
    else out[name] = value;
  }
  for (const s of specs) if (out[s.name] === undefined && s.default !== undefined) out[s.name] = s.repeatable ? [s.default] : s.default;
  return out;
}

export function intFlag(f: ParsedFlags, name: string, min: number, max: number): number | undefined {
  const v = f[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new FlagError(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return n;
}

/** Flag names longer than the column start their description on the next line, never run into it. */
const HELP_COLUMN = 34;

export function helpText(specs: FlagSpec[] = FLAGS): string {
  const rows = specs.map((s) => {
    const left = `  --${s.name}${s.arg ? ` ${s.arg}` : ''}`;
    const def = s.default !== undefined ? ` (default ${s.default})` : '';
    const rep = s.repeatable ? ' [repeatable]' : '';
    const lead = left.length + 2 <= HELP_COLUMN ? left.padEnd(HELP_COLUMN) : `${left}\n${' '.repeat(HELP_COLUMN)}`;
    return `${lead}${s.help}${def}${rep}`;
  });
  return ['Usage: kubesim [flags]   (node_modules/.bin/kubesim, npx kubesim, or npm start -- [flags])', '',
    'An offline Kubernetes API simulator: Services, Pods, EndpointSlices and their neighbours, with watch',
    'and an embedded EndpointSlice controller.', '', 'Flags:', ...rows, '',
    'Commands:', "  routes svc/NAME [-n NS] [--node N]  where each node sends a Service's traffic (kubesim routes --help)",
    '  export [--server URL] [--exact]      the state as YAML for --load or kubectl apply -f (kubesim export --help)',
    '  replay FILE [--speed N] [--port P]   serve a --record file back to clients (kubesim replay --help)', ''].join('\n');
}
