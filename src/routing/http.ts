// The routing API, a kubesim extension beside the admin API (same bearer tokens, since the auth
// hook runs first for every path):
//
//   GET /kubesim/v1/namespaces/{ns}/services/{name}/routes?node={node}
//       one node's answer: { service, node, zone, internal: {policy, source, endpoints}, external }
//   GET /kubesim/v1/namespaces/{ns}/services/{name}/routes
//       every node: { service, nodes: [ one answer per node, in node name order ] }
//
// An unknown Service is a 404 Status like GET of the Service would give; an unknown node is a 404
// for the node; a repeated or empty ?node= is a 400.
import type { FastifyInstance } from 'fastify';
import { badRequest, methodNotAllowedHere, notFound } from '../machinery/status.js';
import type { Registry } from '../registry/registry.js';
import { routesForAllNodes, routesForNode, slicesOfService, type NodeRoutes, type ServiceRoutes } from './routes.js';

export const ROUTES_PATH = '/kubesim/v1/namespaces/:namespace/services/:name/routes';

/** Reads current state from the registry and answers like the route does (for the CLI and tests). */
export function serviceRoutes(registry: Registry, namespace: string, name: string, node?: string): NodeRoutes | ServiceRoutes {
  const services = registry.resource('', 'services');
  const service = registry.get(services, namespace, name).obj;
  const slices = registry.list(registry.resource('discovery.k8s.io', 'endpointslices'), namespace, {
    labelSelector: `kubernetes.io/service-name=${name}`,
  }).items.map((o) => o.obj);
  const nodes = registry.list(registry.resource('', 'nodes'), undefined).items.map((o) => o.obj);
  const mine = slicesOfService(service, slices);
  if (node === undefined) return routesForAllNodes(service, mine, nodes);
  const n = nodes.find((x) => x.metadata.name === node);
  if (!n) throw notFound('nodes', '', node);
  return routesForNode(service, mine, n);
}

export function registerRoutingAPI(app: FastifyInstance, registry: Registry): void {
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: ROUTES_PATH,
    handler: async (req, reply) => {
      if (req.method !== 'GET') throw methodNotAllowedHere();
      const { namespace, name } = req.params as { namespace: string; name: string };
      const q = (req.query ?? {}) as Record<string, unknown>;
      let node: string | undefined;
      if (q.node !== undefined) {
        if (typeof q.node !== 'string' || q.node === '') throw badRequest('node must be given once, as a node name');
        node = q.node;
      }
      // A label selector cannot hold every string a path can; such a name cannot be a Service.
      if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) throw notFound('services', '', name);
      const body = serviceRoutes(registry, namespace, name, node);
      return reply.header('Content-Type', 'application/json').send(JSON.stringify(body));
    },
  });
}
