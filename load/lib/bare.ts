// The baseline: a bare fastify in the same process answering with pre-built bytes, so the ratio
// kubesim/bare isolates what kubesim adds on top of fastify and node's HTTP stack.
import Fastify, { type FastifyInstance } from 'fastify';

export interface Bare {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

export interface BareBody {
  contentType: string;
  body: string;
}

/**
 * GET {path} answers with exactly `reply` (encoded once, up front); POST on any path parses the JSON body
 * and echoes it back (fastify's own parser and serialiser), the least any create handler must do;
 * so does PATCH on any path (merge patches included).
 */
export async function startBare(path: string, reply?: BareBody): Promise<Bare> {
  const app = Fastify({ logger: false, bodyLimit: 3 * 1024 * 1024 });
  if (reply) {
    const bytes = Buffer.from(reply.body);
    app.get(path, (_req, res) => res.header('Content-Type', reply.contentType).send(bytes));
  }
  // Merge patches are JSON too; kubesim parses them the same way.
  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  app.route({ method: ['POST', 'PATCH'], url: '/*', handler: (req, res) => res.code(req.method === 'POST' ? 201 : 200).send(req.body) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}`, app, close: () => app.close() };
}
