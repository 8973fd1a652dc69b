// The pods' node-level subresources, which the apiserver proxies to the kubelet: log, exec, attach
// and portforward. kubesim's pods run no processes, so:
//   - pods/log serves the simulated container log (src/simulator/logs.ts), with follow, tailLines,
//     previous, timestamps, sinceSeconds/sinceTime and limitBytes as the kubelet reads them;
//   - exec, attach (and so kubectl cp) and portforward answer a 400 Status that says so. kubectl
//     1.35 tries a WebSocket upgrade first and falls back to SPDY when the upgrade is refused; both
//     are refused before any 101 with the Status as the body, which client-go decodes and kubectl
//     prints ("Error from server (BadRequest): exec is not supported by kubesim: ...").
// Routes for these paths are more specific than the generic /api/* route, so they win in routing.
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, isStatusError, methodNotAllowedHere } from '../machinery/status.js';
import type { KObject } from '../machinery/types.js';
import type { Registry } from '../registry/registry.js';
import {
  containerLog, formatLines, logContainer, logEnded, selectLines, type LogFormat, type LogLine,
} from '../simulator/logs.js';
import * as qp from './query.js';

export interface PodConnectDeps {
  registry: Registry;
}

interface Params {
  namespace: string;
  name: string;
}

const ALL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const BASE = '/api/v1/namespaces/:namespace/pods/:name';

/** What each refused subresource is called in the message (kubectl's verbs that reach it). */
const REFUSED: Record<string, string> = {
  exec: 'exec (kubectl exec, kubectl cp)',
  attach: 'attach',
  portforward: 'port-forward',
};

export function registerPodConnect(app: FastifyInstance, deps: PodConnectDeps): void {
  app.route({ method: [...ALL_METHODS], url: `${BASE}/log`, handler: (req, reply) => podLog(deps, req, reply) });
  for (const [sub, what] of Object.entries(REFUSED)) {
    // preHandler, not handler: @fastify/websocket answers an upgrade request with a 101 before the
    // handler runs; failing earlier sends the Status as a plain HTTP response instead.
    const refuse = async (req: FastifyRequest) => {
      if (req.method !== 'GET' && req.method !== 'POST') throw methodNotAllowedHere();
      const { namespace, name } = req.params as Params;
      deps.registry.get(deps.registry.resource('', 'pods'), namespace, name);
      throw badRequest(`${what} is not supported by kubesim: pods run no processes (pod ${namespace}/${name})`);
    };
    app.route({ method: [...ALL_METHODS], url: `${BASE}/${sub}`, preHandler: refuse, handler: async () => undefined });
  }
}

function logFormat(q: qp.Query, now: number): LogFormat {
  const f: LogFormat = { timestamps: qp.bool(q, 'timestamps') === true };
  const tail = qp.int(q, 'tailLines');
  if (tail !== undefined && tail >= 0) f.tailLines = tail;
  const since = qp.int(q, 'sinceSeconds');
  if (since !== undefined) {
    if (since < 1) throw badRequest('sinceSeconds must be greater than 0');
    f.since = now - since * 1000;
  }
  const sinceTime = qp.one(q, 'sinceTime');
  if (sinceTime !== undefined) {
    const t = Date.parse(sinceTime);
    if (Number.isNaN(t)) throw badRequest(`sinceTime: invalid value ${JSON.stringify(sinceTime)}`);
    f.since = t;
  }
  const limit = qp.int(q, 'limitBytes');
  if (limit !== undefined) {
    if (limit < 1) throw badRequest('limitBytes must be greater than 0');
    f.limitBytes = limit;
  }
  return f;
}

async function podLog(deps: PodConnectDeps, req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  if (req.method !== 'GET') throw methodNotAllowedHere();
  const { namespace, name } = req.params as Params;
  const q = req.query as qp.Query;
  const pods = deps.registry.resource('', 'pods');
  const pod = deps.registry.get(pods, namespace, name).obj;
  const target = logContainer(pod, { container: qp.one(q, 'container') });
  if (isStatusError(target)) throw target;
  const f = logFormat(q, deps.registry.now());
  const lines = containerLog(pod, target.name, target.init, qp.bool(q, 'previous') === true);
  if (isStatusError(lines)) throw lines;
  reply.code(200).header('Content-Type', 'text/plain');
  const first = formatLines(selectLines(lines ?? [], f), f);
  if (qp.bool(q, 'follow') !== true || lines === undefined || logEnded(pod, target.name, target.init)) {
    return reply.send(f.limitBytes !== undefined ? Buffer.from(first).subarray(0, f.limitBytes) : first);
  }
  return reply.send(follow(deps.registry, req, pod, target, f, lines, first));
}

/** A followed log: what is there now, then each new line as the pod changes, until the container exits or the pod goes. */
function follow(r: Registry, req: FastifyRequest, pod: KObject, target: { name: string; init: boolean }, f: LogFormat,
  seenLines: LogLine[], first: string): PassThrough {
  const out = new PassThrough();
  const seen = new Map<string, number>();
  const key = (l: LogLine) => `${l.time}\u0000${l.text}`;
  for (const l of seenLines) seen.set(key(l), (seen.get(key(l)) ?? 0) + 1);
  let budget = f.limitBytes ?? Infinity;
  const write = (text: string): void => {
    const b = Buffer.from(text);
    out.write(b.subarray(0, Math.min(b.length, budget)));
    budget -= b.length;
    if (budget <= 0) stop();
  };
  const uid = pod.metadata.uid;
  const off = r.watch(r.resource('', 'pods'), (ev) => {
    const o = ev.object.obj;
    if (o.metadata.namespace !== pod.metadata.namespace || o.metadata.name !== pod.metadata.name) return;
    if (ev.type === 'DELETED' || o.metadata.uid !== uid) return stop();
    const now = containerLog(o, target.name, target.init);
    if (!Array.isArray(now)) return;
    const fresh: LogLine[] = [];
    const counts = new Map<string, number>();
    for (const l of now) {
      const n = (counts.get(key(l)) ?? 0) + 1;
      counts.set(key(l), n);
      if (n > (seen.get(key(l)) ?? 0)) {
        seen.set(key(l), n);
        fresh.push(l);
      }
    }
    if (fresh.length) write(formatLines(fresh, f));
    if (logEnded(o, target.name, target.init)) stop();
  });
  let stopped = false;
  function stop(): void {
    if (stopped) return;
    stopped = true;
    off();
    out.end();
  }
  req.raw.on('close', stop);
  write(first);
  return out;
}
