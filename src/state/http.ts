// GET /kubesim/v1/export[?exact=true]: the state as multi-document YAML (src/state/export.ts),
// behind the same bearer tokens as the API.
import type { FastifyInstance } from 'fastify';
import type { Registry } from '../registry/registry.js';
import { exportYAML } from './export.js';

const TRUE = new Set(['', '1', 'true', 'True', 'TRUE']);

export function registerExport(app: FastifyInstance, registry: Registry): void {
  app.get('/kubesim/v1/export', async (req, reply) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const exact = typeof q.exact === 'string' && TRUE.has(q.exact);
    return reply.code(200).header('Content-Type', 'application/yaml; charset=utf-8').send(exportYAML(registry, { exact }));
  });
}
