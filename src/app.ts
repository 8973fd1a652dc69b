// buildApp: the registry, the controllers and the simulator behind a ready Fastify instance.
// Nothing here listens; main.ts and the library API do.
import Fastify, { type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import { Registry } from './registry/registry.js';
import { allKinds } from './registry/kinds/index.js';
import { ServiceIPAllocator } from './registry/kinds/service-alloc.js';
import { loadOpenAPI, type OpenAPIDocs } from './registry/schema.js';
import { Store } from './storage/store.js';
import type { Watch } from './storage/watch.js';
import { RealClock, type Clock } from './util/clock.js';
import { CryptoRandom, SeededRandom, type Random } from './util/random.js';
import { registerRoutes } from './http/routes.js';
import { bootstrap } from './bootstrap.js';

export interface KubesimOptions {
  /** Events kept per resource for watch resume (--watch-history). */
  watchHistory?: number;
  serviceCIDRs?: string[];
  nodePortRange?: [number, number];
  bookmarkIntervalMs?: number;
  maxWatchBufferBytes?: number;
  clock?: Clock;
  /** A seed makes generated names, uids and allocations reproducible. */
  seed?: number;
  random?: Random;
  /** Static bearer tokens; when set, every API path but health and version needs one. */
  tokens?: string[];
}

export interface Kubesim {
  app: FastifyInstance;
  registry: Registry;
  store: Store;
  clock: Clock;
  openapi: OpenAPIDocs;
  /** Brings the state back to a fresh cluster. */
  reset(): void;
}

export const DEFAULT_SERVICE_CIDRS = ['10.96.0.0/16', 'fd00:10:96::/112'];

export async function buildApp(opts: KubesimOptions = {}): Promise<Kubesim> {
  const clock = opts.clock ?? new RealClock();
  const random = opts.random ?? (opts.seed !== undefined ? new SeededRandom(opts.seed) : new CryptoRandom());
  const store = new Store({ watchHistory: opts.watchHistory });
  const openapi = loadOpenAPI();
  const registry = new Registry(store, {
    clock, random, validatorFor: (apiVersion, kind) => openapi.validator(apiVersion, kind),
  });
  const serviceCIDRs = opts.serviceCIDRs ?? DEFAULT_SERVICE_CIDRS;
  const alloc = new ServiceIPAllocator(store, { serviceCIDRs, nodePortRange: opts.nodePortRange ?? [30000, 32767], random });
  for (const k of allKinds(alloc)) registry.register(k);

  const app = Fastify({ logger: false, bodyLimit: 3 * 1024 * 1024, maxParamLength: 2048, forceCloseConnections: true });
  await app.register(websocket);
  const watches = new Set<Watch>();
  registerRoutes(app, {
    registry, clock, watches, openapi,
    bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 15000,
    maxWatchBufferBytes: opts.maxWatchBufferBytes ?? 16 * 1024 * 1024,
    tokens: opts.tokens ?? [],
  });
  app.addHook('preClose', async () => {
    for (const w of [...watches]) w.finish('server');
  });
  bootstrap(registry, serviceCIDRs);
  return {
    app, registry, store, clock, openapi,
    reset() {
      for (const w of [...watches]) w.finish('server');
      store.clear();
      bootstrap(registry, serviceCIDRs);
    },
  };
}
