// The resource handler: one route for every kind and verb, dispatching on method and path shape.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { methodNotAllowed, methodNotAllowedHere, pageNotFound, success } from '../machinery/status.js';
import type { KObject } from '../machinery/types.js';
import type { Registry } from '../registry/registry.js';
import type { Strategy } from '../registry/strategy.js';
import type { WriteOptions } from '../registry/writes.js';
import { decodeObjectBody, decodeOptionalBody } from './body.js';
import { negotiate, type Rendering } from './negotiate.js';
import { writeParts } from './list-body.js';
import { handlePatch } from './patch.js';
import type { ResolvedPath } from './paths.js';
import * as qp from './query.js';
import { parseIncludeObject, renderList, renderObject, renderPlainList, type Rendered } from './render.js';
import { handleWatch, type WatchDeps } from './watch.js';

export interface HandlerDeps extends WatchDeps {
  registry: Registry;
}

const NO_WARNINGS: readonly string[] = Object.freeze([]);

function send(reply: FastifyReply, code: number, r: Rendered, warnings: readonly string[] = NO_WARNINGS): FastifyReply {
  if (warnings.length) reply.header('Warning', warnings.map((w) => `299 - ${JSON.stringify(w)}`));
  reply.code(code).header('Content-Type', r.contentType);
  if (r.parts) return sendParts(reply, code, r.parts, r.length!);
  return reply.send(r.body);
}

/**
 * Writes a body held as several Buffers (a LIST's cached objects) with one writev: the response is
 * corked, so head, parts and end leave together; large parts are not copied (see writeParts). Fastify still
 * sees the response finish (onResponse hooks, metrics); the headers are the ones set on the reply.
 */
function sendParts(reply: FastifyReply, code: number, parts: Buffer[], length: number): FastifyReply {
  reply.header('Content-Length', String(length));
  const headers = reply.getHeaders();
  reply.hijack();
  const res = reply.raw;
  res.writeHead(code, headers as Record<string, string | string[]>);
  res.cork();
  writeParts(res, parts);
  res.end();
  res.uncork();
  return reply;
}

/** The kind's warnings, then the write's (no new list when the write has none). */
function allWarnings(kind: readonly string[], write: readonly string[]): readonly string[] {
  return write.length === 0 ? kind : [...kind, ...write];
}

function writeOptions(req: FastifyRequest, optionsKind: string, subresource?: string): WriteOptions & { warnings: readonly string[] } {
  const q = req.query as qp.Query;
  return {
    dryRun: qp.dryRun(q, optionsKind),
    fieldManager: qp.fieldManager(q, req.headers['user-agent'], optionsKind),
    fieldValidation: qp.fieldValidation(q),
    subresource,
    warnings: [],
  };
}

function isWatch(req: FastifyRequest, p: ResolvedPath): boolean {
  return p.watchPrefix || qp.bool(req.query as qp.Query, 'watch') === true;
}

export function handleResource(deps: HandlerDeps, req: FastifyRequest, reply: FastifyReply, p: ResolvedPath): FastifyReply {
  const s = p.strategy;
  if (s.info.namespaced && p.namespace === undefined && p.name !== undefined) throw pageNotFound();
  const ns = p.namespace ?? '';
  const warnings: readonly string[] = s.warnings ?? NO_WARNINGS;
  switch (req.method) {
    case 'GET':
      if (isWatch(req, p)) return handleWatch(deps, req, reply, p);
      if (p.watchPrefix) throw pageNotFound();
      return p.name === undefined ? list(deps, req, reply, s, p.namespace, warnings) : get(deps, req, reply, s, ns, p.name, p.subresource, warnings);
    case 'POST':
      if (p.name !== undefined || (p.namespace === undefined && s.info.namespaced)) throw methodNotAllowedHere();
      return create(deps, req, reply, s, ns, warnings);
    case 'PUT':
      if (p.name === undefined) throw methodNotAllowedHere();
      return update(deps, req, reply, s, ns, p.name, p.subresource, warnings);
    case 'PATCH':
      if (p.name === undefined) throw methodNotAllowedHere();
      return handlePatch(deps.registry, req, reply, s, ns, p.name, p.subresource, warnings);
    case 'DELETE':
      if (p.subresource !== undefined) throw methodNotAllowedHere();
      if (p.name === undefined) {
        if (!(s.info.verbs ?? []).includes('deletecollection') || (s.info.namespaced && p.namespace === undefined)) {
          throw methodNotAllowed('deletecollection', s.info.resource);
        }
        return deleteCollection(deps, req, reply, s, p.namespace, warnings);
      }
      return del(deps, req, reply, s, ns, p.name, warnings);
    default:
      throw methodNotAllowedHere();
  }
}

function get(deps: HandlerDeps, req: FastifyRequest, reply: FastifyReply, s: Strategy, ns: string, name: string,
  sub: string | undefined, warnings: readonly string[]) {
  const as = negotiate(req.headers.accept, false);
  const include = parseIncludeObject(qp.one(req.query as qp.Query, 'includeObject'));
  if (sub === 'scale') return send(reply, 200, renderObject(s, undefined, deps.registry.getScale(s, ns, name), as === 'table' ? 'json' : as, 0), warnings);
  const o = deps.registry.get(s, ns, name);
  // Only a Table reads the clock (its age column).
  return send(reply, 200, renderObject(s, o, o.obj, as, as === 'table' ? deps.registry.now() : 0, include), warnings);
}

function list(deps: HandlerDeps, req: FastifyRequest, reply: FastifyReply, s: Strategy, ns: string | undefined, warnings: readonly string[]) {
  const q = req.query as qp.Query;
  const as = negotiate(req.headers.accept, true);
  const include = parseIncludeObject(qp.one(q, 'includeObject'));
  if (qp.one(q, 'sendInitialEvents') !== undefined) {
    qp.rejectSendInitialEventsOnList();
  }
  const res = deps.registry.list(s, ns, {
    labelSelector: qp.one(q, 'labelSelector'),
    fieldSelector: qp.one(q, 'fieldSelector'),
    limit: qp.int(q, 'limit'),
    continue: qp.one(q, 'continue'),
    resourceVersion: qp.one(q, 'resourceVersion'),
    resourceVersionMatch: qp.one(q, 'resourceVersionMatch'),
  });
  return send(reply, 200, renderList(s, res, as, deps.registry.now(), include), warnings);
}

function create(deps: HandlerDeps, req: FastifyRequest, reply: FastifyReply, s: Strategy, ns: string, warnings: readonly string[]) {
  const as = negotiate(req.headers.accept, false);
  const o = writeOptions(req, 'CreateOptions');
  const body = decodeObjectBody(req.headers['content-type'], req.body, s.protobuf === false ? false : deps.registry.protobufMessages);
  const res = deps.registry.create(s, ns, body, o);
  return send(reply, 201, renderObject(s, res.stored, res.object, as, deps.registry.now(), undefined, false), allWarnings(warnings, o.warnings));
}

function update(deps: HandlerDeps, req: FastifyRequest, reply: FastifyReply, s: Strategy, ns: string, name: string,
  sub: string | undefined, warnings: readonly string[]) {
  const as: Rendering = negotiate(req.headers.accept, false);
  const o = writeOptions(req, 'UpdateOptions', sub);
  const body = decodeObjectBody(req.headers['content-type'], req.body, s.protobuf === false ? false : deps.registry.protobufMessages);
  const res = deps.registry.update(s, ns, name, body, o);
  return send(reply, 200, renderObject(s, res.stored, res.object, as, deps.registry.now(), undefined, false), allWarnings(warnings, o.warnings));
}

function del(deps: HandlerDeps, req: FastifyRequest, reply: FastifyReply, s: Strategy, ns: string, name: string, warnings: readonly string[]) {
  const as = negotiate(req.headers.accept, false);
  const body = decodeOptionalBody(req.headers['content-type'], req.body, deps.registry.protobufMessages);
  const { dryRunAll, ...opts } = qp.deleteOptions(req.query as qp.Query, body);
  const res = deps.registry.delete(s, ns, name, opts, { dryRun: dryRunAll });
  const now = deps.registry.now();
  if (!res.deleted) {
    return send(reply, opts.orphanDependents === false ? 202 : 200, renderObject(s, res.stored, res.object, as, now), warnings);
  }
  if (s.returnDeletedObject) return send(reply, 200, renderObject(s, res.stored, res.object, as, now), warnings);
  const status = success({ name, group: s.info.group || undefined, kind: s.info.resource, uid: res.object.metadata.uid });
  if (!status.details!.group) delete status.details!.group;
  return send(reply, 200, { contentType: 'application/json', body: JSON.stringify(status) }, warnings);
}

function deleteCollection(deps: HandlerDeps, req: FastifyRequest, reply: FastifyReply, s: Strategy, ns: string | undefined, warnings: readonly string[]) {
  const q = req.query as qp.Query;
  const as = negotiate(req.headers.accept, true);
  const body = decodeOptionalBody(req.headers['content-type'], req.body, deps.registry.protobufMessages);
  const { dryRunAll, ...opts } = qp.deleteOptions(q, body);
  const items: KObject[] = deps.registry.deleteCollection(s, ns,
    { labelSelector: qp.one(q, 'labelSelector'), fieldSelector: qp.one(q, 'fieldSelector') }, opts, { dryRun: dryRunAll });
  return send(reply, 200, renderPlainList(s, items, deps.registry.store.currentRevision, as), warnings);
}
