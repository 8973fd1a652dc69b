// Fault injection over HTTP: an onRequest hook that applies the injector's decision to API
// requests, the watch interceptor the watch handler consults, and the admin API:
//
//   GET    /kubesim/v1/faults        the installed rules with their hit counts
//   POST   /kubesim/v1/faults        add a rule, an array of rules, or {faults|items: [...]} (JSON or YAML)
//   DELETE /kubesim/v1/faults        remove every rule
//   DELETE /kubesim/v1/faults/{id}   remove one rule
//   POST   /kubesim/v1/reset         a fresh cluster (and the start-up fault rules)
//
// The admin paths sit behind the same bearer tokens as the API (the auth hook runs first).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parse as parseYAML } from 'yaml';
import { badRequest, notFound, success } from '../machinery/status.js';
import { resolvePathCached, splitGroupVersion } from '../http/paths.js';
import type { Query } from '../http/query.js';
import type { WatchInterceptor } from '../http/watch.js';
import type { Registry } from '../registry/registry.js';
import type { FaultInjector, RequestInfo, WatchFault } from './injector.js';
import { FaultRuleError, rulesFromDocument, type FaultVerb } from './rules.js';

export const ADMIN_PREFIX = '/kubesim/v1';

const TRUE = new Set(['', '1', 't', 'T', 'true', 'TRUE', 'True']);

function flag(q: Query, key: string): boolean {
  const v = q[key];
  return TRUE.has(String(Array.isArray(v) ? v[0] : v ?? 'false'));
}

/** Describes an API request for rule matching; undefined for anything that is not a resource request. */
export function requestInfo(registry: Registry, req: FastifyRequest): RequestInfo | undefined {
  const gv = splitGroupVersion(req.url);
  if (!gv || gv.rest.length === 0) return undefined;
  let p;
  try {
    p = resolvePathCached(registry, gv);
  } catch {
    return undefined;
  }
  const q = (req.query ?? {}) as Query;
  const named = p.name !== undefined;
  const verbs: Record<string, FaultVerb | undefined> = {
    GET: p.watchPrefix || flag(q, 'watch') ? 'watch' : named ? 'get' : 'list',
    POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: named ? 'delete' : 'deletecollection',
  };
  const verb = verbs[req.method];
  if (!verb) return undefined;
  const { group, resource } = p.strategy.info;
  return {
    verb, group, resource, subresource: p.subresource, namespace: p.namespace, name: p.name,
    hasContinue: typeof q.continue === 'string' && q.continue !== '',
  };
}

/** The interceptor for one watch stream: counts events and cuts the stream as the fault says. */
export function watchInterceptor(f: WatchFault): WatchInterceptor {
  let sent = 0;
  return {
    atOpen: () => (f.after === 0 ? f.verdict : 'send'),
    beforeEvent: () => {
      if (sent >= f.after) return f.verdict;
      sent++;
      return 'send';
    },
  };
}

/** For RouteDeps.interceptWatch. */
export function interceptWatchFor(faults: FaultInjector): (req: FastifyRequest) => WatchInterceptor | undefined {
  return (req) => {
    const f = faults.takeWatchFault(req);
    return f && watchInterceptor(f);
  };
}


function json(reply: FastifyReply, code: number, v: unknown): FastifyReply {
  return reply.code(code).header('Content-Type', 'application/json').send(JSON.stringify(v));
}

function ruleList(faults: FaultInjector) {
  return { kind: 'FaultRuleList', apiVersion: 'kubesim/v1', items: faults.list() };
}

function parseBody(body: unknown): unknown {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
  if (!text.trim()) throw badRequest('the request body must hold a fault rule (JSON or YAML)');
  try {
    return parseYAML(text);
  } catch (e) {
    throw badRequest(`the request body is not JSON or YAML: ${(e as Error).message.split('\n')[0]}`);
  }
}

export interface FaultRoutesDeps {
  registry: Registry;
  faults: FaultInjector;
  /** The whole-cluster reset behind POST /kubesim/v1/reset. */
  reset: () => void;
}

/** Installs the fault hook and the admin API. Register after the routes, so authentication runs first. */
export function registerFaults(app: FastifyInstance, deps: FaultRoutesDeps): void {
  const { faults, registry } = deps;
  // A callback hook, not an async one: with no rules it costs the request nothing but a size check.
  app.addHook('onRequest', (req, _reply, done) => {
    if (faults.size === 0 || req.url.startsWith(`${ADMIN_PREFIX}/`)) return done();
    const info = requestInfo(registry, req);
    const d = info && faults.decide(info);
    if (!d) return done();
    const finish = () => {
      if (d.error) return done(d.error);
      if (d.watch) faults.holdWatchFault(req, d.watch);
      done();
    };
    if (d.latencyMs > 0) setTimeout(finish, d.latencyMs);
    else finish();
  });

  app.get(`${ADMIN_PREFIX}/faults`, async (_req, reply) => json(reply, 200, ruleList(faults)));
  app.post(`${ADMIN_PREFIX}/faults`, async (req, reply) => {
    let rules;
    try {
      rules = rulesFromDocument(parseBody(req.body));
    } catch (e) {
      if (e instanceof FaultRuleError) throw badRequest(`invalid fault rule: ${e.message}`);
      throw e;
    }
    const added = rules.map((r) => faults.add(r));
    return json(reply, 201, { kind: 'FaultRuleList', apiVersion: 'kubesim/v1', items: added });
  });
  app.delete(`${ADMIN_PREFIX}/faults`, async (_req, reply) => {
    faults.clear();
    return json(reply, 200, success());
  });
  app.delete(`${ADMIN_PREFIX}/faults/:id`, async (req, reply) => {
    const { id } = req.params as { id: string };
    if (!faults.remove(id)) throw notFound('faults', 'kubesim', id);
    return json(reply, 200, success({ name: id, kind: 'faults' }));
  });
  app.post(`${ADMIN_PREFIX}/reset`, async (_req, reply) => {
    deps.reset();
    return json(reply, 200, success());
  });
}
