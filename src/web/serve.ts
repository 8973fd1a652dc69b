// The live web view: `/` answers a browser (Accept: text/html) with web/index.html, and every
// other client with the apiserver's root paths document; the page's modules and stylesheet are
// served from /kubesim/web/. The files themselves hold no cluster data, so they need no token:
// the page reads the cluster through the ordinary API (and the routing API) with the bearer
// token the user hands it once (?token=T or a prompt).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { methodNotAllowedHere, pageNotFound } from '../machinery/status.js';
import type { Registry } from '../registry/registry.js';
import { packageDir } from '../util/package-dir.js';

export const WEB_PREFIX = '/kubesim/web/';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** web/ sits beside package.json: two levels above this file in src/web and in dist/web. */
export function webDir(): string {
  return packageDir(import.meta.url, 'web', 'index.html');
}

/** A browser navigating here: text/html named before (or instead of) JSON. */
export function wantsHTML(accept: string | undefined): boolean {
  const types = (accept ?? '').split(',').map((p) => p.split(';')[0].trim().toLowerCase());
  const html = types.indexOf('text/html');
  if (html < 0) return false;
  const json = types.findIndex((t) => t === 'application/json' || t.endsWith('+json') || t.includes('protobuf'));
  return json < 0 || html < json;
}

/** The page and its assets are public; everything they show comes from token-checked paths. */
export function isPublicWebRequest(req: FastifyRequest): boolean {
  const path = req.url.split('?')[0];
  if (path.startsWith(WEB_PREFIX)) return true;
  return path === '/' && req.method === 'GET' && wantsHTML(req.headers.accept);
}

/** The root paths document, like kube-apiserver's `GET /`. */
export function rootPaths(registry: Registry): { paths: string[] } {
  const paths = new Set(['/api', '/api/v1', '/apis', '/healthz', '/livez', '/readyz', '/metrics', '/openapi/v2', '/openapi/v3', '/version']);
  for (const s of registry.strategies()) {
    if (!s.info.group) continue;
    paths.add(`/apis/${s.info.group}`);
    paths.add(`/apis/${s.info.group}/${s.info.version}`);
  }
  return { paths: [...paths].sort() };
}

export function registerWebView(app: FastifyInstance, registry: Registry): void {
  const dir = webDir();
  const files = new Map<string, { type: string; body: Buffer }>();
  const load = (name: string) => {
    let f = files.get(name);
    if (!f) {
      const ext = name.slice(name.lastIndexOf('.'));
      f = { type: TYPES[ext] ?? 'application/octet-stream', body: readFileSync(join(dir, name)) };
      files.set(name, f);
    }
    return f;
  };
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/',
    handler: async (req, reply) => {
      if (req.method !== 'GET') throw methodNotAllowedHere();
      if (wantsHTML(req.headers.accept)) {
        const page = load('index.html');
        return reply.header('Content-Type', page.type).header('Cache-Control', 'no-cache').send(page.body);
      }
      return reply.header('Content-Type', 'application/json').send(JSON.stringify(rootPaths(registry), null, 2));
    },
  });
  app.get(`${WEB_PREFIX}*`, async (req, reply) => {
    const name = (req.params as { '*': string })['*'];
    // A flat folder: no subdirectories, no dot-files, nothing outside it.
    if (!/^[a-z0-9-]+\.(js|css|html|svg)$/.test(name) || !existsSync(join(dir, name))) throw pageNotFound();
    const f = load(name);
    return reply.header('Content-Type', f.type).header('Cache-Control', 'no-cache').send(f.body);
  });
}
