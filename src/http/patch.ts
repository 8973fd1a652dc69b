// PATCH: the patch type comes from Content-Type; apply patches need a fieldManager and may create.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fieldError, invalid } from '../machinery/status.js';
import type { Registry } from '../registry/registry.js';
import type { Strategy } from '../registry/strategy.js';
import { decodePatchBody, patchTypeOf } from './body.js';
import { negotiate } from './negotiate.js';
import * as qp from './query.js';
import { renderObject } from './render.js';

export function handlePatch(r: Registry, req: FastifyRequest, reply: FastifyReply, s: Strategy, ns: string, name: string,
  sub: string | undefined, warnings: readonly string[]): FastifyReply {
  const q = req.query as qp.Query;
  const as = negotiate(req.headers.accept, false);
  const type = patchTypeOf(req.headers['content-type']);
  const force = qp.bool(q, 'force');
  const explicitManager = qp.one(q, 'fieldManager');
  if (type === 'apply' && !explicitManager) {
    throw invalid('PatchOptions', 'meta.k8s.io', '', [fieldError.required('fieldManager', 'is required for apply patch')]);
  }
  if (type !== 'apply' && force !== undefined) {
    throw invalid('PatchOptions', 'meta.k8s.io', '', [fieldError.forbidden('force', 'may not be specified for non-apply patch')]);
  }
  const patch = decodePatchBody(type, req.body);
  const o = {
    dryRun: qp.dryRun(q, 'PatchOptions'),
    fieldManager: qp.fieldManager(q, req.headers['user-agent'], 'PatchOptions'),
    fieldValidation: qp.fieldValidation(q),
    subresource: sub,
    warnings: [] as string[],
    force: force === true,
  };
  const res = r.patch(s, ns, name, type, patch, o);
  const code = res.created ? 201 : 200;
  const out = renderObject(s, res.stored, res.object, as, r.now(), undefined, false);
  const all = [...warnings, ...o.warnings];
  if (all.length) reply.header('Warning', all.map((w) => `299 - ${JSON.stringify(w)}`));
  return reply.code(code).header('Content-Type', out.contentType).send(out.body);
}
