// The start-up baseline: a bare fastify with one /readyz route, started cold like the kubesim bin
// (node load/lib/bare-server.mjs), printing its URL once it listens.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/readyz', (_req, reply) => reply.type('text/plain').send('ok'));
await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
process.stdout.write(`bare fastify serving on http://127.0.0.1:${addr.port}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
