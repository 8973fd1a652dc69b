// The clock-driven engine that runs the stage table over pods. Store events only mark a pod key as
// worth a look; the look re-reads the pod, finds the first stage that matches and waits out its
// delay (counted from when that stage first matched, so unrelated updates do not push it back);
// firing re-reads the pod again and writes through the registry like any client.
import { isStatusError } from '../machinery/status.js';
import type { KObject } from '../machinery/types.js';
import type { Registry } from '../registry/registry.js';
import type { Strategy } from '../registry/strategy.js';
import type { Clock } from '../util/clock.js';
import type { SimulatorEvents } from './events.js';
import type { PodIPAM } from './ipam.js';
import { internalIPs, podCIDRsOf } from './nodes.js';
import { LIFECYCLE_ANNOTATION, type StageDelays } from './options.js';
import { setScheduled, specOf } from './pod-status.js';
import type { ClusterView } from './scheduler.js';
import type { ApplyContext, Stage, StageEvent } from './stages.js';
import { Timeline } from './timeline.js';

export interface EngineOptions {
  clock: Clock;
  delays: StageDelays;
  maxGraceSeconds: number;
  stages: Stage[];
  cluster: ClusterView;
  ipam: PodIPAM;
  events: SimulatorEvents;
  onError: (err: unknown) => void;
  /** See SimulatorOptions.sliceMs. */
  sliceMs?: number;
  /**
   * The stages' match() reads only the pod and the look's node, applied and retryable (the default
   * stages): a pod unchanged since its stage matched, in an unchanged cluster, still matches that
   * stage, so the look when its delay is over need not run the predicates again.
   */
  pureMatch?: boolean;
}

/** The stage a pod waits in, and since when; the pod version and cluster generation it matched at. */
interface Pending {
  stage: Stage;
  uid: string;
  matchedAt: number;
  rv: string | undefined;
  generation: number;
}

/**
 * A set of stage names, shared by every pod that went through the same stages in the same order
 * (most pods: one set per step of the usual life), so a pod's memo holds one reference, not a Set.
 */
class Applied {
  private readonly next = new Map<string, Applied>();
  private constructor(private readonly names: ReadonlySet<string>) {}
  static empty(): Applied {
    return new Applied(new Set());
  }
  has(stage: string): boolean {
    return this.names.has(stage);
  }
  with(stage: string): Applied {
    if (this.names.has(stage)) return this;
    let n = this.next.get(stage);
    if (!n) this.next.set(stage, (n = new Applied(new Set([...this.names, stage]))));
    return n;
  }
}

/** What the engine remembers about one pod (by uid) between looks. */
class Memo {
  /** stage → "cluster generation/pod generation" at its last failure (retried once either changes); made on the first failure. */
  failedAt: Map<string, string> | undefined = undefined;
  /** The last firing that wrote nothing: not fired again until the pod or the cluster changes. */
  noop: { stage: string; rv: string | undefined; generation: number } | undefined = undefined;
  constructor(public applied: Applied) {}
  failed(stage: string): string | undefined {
    return this.failedAt?.get(stage);
  }
  fail(stage: string, attempt: string): void {
    (this.failedAt ??= new Map()).set(stage, attempt);
  }
  succeeded(stage: string): void {
    if (this.failedAt?.delete(stage) && this.failedAt.size === 0) this.failedAt = undefined;
  }
}

export const isManual = (pod: KObject): boolean => pod.metadata.annotations?.[LIFECYCLE_ANNOTATION] === 'manual';

export class PodEngine {
  private pending = new Map<string, Pending>();
  private memos = new Map<string, Memo>();
  private readonly noneApplied = Applied.empty();
  /** Pods whose last attempt failed (unschedulable, no IPs): looked at again when the cluster changes. */
  private waiting = new Set<string>();
  private seenGeneration = -1;
  private timeline: Timeline;
  private pods: Strategy;

  constructor(private readonly r: Registry, private readonly o: EngineOptions) {
    this.pods = r.resource('', 'pods');
    this.timeline = new Timeline(o.clock, (keys) => keys.forEach((k) => this.process(k)), { sliceMs: o.sliceMs });
  }

  /** A pod changed (or may now progress): take a look as soon as possible. */
  touch(key: string): void {
    this.timeline.at(key, this.o.clock.now());
  }

  forget(key: string, uid: string): void {
    this.memos.delete(uid);
    this.waiting.delete(key);
    if (this.pending.get(key)?.uid === uid) {
      this.pending.delete(key);
      this.timeline.cancel(key);
    }
  }

  /** After any change that can unblock waiting pods, look at them again. */
  clusterChanged(): void {
    if (this.o.cluster.generation === this.seenGeneration) return;
    this.seenGeneration = this.o.cluster.generation;
    for (const key of this.waiting) this.touch(key);
  }

  hasDue(): boolean {
    return this.timeline.hasDue();
  }

  nextDue(): number | undefined {
    return this.timeline.nextDue();
  }

  stop(): void {
    this.timeline.stop();
  }

  clear(): void {
    this.timeline.clear();
    this.pending.clear();
    this.memos.clear();
    this.waiting.clear();
  }

  private memo(uid: string): Memo {
    let m = this.memos.get(uid);
    if (!m) {
      m = new Memo(this.noneApplied);
      this.memos.set(uid, m);
    }
    return m;
  }

  /** What a failed attempt waits on: a change in the cluster or in the pod's spec. */
  attempt(pod: KObject): string {
    return `${this.o.cluster.generation}/${pod.metadata.generation ?? 0}`;
  }

  private context(pod: KObject, memo: Memo): Look {
    const nodeName = specOf(pod).nodeName;
    const node = nodeName ? this.o.cluster.node(nodeName) : undefined;
    return new Look(this, pod, memo, this.o.clock.now(), this.o.delays, this.o.maxGraceSeconds, node);
  }

  /** One look at a pod: find its stage, wait or fire. */
  private process(key: string): void {
    const [ns, name] = splitKey(key);
    const pod = this.r.tryGet(this.pods, ns, name)?.obj;
    if (!pod || isManual(pod)) {
      this.pending.delete(key);
      return;
    }
    const uid = pod.metadata.uid ?? '';
    const memo = this.memo(uid);
    const ctx = this.context(pod, memo);
    const p = this.pending.get(key);
    const rv = pod.metadata.resourceVersion;
    const generation = this.o.cluster.generation;
    let stage: Stage | undefined;
    if (this.o.pureMatch && p !== undefined && p.uid === uid && p.rv === rv && p.generation === generation) stage = p.stage;
    else {
      for (const s of this.o.stages) {
        if (s.match(pod, ctx)) {
          stage = s;
          break;
        }
      }
    }
    const n = memo.noop;
    if (!stage || (n?.stage === stage.name && n.rv === rv && n.generation === generation)) {
      this.pending.delete(key);
      return;
    }
    let matchedAt: number;
    if (p !== undefined && p.stage === stage && p.uid === uid) { // waiting in it already
      matchedAt = p.matchedAt;
      p.rv = rv;
      p.generation = generation;
    } else {
      matchedAt = ctx.now;
      this.pending.set(key, { stage, uid, matchedAt, rv, generation });
    }
    ctx.since = matchedAt;
    const due = matchedAt + stage.delay(pod, ctx);
    if (due > ctx.now) {
      this.timeline.at(key, due);
      return;
    }
    this.pending.delete(key);
    this.fire(key, pod, stage, memo, ctx);
  }

  private fire(key: string, pod: KObject, stage: Stage, memo: Memo, ctx: Look): void {
    const rvBefore = pod.metadata.resourceVersion;
    memo.noop = undefined;
    try {
      this.apply(pod, stage, memo, ctx);
    } catch (e) {
      // The pod went away or was replaced meanwhile: nothing to do, the store events say the rest.
      const gone = e instanceof SkipWrite || (isStatusError(e) && (e.code === 404 || e.code === 409));
      if (!gone) this.o.onError(e);
    }
    memo.applied = memo.applied.with(stage.name);
    if (memo.failed(stage.name) !== undefined) this.waiting.add(key);
    else this.waiting.delete(key);
    const now = this.r.tryGet(this.pods, pod.metadata.namespace ?? '', pod.metadata.name ?? '')?.obj;
    // Addresses handed to a pod that vanished while we wrote would otherwise stay held.
    if (!now || now.metadata.uid !== pod.metadata.uid) this.o.ipam.release(pod.metadata.uid ?? '');
    else if (now.metadata.resourceVersion === rvBefore) memo.noop = { stage: stage.name, rv: rvBefore, generation: this.o.cluster.generation };
    this.touch(key);
  }

  private apply(pod: KObject, stage: Stage, memo: Memo, ctx: Look): void {
    const ns = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    const a = stage.action;
    if (a.kind === 'schedule') return this.schedule(pod, memo);
    if (a.kind === 'events') return this.o.events.record(pod, a.events(pod));
    if (a.kind === 'delete') {
      this.r.delete(this.pods, ns, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
      return;
    }
    memo.succeeded(stage.name);
    let events: StageEvent[] | null = null;
    const actx: ApplyContext = ctx;
    const res = this.r.mutate(this.pods, ns, name, (p) => {
      if (p.metadata.uid !== pod.metadata.uid) throw new SkipWrite();
      events = a.apply(p, actx);
      if (events === null) throw new SkipWrite();
    }, { subresource: 'status', fieldManager: 'kubelet' });
    this.o.events.record(res.object, events ?? []);
  }

  /** The scheduler: bind (spec.nodeName via pods/binding), then PodScheduled; or Unschedulable. */
  private schedule(pod: KObject, memo: Memo): void {
    const ns = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    const now = this.o.clock.now();
    const result = this.o.cluster.schedule(pod);
    const sameUID = (p: KObject) => {
      if (p.metadata.uid !== pod.metadata.uid) throw new SkipWrite();
    };
    if (result.node === undefined) {
      memo.fail('pod-schedule', this.attempt(pod));
      const res = this.r.mutate(this.pods, ns, name, (p) => {
        sameUID(p);
        setScheduled(p, now, false, result.message);
      }, { subresource: 'status', fieldManager: 'kube-scheduler' });
      this.o.events.record(res.object, [{ component: 'default-scheduler', type: 'Warning', reason: 'FailedScheduling', message: result.message }]);
      return;
    }
    memo.succeeded('pod-schedule');
    this.r.mutate(this.pods, ns, name, (p) => {
      sameUID(p);
      (p.spec as Record<string, unknown>).nodeName = result.node;
    }, { subresource: 'binding', fieldManager: 'kube-scheduler' });
    const res = this.r.mutate(this.pods, ns, name, (p) => {
      sameUID(p);
      setScheduled(p, now, true);
    }, { subresource: 'status', fieldManager: 'kube-scheduler' });
    this.o.events.record(res.object, [{
      component: 'default-scheduler', type: 'Normal', reason: 'Scheduled',
      message: `Successfully assigned ${ns}/${name} to ${result.node}`,
    }]);
  }

  allocateIPs(pod: KObject, node: KObject | undefined): string[] | undefined {
    if (!node) return undefined;
    if (specOf(pod).hostNetwork === true) return [...internalIPs(node)];
    const cidrs = podCIDRsOf(node);
    if (cidrs.length === 0) return undefined;
    return this.o.ipam.allocate(pod.metadata.uid ?? '', cidrs);
  }
}

/**
 * One look at a pod: what its stages may read (StageContext) and, when one fires, do (ApplyContext).
 * A class rather than an object of closures: a pod is looked at several times per write.
 */
class Look implements ApplyContext {
  since: number;

  constructor(
    private readonly engine: PodEngine,
    private readonly pod: KObject,
    private readonly memo: Memo,
    readonly now: number,
    readonly delays: StageDelays,
    readonly maxGraceSeconds: number,
    readonly node: KObject | undefined,
  ) {
    this.since = now;
  }

  applied(stage: string): boolean {
    return this.memo.applied.has(stage);
  }

  retryable(stage: string): boolean {
    // No attempt text for a stage that never failed (most).
    const f = this.memo.failed(stage);
    return f === undefined || f !== this.engine.attempt(this.pod);
  }

  allocateIPs(pod: KObject): string[] | undefined {
    return this.engine.allocateIPs(pod, this.node);
  }

  failed(stage: string): void {
    this.memo.fail(stage, this.engine.attempt(this.pod));
  }
}

/** Thrown inside a mutator to leave the object as it is (the registry then writes nothing). */
class SkipWrite extends Error {
  override readonly name = 'SkipWrite';
}

export function podKey(pod: KObject): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}
