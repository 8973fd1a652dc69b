// The library API: start a kubesim on an ephemeral loopback port from a test suite, point any
// Kubernetes client at its kubeconfig, apply manifests, inject faults, reset, close. Instances
// share nothing, so many can run in one process. The CLI (main.ts) is a thin shell around this.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type Kubesim, type KubesimOptions } from './app.js';
import { kubeconfigYAML, writeKubeconfig } from './kubeconfig.js';
import { applyManifests, manifestObjects, readManifests, type ApplyOptions, type Manifests, type ManifestObject } from './manifests.js';
import type { KObject } from './machinery/types.js';
import { StatePersistence, type PersistenceOptions } from './persistence/index.js';
import { checkKeyPair, selfSignedCertificate, type KeyPair } from './tls.js';
import { startExternal, wantsExternal } from './external/index.js';
import { startRecording, type Recorder } from './record/recorder.js';
import { storeKey } from './registry/strategy.js';

export { buildApp, DEFAULT_SERVICE_CIDRS } from './app.js';
export type { Kubesim, KubesimOptions } from './app.js';
export { FakeClock, RealClock, type Clock } from './util/clock.js';
export { SeededRandom, CryptoRandom, type Random } from './util/random.js';
export { ManifestError, parseManifests, readManifests, applyManifests } from './manifests.js';
export type { ApplyOptions, Manifests, ManifestObject } from './manifests.js';
export { kubeconfigYAML, writeKubeconfig, type KubeconfigOptions } from './kubeconfig.js';
export { selfSignedCertificate, type KeyPair } from './tls.js';
export { StatePersistence, StateFileError, type PersistenceOptions } from './persistence/index.js';
export {
  FaultInjector, FaultRuleError, parseRuleFlag, parseRulesText, type ActiveRule, type FaultRule, type FaultVerb,
} from './faults/index.js';
export { StatusError, isStatusError, type Status } from './machinery/status.js';
export type { KObject, ObjectMeta } from './machinery/types.js';
export { ExternalModeError, KubeconfigError, ClusterRequestError } from './external/index.js';
export { exportObjects, exportYAML, type ExportOptions } from './state/export.js';
export { startReplay, type ReplayOptions, type ReplayServer } from './record/replay.js';
export { parseRecording, RecordingError, type Recording, type RecordedEvent } from './record/format.js';

export interface StartOptions extends KubesimOptions {
  /**
   * 'simulator' (default) starts a kubesim; 'external' uses the cluster of `kubeconfig` instead, in a
   * namespace of its own. Unset: external when $KUBESIM_EXTERNAL_KUBECONFIG is set.
   */
  cluster?: 'simulator' | 'external';
  /** External mode: the cluster's kubeconfig (default $KUBESIM_EXTERNAL_KUBECONFIG). */
  kubeconfig?: string;
  /** External mode: the kubeconfig context (default its current-context). */
  context?: string;
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** Port (default 0: a free one). */
  port?: number;
  /** Serve https: true for a fresh self-signed certificate, or a PEM key pair of your own. */
  tls?: boolean | KeyPair;
  /** Manifest files or directories applied at start (like --load). */
  load?: string[];
  /** Manifests applied at start, after `load`. */
  manifests?: Manifests;
  /** Keep the state in this file across restarts (like --state-file). */
  stateFile?: string;
  persistenceOptions?: PersistenceOptions;
  /** Where to write the kubeconfig (default: a private temporary file, removed by close()). */
  kubeconfigPath?: string;
  /** The kubeconfig context's namespace (default "default"). */
  namespace?: string;
  /** Warnings (default: stderr). */
  warn?: (msg: string) => void;
  /** Write every watch event to this file (JSON lines, --record) for `kubesim replay`. */
  record?: string;
}

export interface KubesimServer {
  /** What backs this handle: a kubesim started for it, or an external cluster. */
  readonly cluster: 'simulator' | 'external';
  /** Where manifests without a namespace go (external mode: a fresh namespace of this handle's own). */
  readonly namespace: string;
  /** http(s)://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /** A kubeconfig (YAML) for this server: KubeConfig.loadFromString(sim.kubeconfig). */
  readonly kubeconfig: string;
  /** The same kubeconfig on disk, for kubectl --kubeconfig or KUBECONFIG. */
  readonly kubeconfigPath: string;
  /** PEM of the serving certificate (https only). */
  readonly ca?: string;
  /** The bearer token the kubeconfig uses, if tokens are required. */
  readonly token?: string;
  /** Creates what is absent and merges into what exists, like `kubectl apply`; returns the stored objects. */
  apply(manifests: Manifests, opts?: ApplyOptions): Promise<KObject[]>;
  /**
   * A fresh cluster: every object gone, system namespaces back, fault rules back to the start-up ones
   * (done when the call returns). External mode: the handle's namespace deleted and recreated.
   */
  reset(): Promise<void>;
  /**
   * Resolves when the cluster is quiet: the controllers have caught up with every write so far and,
   * on real timers, pods due to turn Ready within 5 s have (and the slices show them). With a
   * FakeClock it never moves time: pods wait in their stage until the clock advances; use settle().
   */
  settled(): Promise<void>;
  /** With a FakeClock: advances it through every simulator stage due within maxMs (default 60 s), settling after each. */
  settle(maxMs?: number): Promise<void>;
  /** Stops the server (and saves the state when a state file is used). Safe to call twice. */
  close(): Promise<void>;
  readonly sim: Kubesim;
  readonly registry: Kubesim['registry'];
  readonly store: Kubesim['store'];
  readonly app: Kubesim['app'];
  readonly clock: Kubesim['clock'];
  readonly faults: Kubesim['faults'];
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host);
}

/** The address clients should use: a wildcard bind is reached over loopback. */
function clientHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function tlsPair(o: StartOptions, host: string): KeyPair | undefined {
  if (!o.tls) return undefined;
  if (o.tls === true) return selfSignedCertificate({ hosts: [host] });
  checkKeyPair(o.tls);
  return o.tls;
}

/** Starts a kubesim server; resolves once it listens and the start-up manifests are applied. */
export async function startKubesim(o: StartOptions = {}): Promise<KubesimServer> {
  if (wantsExternal(o)) return startExternal(o);
  const warn = o.warn ?? ((m: string) => process.stderr.write(`kubesim: warning: ${m}\n`));
  const host = o.host ?? '127.0.0.1';
  const tokens = o.tokens ?? [];
  if (!isLoopbackHost(host) && tokens.length === 0) {
    warn(`listening on ${host} without --token: anyone who can reach it can read and change everything`);
  }
  if (tokens.length > 0 && !o.tls) {
    // client-go only applies a kubeconfig's credentials to https servers (clientcmd's
    // isConfigTransportTLS), so kubectl would get 401 "You must be logged in to the server".
    warn('--token without --tls: kubectl and client-go send no bearer token over plain http, so they will be refused (401); add --tls');
  }
  // Read everything that can be wrong before anything starts.
  const initial: ManifestObject[] = [...readManifests(o.load ?? []), ...(o.manifests ? manifestObjects(o.manifests) : [])];
  const pair = tlsPair(o, host);
  const persistence = o.stateFile ? StatePersistence.open(o.stateFile, { warn, ...o.persistenceOptions }) : undefined;
  // A restored cluster already holds the names and uids the seed made last time; continue the
  // sequence somewhere else (still reproducibly) rather than hand them out again.
  const restored = persistence?.recoveredRevision;
  const seed = o.seed !== undefined && restored ? (o.seed ^ Math.imul(restored, 0x9e3779b1)) >>> 0 : o.seed;
  let sim: Kubesim;
  try {
    sim = await buildApp({ ...o, seed, https: pair, persistence });
  } catch (e) {
    persistence?.close(false);
    throw e;
  }
  let kubeconfigDir: string | undefined;
  let closed = false;
  let recorder: Recorder | undefined;
  const close = async () => {
    if (closed) return;
    closed = true;
    await sim.app.close();
    recorder?.stop();
    persistence?.close(true);
    if (kubeconfigDir) rmSync(kubeconfigDir, { recursive: true, force: true });
  };
  try {
    if (o.record) {
      const keys = [...new Set(sim.registry.strategies().filter((s) => !s.view).map(storeKey))];
      recorder = startRecording(sim.store, o.record, keys);
    }
    applyManifests(sim.registry, initial, { namespace: o.namespace, restoreSnapshots: true });
    await sim.app.listen({ host, port: o.port ?? 0 });
  } catch (e) {
    await close();
    throw e;
  }
  const addr = sim.app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port ?? 0;
  const url = `${pair ? 'https' : 'http'}://${clientHost(host)}:${port}`;
  const token = tokens[0];
  const kubeconfig = kubeconfigYAML({ server: url, ca: pair?.cert, token, namespace: o.namespace });
  let kubeconfigPath = o.kubeconfigPath;
  if (!kubeconfigPath) {
    kubeconfigDir = mkdtempSync(join(tmpdir(), 'kubesim-'));
    kubeconfigPath = join(kubeconfigDir, 'kubeconfig');
  }
  writeKubeconfig(kubeconfigPath, kubeconfig);
  return {
    cluster: 'simulator', namespace: o.namespace ?? 'default', url, port, kubeconfig, kubeconfigPath, ca: pair?.cert, token,
    sim, registry: sim.registry, store: sim.store, app: sim.app, clock: sim.clock, faults: sim.faults,
    async apply(m, opts) {
      return applyManifests(sim.registry, manifestObjects(m), { namespace: o.namespace, ...opts });
    },
    reset: async () => sim.reset(),
    settled: () => sim.settled(),
    settle: (maxMs) => sim.settle(maxMs),
    close,
  };
}
