// Fastify wiring: body parsing, the one error handler, discovery, health, OpenAPI and the resource
// routes (HTTP and WebSocket).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  internalError, isStatusError, methodNotAllowed, pageNotFound, requestEntityTooLarge, unauthorized,
  badRequest, type Status,
} from '../machinery/status.js';
import type { OpenAPIDocs } from '../registry/schema.js';
import { Counter, type MetricsRegistry } from '../metrics/registry.js';
import {
  AGGREGATED_CONTENT_TYPE, aggregated, apiGroupDoc, apiGroupList, apiResourceList, apiVersions, VERSION_INFO,
  wantsAggregated, type APIServiceGroup,
} from './discovery.js';
import { resolvePathCached, splitGroupVersion, type GroupVersion } from './paths.js';
import { handleResource, type HandlerDeps } from './resources.js';
import { handleWatchSocket } from './watch.js';
import { MAX_BODY_BYTES } from './body.js';
import { isPublicWebRequest } from '../web/serve.js';

export interface RouteDeps extends HandlerDeps {
  openapi: OpenAPIDocs;
  tokens: string[];
  metrics: MetricsRegistry;
  /** Groups served beside the registry's kinds (aggregated APIs such as metrics.k8s.io), for discovery. */
  apiServices?: APIServiceGroup[];
}

function sendStatus(reply: FastifyReply, status: Status): FastifyReply {
  if (status.details?.retryAfterSeconds) reply.header('Retry-After', String(status.details.retryAfterSeconds));
  return reply.code(status.code).header('Content-Type', 'application/json').send(JSON.stringify(status));
}

/** Maps anything thrown to a Status: ours as-is, Fastify's own errors to their Kubernetes equivalent. */
export function toStatus(err: unknown): Status {
  if (isStatusError(err)) return err.status;
  const fe = err as FastifyError;
  if (fe?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe?.statusCode === 413) return requestEntityTooLarge('limit is 3145728').status;
  if (fe?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return badRequest(fe.message).status;
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) return badRequest(fe.message).status;
  return internalError((err as Error)?.message ?? String(err)).status;
}

const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

function authorized(tokens: string[], req: FastifyRequest): boolean {
  if (tokens.length === 0) return true;
  const path = req.url.split('?')[0];
  if (PUBLIC_PATHS.has(path) || isPublicWebRequest(req)) return true;
  const h = req.headers.authorization ?? '';
  const m = /^Bearer\s+(.+)$/i.exec(h);
  if (m && tokens.includes(m[1].trim())) return true;
  // Browsers pass the token as a WebSocket subprotocol.
  const proto = String(req.headers['sec-websocket-protocol'] ?? '');
  for (const p of proto.split(',').map((x) => x.trim())) {
    const prefix = 'base64url.bearer.authorization.k8s.io.';
    if (p.startsWith(prefix) && tokens.includes(Buffer.from(p.slice(prefix.length), 'base64url').toString('utf8'))) return true;
  }
  return false;
}

export function registerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_req, body, done) => done(null, body));
  app.setErrorHandler((err, req, reply) => {
    const status = toStatus(err);
    if (status.code >= 500) req.log.error(err);
    if (reply.sent || reply.raw.headersSent) return;
    return sendStatus(reply, status);
  });
  app.setNotFoundHandler((_req, reply) => sendStatus(reply, pageNotFound().status));
  if (deps.tokens.length) {
    app.addHook('onRequest', (req, reply, done) => {
      if (authorized(deps.tokens, req)) done();
      else sendStatus(reply, unauthorized().status);
    });
  }

  const requests = deps.metrics.register(new Counter('apiserver_request_total',
    'Counter of apiserver requests broken out for each verb, group, version, resource and HTTP response code.', 'STABLE'));
  // Each path's labels are worked out once (splitGroupVersion memoises the GroupVersion per path),
  // and each (path, verb, code) keeps its series: counting a request builds no strings.
  interface PathSeries { labels: { group: string; version: string; resource: string }; epoch: number; byVerb: Map<string, Map<number, { value: number }>> }
  const seriesOf = new WeakMap<GroupVersion, PathSeries>();
  const pathSeries = (gv: GroupVersion | undefined): PathSeries => {
    const rest = gv?.rest.filter((x) => x !== 'watch') ?? [];
    const resource = rest[0] === 'namespaces' && rest.length >= 3 ? rest[2] : rest[0] ?? '';
    return { labels: { group: gv?.group ?? '', version: gv?.version ?? '', resource }, epoch: requests.epoch, byVerb: new Map() };
  };
  const other = pathSeries(undefined);
  app.addHook('onResponse', (req, reply, done) => {
    const gv = splitGroupVersion(req.url);
    let ps = gv ? seriesOf.get(gv) : other;
    if (ps === undefined) {
      ps = pathSeries(gv);
      seriesOf.set(gv!, ps);
    }
    if (ps.epoch !== requests.epoch) {
      ps.byVerb.clear();
      ps.epoch = requests.epoch;
    }
    let byCode = ps.byVerb.get(req.method);
    if (byCode === undefined) {
      byCode = new Map();
      ps.byVerb.set(req.method, byCode);
    }
    const code = reply.statusCode;
    let series = byCode.get(code);
    if (series === undefined) {
      const { group, version, resource } = ps.labels;
      series = requests.handle({ verb: req.method, group, version, resource, code: String(code) });
      byCode.set(code, series);
    }
    series.value++;
    done();
  });
  app.get('/metrics', async (_req, reply) => reply.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8').send(deps.metrics.render()));

  for (const p of ['/healthz', '/livez', '/readyz']) {
    app.get(p, async (_req, reply) => reply.header('Content-Type', 'text/plain; charset=utf-8').send('ok'));
  }
  app.get('/version', async (_req, reply) => reply.header('Content-Type', 'application/json').send(JSON.stringify(VERSION_INFO, null, 2)));
  app.get('/openapi/v2', async () => {
    throw pageNotFound();
  });
  app.get('/openapi/v3', async (_req, reply) => reply.header('Content-Type', 'application/json').send(JSON.stringify(deps.openapi.index())));
  app.get('/openapi/v3/*', async (req, reply) => {
    const gv = (req.params as { '*': string })['*'];
    const doc = deps.openapi.document(gv);
    if (!doc) throw pageNotFound();
    return reply.header('Content-Type', 'application/json').header('Etag', `"${doc.hash}"`).send(doc.body);
  });

  const discovery = async (req: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    if (req.method !== 'GET') throw methodNotAllowed(req.method.toLowerCase(), '');
    const path = req.url.split('?')[0].replace(/\/+$/, '');
    const json = (v: unknown, ct = 'application/json') => reply.header('Content-Type', ct).send(JSON.stringify(v));
    if (path === '/api') return wantsAggregated(req.headers.accept) ? json(aggregated(deps.registry, true), AGGREGATED_CONTENT_TYPE) : json(apiVersions());
    if (path === '/apis') {
      const services = deps.apiServices ?? [];
      return wantsAggregated(req.headers.accept)
        ? json(aggregated(deps.registry, false, services), AGGREGATED_CONTENT_TYPE) : json(apiGroupList(deps.registry, services));
    }
    const gv = splitGroupVersion(path);
    if (path.startsWith('/apis/') && !gv) {
      const g = apiGroupDoc(deps.registry, path.slice('/apis/'.length));
      if (g) return json(g);
      throw pageNotFound();
    }
    if (gv && gv.rest.length === 0) {
      const list = apiResourceList(deps.registry, gv.group, gv.version);
      if (list) return json(list);
    }
    throw pageNotFound();
  };

  // Synchronous: a GET or LIST is answered before this returns, with no promise for Fastify to
  // wait on (and no second send of the returned reply). Throws reach the error handler as before.
  const resource = (req: FastifyRequest, reply: FastifyReply): Promise<unknown> | undefined => {
    const gv = splitGroupVersion(req.url);
    if (!gv || gv.rest.length === 0) return discovery(req, reply);
    handleResource(deps, req, reply, resolvePathCached(deps.registry, gv));
    return undefined;
  };

  for (const prefix of ['/api', '/apis']) {
    app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: prefix, handler: discovery });
    app.route({ method: ['POST', 'PUT', 'PATCH', 'DELETE'], url: `${prefix}/*`, handler: resource });
    app.route({
      method: 'GET',
      url: `${prefix}/*`,
      handler: resource,
      wsHandler: (socket, req) => {
        const gv = splitGroupVersion(req.url);
        try {
          if (!gv || gv.rest.length === 0) throw pageNotFound();
          handleWatchSocket(deps, socket, req, resolvePathCached(deps.registry, gv));
        } catch (e) {
          socket.send(`${JSON.stringify({ type: 'ERROR', object: toStatus(e) })}\n`);
          socket.close(1000);
        }
      },
    });
  }
}
