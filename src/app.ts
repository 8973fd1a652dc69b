// buildApp: the registry, the controllers and the simulator behind a ready Fastify instance.
// Nothing here listens; main.ts and the library API do.
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import websocket from '@fastify/websocket';
import { Registry } from './registry/registry.js';
import { storeKey } from './registry/strategy.js';
import { allKinds } from './registry/kinds/index.js';
import { ServiceIPAllocator } from './registry/kinds/service-alloc.js';
import { dynamicOpenAPI, loadOpenAPI, type DynamicOpenAPIDocs, type OpenAPIDocs } from './registry/schema.js';
import { CRDController } from './controllers/crd.js';
import { Store } from './storage/store.js';
import type { Watch } from './storage/watch.js';
import { RealClock, type Clock } from './util/clock.js';
import { CryptoRandom, SeededRandom, type Random } from './util/random.js';
import { registerRoutes, toStatus } from './http/routes.js';
import { chooseWatchProtocol } from './http/watch.js';
import { DEFAULT_WATCH_BUFFER_BYTES, WatchBuffers } from './http/watch-buffers.js';
import { startCompactor } from './storage/compactor.js';
import { bootstrap } from './bootstrap.js';
import { seedNodes, startSimulator, type PodLifecycleMode, type StageDelays } from './simulator/index.js';
import { MetricsRegistry } from './metrics/registry.js';
import { EventRecorder } from './controllers/recorder.js';
import { GarbageCollector } from './controllers/gc.js';
import { NamespaceController } from './controllers/namespace.js';
import { EndpointSliceController } from './controllers/endpointslice/controller.js';
import { EndpointSliceMetrics } from './controllers/endpointslice/controller-metrics.js';
import { FaultInjector, interceptWatchFor, registerFaults, type FaultRule } from './faults/index.js';
import type { PersistenceHooks } from './persistence/index.js';
import { EndpointsController } from './controllers/endpoints/controller.js';
import { MirroringController } from './controllers/mirroring/controller.js';
import { startDeploymentControllers } from './controllers/deployment/index.js';
import { startStatefulAndBatchControllers } from './controllers/workloads/stateful-batch.js';
import { settler } from './settle.js';
import { registerPodConnect } from './http/pod-connect.js';
import { METRICS_API, registerMetricsAPI } from './http/metrics-api.js';
import { registerRoutingAPI } from './routing/http.js';
import { registerWebView } from './web/serve.js';
import { registerExport } from './state/http.js';

export interface KubesimOptions {
  /** Events kept per resource for watch resume (--watch-history). */
  watchHistory?: number;
  serviceCIDRs?: string[];
  nodePortRange?: [number, number];
  bookmarkIntervalMs?: number;
  /** A watcher with more than this many bytes unread is ended (default 8 MiB). */
  maxWatchBufferBytes?: number;
  /** Unread bytes all watchers together may hold; the furthest behind are ended beyond it (--watch-buffer-budget, default 128 MiB). */
  watchBufferBudget?: number;
  /** Watch history older than this is dropped, like the apiserver's etcd compaction (ms, default 5 minutes; 0 never). */
  compactionIntervalMs?: number;
  clock?: Clock;
  /** A seed makes generated names, uids and allocations reproducible. */
  seed?: number;
  random?: Random;
  /**
   * Run the workload controllers (ReplicaSet, Deployment, StatefulSet, DaemonSet, Job, CronJob;
   * default true). The conformance suite turns them off: its objects must see only its own writes.
   */
  workloadControllers?: boolean;
  /**
   * Run the simulated cluster (nodes and the kubelet/scheduler stand-in). false gives a bare
   * apiserver + controllers, for tests of API machinery that must see only their own writes.
   */
  simulate?: boolean;
  /** Simulated nodes created at start (--nodes, default 3; 0 for none). */
  nodes?: number;
  /** Zones the simulated nodes are spread over (--zones). */
  zones?: string[];
  /** Pod CIDRs, at most one per family (--cluster-cidr). */
  podCIDRs?: string[];
  nodeCIDRMaskSizes?: { v4?: number; v6?: number };
  /** auto: pods are scheduled, get IPs and turn Ready; manual: clients own pod status (--pod-lifecycle). */
  podLifecycle?: PodLifecycleMode;
  /** Longest a terminating pod lingers before removal (--max-grace-seconds, default 2). */
  maxGraceSeconds?: number;
  /** Delays of the simulated kubelet's stages (tests). */
  podStageDelays?: Partial<StageDelays>;
  /** --max-endpoints-per-slice (1..1000, default 100). */
  maxEndpointsPerSlice?: number;
  /** --mirroring-max-endpoints-per-subset (1..1000, default 1000). */
  mirroringMaxEndpointsPerSubset?: number;
  /** Batch window for controller syncs under write storms (ms, default 5). */
  controllerBatchMs?: number;
  /** Static bearer tokens; when set, every API path but health and version needs one. */
  tokens?: string[];
  // ---- test fixture / dev server (src/faults, src/persistence, src/tls.ts) ----
  /** Fault injection rules active from the start (and again after reset). */
  faults?: FaultRule[];
  /** Serve https with this PEM key pair (src/tls.ts makes a self-signed one). */
  https?: { key: string; cert: string };
  /** --state-file: restore replaces the bootstrap; cleared hears resets. */
  persistence?: PersistenceHooks;
  /** Run the controllers (default true); `kubesim replay` serves a recording's writes only. */
  controllers?: boolean;
}

export interface Kubesim {
  app: FastifyInstance;
  registry: Registry;
  store: Store;
  clock: Clock;
  openapi: OpenAPIDocs;
  metrics: MetricsRegistry;
  faults: FaultInjector;
  /**
   * Resolves once the cluster is quiet: controller queues empty and no simulator stage due; on real
   * timers it also waits for stages due within 5 s (pods turning Ready). Never moves a FakeClock.
   */
  settled(): Promise<void>;
  /** settled(), then on a FakeClock advances it through every stage due within maxMs (default 60 s). */
  settle(maxMs?: number): Promise<void>;
  /** Brings the state back to a fresh cluster. */
  reset(): void;
}

/** Controller syncs wait this long (real ms) so a burst of writes costs one sync per Service. */
export const DEFAULT_CONTROLLER_BATCH_MS = 5;

export const DEFAULT_SERVICE_CIDRS = ['10.96.0.0/16', 'fd00:10:96::/112'];

export async function buildApp(opts: KubesimOptions = {}): Promise<Kubesim> {
  const clock = opts.clock ?? new RealClock();
  const random = opts.random ?? (opts.seed !== undefined ? new SeededRandom(opts.seed) : new CryptoRandom());
  const store = new Store({ watchHistory: opts.watchHistory });
  const openapi = dynamicOpenAPI(loadOpenAPI());
  const registry = new Registry(store, {
    clock, random, validatorFor: (apiVersion, kind) => openapi.validator(apiVersion, kind),
  });
  const serviceCIDRs = opts.serviceCIDRs ?? DEFAULT_SERVICE_CIDRS;
  const alloc = new ServiceIPAllocator(store, { serviceCIDRs, nodePortRange: opts.nodePortRange ?? [30000, 32767], random });
  for (const k of allKinds(alloc)) registry.register(k);

  const metrics = new MetricsRegistry();
  const controllers = opts.controllers === false ? [] : startControllers(registry, metrics, opts, openapi);

  const app = Fastify({
    logger: false, bodyLimit: 3 * 1024 * 1024, routerOptions: { maxParamLength: 2048 }, forceCloseConnections: true,
    // Errors Fastify raises before any route runs (a URL that does not decode) are Statuses too.
    frameworkErrors: (err, _req, reply) => {
      const status = toStatus(err);
      (reply as unknown as FastifyReply).code(status.code).header('Content-Type', 'application/json').send(JSON.stringify(status));
    },
    ...(opts.https ? { https: opts.https } : {}),
  }) as unknown as FastifyInstance;
  await app.register(websocket, { options: { handleProtocols: chooseWatchProtocol } });
  const watches = new Set<Watch>();
  const faultRandom = opts.seed !== undefined ? new SeededRandom((opts.seed ^ 0x6661756c) >>> 0) : new CryptoRandom();
  const faults = new FaultInjector(opts.faults ?? [], faultRandom);
  registerRoutes(app, {
    registry, clock, watches, openapi, metrics,
    bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 15000,
    maxWatchBufferBytes: opts.maxWatchBufferBytes ?? DEFAULT_WATCH_BUFFER_BYTES,
    watchBuffers: new WatchBuffers(opts.maxWatchBufferBytes, opts.watchBufferBudget, metrics),
    tokens: opts.tokens ?? [],
    interceptWatch: interceptWatchFor(faults),
    apiServices: opts.simulate !== false ? [METRICS_API] : [],
  });
  const seed = () => opts.simulate !== false && seedNodes(registry, {
    nodes: opts.nodes, zones: opts.zones, podCIDRs: opts.podCIDRs, nodeMaskSizes: opts.nodeCIDRMaskSizes,
  });
  let simulator: ReturnType<typeof startSimulator> | undefined;
  const reset = () => {
    for (const w of [...watches]) w.finish('server');
    // Delete object by object first, so in-process listeners (the service IP allocator, the
    // controllers) let go of what they track; clear() then drops the watch history.
    for (const key of new Set(registry.strategies().filter((s) => !s.view).map(storeKey))) {
      for (const o of store.list(key)) store.delete(key, o.obj.metadata.namespace ?? '', o.obj.metadata.name ?? '');
    }
    store.clear();
    opts.persistence?.cleared();
    faults.reset();
    bootstrap(registry, serviceCIDRs);
    seed();
    simulator?.resync();
  };
  registerPodConnect(app, { registry });
  if (opts.simulate !== false) registerMetricsAPI(app, { registry });
  registerFaults(app, { registry, faults, reset });
  registerRoutingAPI(app, registry);
  registerWebView(app, registry);
  registerExport(app, registry);
  const compactor = startCompactor(store, clock, opts.compactionIntervalMs);
  app.addHook('preClose', async () => {
    compactor.stop();
    simulator?.stop();
    for (const w of [...watches]) w.finish('server');
    for (const c of controllers) c.stop();
  });
  if (!opts.persistence?.restore(registry)) {
    bootstrap(registry, serviceCIDRs);
    seed();
  }
  if (opts.simulate !== false) simulator = startSimulator(registry, {
    clock, random, podCIDRs: opts.podCIDRs, nodeMaskSizes: opts.nodeCIDRMaskSizes,
    mode: opts.podLifecycle, maxGraceSeconds: opts.maxGraceSeconds, delays: opts.podStageDelays,
  });
  return {
    app, registry, store, clock, openapi, metrics, faults, reset,
    ...settler({ controllers, simulator: () => simulator, clock }),
  };
}

interface Controller {
  stop(): void;
  idle(): Promise<void>;
  isIdle(): boolean;
}

function startControllers(registry: Registry, metrics: MetricsRegistry, opts: KubesimOptions,
  openapi: DynamicOpenAPIDocs): Controller[] {
  const recorder = new EventRecorder(registry, { component: 'endpoint-slice-controller' });
  return [
    new GarbageCollector(registry),
    new NamespaceController(registry),
    new CRDController(registry, openapi),
    new EndpointSliceController(registry, {
      maxEndpointsPerSlice: opts.maxEndpointsPerSlice ?? 100,
      recorder,
      metrics: new EndpointSliceMetrics(metrics),
      batchDelayMs: opts.controllerBatchMs ?? DEFAULT_CONTROLLER_BATCH_MS,
    }),
    new EndpointsController(registry, opts.controllerBatchMs ?? DEFAULT_CONTROLLER_BATCH_MS),
    new MirroringController(registry, metrics, opts.mirroringMaxEndpointsPerSubset ?? 1000),
    ...(opts.workloadControllers === false ? [] : startDeploymentControllers(registry, opts.controllerBatchMs ?? DEFAULT_CONTROLLER_BATCH_MS)),
    ...(opts.workloadControllers === false ? [] : startStatefulAndBatchControllers(registry, { batchDelayMs: opts.controllerBatchMs ?? DEFAULT_CONTROLLER_BATCH_MS })),
  ];
}
