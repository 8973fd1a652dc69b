// metrics.k8s.io/v1beta1, as metrics-server serves it behind the apiserver's aggregation layer
// (an APIService): PodMetrics and NodeMetrics, get and list only, computed on each request from
// the pods and nodes (src/simulator/metrics.ts), so `kubectl top pod|node` works. Like any
// aggregated API it is not a registry kind: it has no storage, watch or writes, and discovery
// lists it through the APIService entry below.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { methodNotAllowed, notFound } from '../machinery/status.js';
import type { KObject } from '../machinery/types.js';
import type { Registry } from '../registry/registry.js';
import { hasMetrics, nodeMetrics, podMetrics } from '../simulator/metrics.js';
import type { APIServiceGroup } from './discovery.js';
import * as qp from './query.js';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
const GV = `${METRICS_GROUP}/${METRICS_VERSION}`;

export const METRICS_API: APIServiceGroup = {
  group: METRICS_GROUP,
  version: METRICS_VERSION,
  resources: [
    { resource: 'nodes', singular: '', kind: 'NodeMetrics', namespaced: false, verbs: ['get', 'list'] },
    { resource: 'pods', singular: '', kind: 'PodMetrics', namespaced: true, verbs: ['get', 'list'] },
  ],
};

interface Params {
  namespace?: string;
  name?: string;
}

function json(reply: FastifyReply, body: unknown): FastifyReply {
  return reply.header('Content-Type', 'application/json').send(JSON.stringify(body));
}

function listOf(kind: string, items: KObject[]): Record<string, unknown> {
  return { kind: `${kind}List`, apiVersion: GV, metadata: {}, items };
}

export function registerMetricsAPI(app: FastifyInstance, deps: { registry: Registry }): void {
  const r = deps.registry;
  const pods = () => r.resource('', 'pods');
  const nodes = () => r.resource('', 'nodes');
  const q = (req: FastifyRequest) => req.query as qp.Query;
  const selectors = (req: FastifyRequest) => ({ labelSelector: qp.one(q(req), 'labelSelector'), fieldSelector: qp.one(q(req), 'fieldSelector') });
  const readOnly = (handler: (req: FastifyRequest, reply: FastifyReply) => unknown) => async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.method !== 'GET') throw methodNotAllowed(req.method === 'POST' ? 'create' : req.method.toLowerCase(), (req.url.split('?')[0].includes('/nodes') ? 'nodes' : 'pods'));
    return handler(req, reply);
  };
  const route = (url: string, handler: (req: FastifyRequest, reply: FastifyReply) => unknown) =>
    app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url, handler: readOnly(handler) });

  app.get(`/apis/${METRICS_GROUP}`, async (_req, reply) => json(reply, {
    kind: 'APIGroup', apiVersion: 'v1', name: METRICS_GROUP,
    versions: [{ groupVersion: GV, version: METRICS_VERSION }], preferredVersion: { groupVersion: GV, version: METRICS_VERSION },
  }));
  app.get(`/apis/${GV}`, async (_req, reply) => json(reply, {
    kind: 'APIResourceList', apiVersion: 'v1', groupVersion: GV,
    resources: METRICS_API.resources.map((x) => ({ name: x.resource, singularName: x.singular, namespaced: x.namespaced, kind: x.kind, verbs: x.verbs })),
  }));

  const podList = (ns: string | undefined, req: FastifyRequest) =>
    r.list(pods(), ns, selectors(req)).items.map((o) => o.obj).filter(hasMetrics).map((p) => podMetrics(p, r.now()));
  route(`/apis/${GV}/pods`, (req, reply) => json(reply, listOf('PodMetrics', podList(undefined, req))));
  route(`/apis/${GV}/namespaces/:namespace/pods`, (req, reply) => json(reply, listOf('PodMetrics', podList((req.params as Params).namespace, req))));
  route(`/apis/${GV}/namespaces/:namespace/pods/:name`, (req, reply) => {
    const { namespace = '', name = '' } = req.params as Params;
    const pod = r.tryGet(pods(), namespace, name)?.obj;
    if (!pod || !hasMetrics(pod)) throw notFound('pods', METRICS_GROUP, name);
    return json(reply, podMetrics(pod, r.now()));
  });

  const allPods = () => r.list(pods(), undefined).items.map((o) => o.obj);
  route(`/apis/${GV}/nodes`, (req, reply) => {
    const all = allPods();
    return json(reply, listOf('NodeMetrics', r.list(nodes(), undefined, selectors(req)).items.map((n) => nodeMetrics(n.obj, all, r.now()))));
  });
  route(`/apis/${GV}/nodes/:name`, (req, reply) => {
    const name = (req.params as Params).name ?? '';
    const node = r.tryGet(nodes(), '', name)?.obj;
    if (!node) throw notFound('nodes', METRICS_GROUP, name);
    return json(reply, nodeMetrics(node, allPods(), r.now()));
  });
}
