// The pod lifecycle as data (after kwok's Stage objects): each stage is a predicate on the pod as it
// is now, a delay counted from when the stage first matched, and what firing it does. The engine
// runs the first stage that matches, re-reading the pod when the delay is over. The stages, in order:
//
//   pod-scheduling-gated  schedulingGates set        → PodScheduled False, reason SchedulingGated
//   pod-schedule          no node yet                → bind to a node (PodScheduled True), or Unschedulable
//   pod-killing           terminating                → Killing events (the kubelet sends SIGTERM)
//   pod-terminate         terminating, still running → at deletionTimestamp, at most the cap after the
//                                                      deletion was seen: containers exit 0, phase Succeeded
//   pod-remove            terminating, nothing runs  → DELETE with gracePeriodSeconds 0 (unless finalizers wait)
//   pod-initialize        bound, not yet accepted    → hostIP, startTime, init containers run, ContainerCreating
//   pod-start             accepted, not running      → pod IPs, containers running, phase Running
//   pod-unready           kubesim.io/ready: "false"  → containers not ready (a failing readiness probe)
//   pod-ready             running, not ready         → after delays.ready + the longest readinessProbe
//                                                      initialDelaySeconds: containers ready
//   pod-complete          running, restartPolicy     → after delays.run (or kubesim.io/run-seconds): containers
//                         Never/OnFailure              exit with kubesim.io/exit-code (default 0); phase Succeeded,
//                                                      or Failed (Never) / a container restart (OnFailure) if non-zero
//   pod-conditions        conditions out of date     → Ready recomputed (readiness gates set by clients)
import type { KObject } from '../machinery/types.js';
import { rfc3339 } from '../util/clock.js';
import { internalIPs } from './nodes.js';
import { EXIT_CODE_ANNOTATION, RUN_SECONDS_ANNOTATION, type StageDelays } from './options.js';
import {
  condition, containersOf, exitedStatus, forcedUnready, initContainersOf, isTerminal, kubeletConditions, refreshConditions,
  runningStatus, setScheduled, specOf, statusOf, terminatedStatus, waitingStatus,
} from './pod-status.js';

type J = Record<string, any>;

export interface StageEvent {
  component: 'kubelet' | 'default-scheduler';
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  fieldPath?: string;
}

/** What a stage may look at when matching and timing. */
export interface StageContext {
  now: number;
  delays: StageDelays;
  maxGraceSeconds: number;
  /** When the stage being timed first matched (delays count from here). */
  since: number;
  /** The pod's node, if it has one and the simulator knows it. */
  node: KObject | undefined;
  /** Whether the named stage has already fired for this pod (this uid). */
  applied(stage: string): boolean;
  /** False while a failed attempt of the named stage waits for the cluster to change. */
  retryable(stage: string): boolean;
}

/** Extra powers while firing. */
export interface ApplyContext extends StageContext {
  /** Pod IPs from the node's pod CIDRs (node IPs for hostNetwork pods); undefined when exhausted. */
  allocateIPs(pod: KObject): string[] | undefined;
  /** Records that this stage failed for now (retried when nodes or pods change). */
  failed(stage: string): void;
}

export type StageAction =
  /** The scheduler's job; the engine binds and writes PodScheduled. */
  | { kind: 'schedule' }
  /** Edits pod.status in place (written to /status); returns the events to record, or null to skip the write. */
  | { kind: 'status'; apply(pod: KObject, ctx: ApplyContext): StageEvent[] | null }
  /** Only records events. */
  | { kind: 'events'; events(pod: KObject): StageEvent[] }
  /** DELETE with gracePeriodSeconds 0 and the pod's uid as precondition. */
  | { kind: 'delete' };

export interface Stage {
  name: string;
  match(pod: KObject, ctx: StageContext): boolean;
  /** Milliseconds after the stage first matched. */
  delay(pod: KObject, ctx: StageContext): number;
  action: StageAction;
}

const nodeName = (pod: KObject): string => specOf(pod).nodeName ?? '';
const deleting = (pod: KObject): boolean => Boolean(pod.metadata.deletionTimestamp);
/** Waiting for the default scheduler: pods naming another scheduler are left to it, as upstream. */
const unscheduled = (pod: KObject): boolean => nodeName(pod) === '' && !deleting(pod) && !isTerminal(pod)
  && (specOf(pod).schedulerName ?? 'default-scheduler') === 'default-scheduler';
const gated = (pod: KObject): boolean => ((specOf(pod).schedulingGates ?? []) as J[]).length > 0;
const containerStatuses = (pod: KObject): J[] => (statusOf(pod).containerStatuses ?? []) as J[];
const running = (cs: J): boolean => Boolean(cs.state?.running);
const containerPath = (c: J, init = false): string => `spec.${init ? 'initContainers' : 'containers'}{${c.name}}`;

/** Live on a known node, accepted or not, and not on its way out. */
const active = (pod: KObject, ctx: StageContext): boolean =>
  nodeName(pod) !== '' && ctx.node !== undefined && !deleting(pod) && !isTerminal(pod);

const allRunning = (pod: KObject): boolean => {
  const css = containerStatuses(pod);
  const cs = containersOf(pod);
  for (let i = 0; i < cs.length; i++) {
    let up = false;
    for (let j = 0; j < css.length; j++) {
      if (css[j].name === cs[i].name && running(css[j])) {
        up = true;
        break;
      }
    }
    if (!up) return false;
  }
  return true;
};

/** Some running container is (want true) or is not (want false) ready. */
const someRunningReady = (pod: KObject, want: boolean): boolean => {
  const css = containerStatuses(pod);
  for (let i = 0; i < css.length; i++) if (running(css[i]) && Boolean(css[i].ready) === want) return true;
  return false;
};

/** The readinessProbe rule: a pod turns ready after its slowest probe's initialDelaySeconds. */
export function readinessDelay(pod: KObject, delays: StageDelays): number {
  let probe = 0;
  for (const c of containersOf(pod)) probe = Math.max(probe, Number(c.readinessProbe?.initialDelaySeconds ?? 0));
  return delays.ready + probe * 1000;
}

/**
 * How long a terminating pod keeps running: until deletionTimestamp (the end of its grace period,
 * which a later DELETE with a shorter grace period moves earlier), but at most the cap counted from
 * when the kubelet first saw the deletion.
 */
export function terminationDelay(pod: KObject, ctx: StageContext): number {
  const cap = 1000 * ctx.maxGraceSeconds;
  const deadline = Date.parse(pod.metadata.deletionTimestamp ?? '');
  const grace = Number.isNaN(deadline) ? 1000 * (pod.metadata.deletionGracePeriodSeconds ?? 0) : deadline - ctx.since;
  return Math.max(0, Math.min(cap, grace));
}

/** What the kubelet says as it starts a container. */
function startEvents(c: J, init: boolean, ms: number): StageEvent[] {
  const fieldPath = containerPath(c, init);
  const e = (reason: string, message: string): StageEvent => ({ component: 'kubelet', type: 'Normal', reason, message, fieldPath });
  const image = String(c.image ?? '');
  const pulls = c.imagePullPolicy === 'Always'
    ? [e('Pulling', `Pulling image "${image}"`),
      e('Pulled', `Successfully pulled image "${image}" in ${ms}ms (${ms}ms including waiting). Image size: 0 bytes.`)]
    : [e('Pulled', `Container image "${image}" already present on machine and can be accessed by the pod`)];
  return [...pulls, e('Created', `Created container: ${c.name}`), e('Started', `Started container ${c.name}`)];
}

/** The kubelet accepts the pod: node addresses, start time, init containers done, containers being created. */
function initialize(pod: KObject, ctx: ApplyContext): StageEvent[] {
  const st = (pod.status ?? (pod.status = {})) as J;
  const now = rfc3339(ctx.now);
  const hostIPs = ctx.node ? internalIPs(ctx.node) : [];
  if (hostIPs.length) {
    st.hostIP = hostIPs[0];
    st.hostIPs = hostIPs.map((ip) => ({ ip }));
  }
  st.startTime = now;
  st.phase = 'Pending';
  const events: StageEvent[] = [];
  const inits = initContainersOf(pod);
  if (inits.length) {
    st.initContainerStatuses = inits.map((c) => {
      events.push(...startEvents(c, true, ctx.delays.initialize));
      const run = runningStatus(pod, c, now, true);
      return c.restartPolicy === 'Always' ? run : terminatedStatus(run, now);
    });
  }
  st.containerStatuses = containersOf(pod).map((c) => waitingStatus(c, 'ContainerCreating'));
  refreshConditions(pod, ctx.now);
  return events;
}

/** The sandbox gets its IPs and every container starts. */
function start(pod: KObject, ctx: ApplyContext): StageEvent[] | null {
  const ips = ctx.allocateIPs(pod);
  if (!ips) {
    ctx.failed('pod-start');
    return [{
      component: 'kubelet', type: 'Warning', reason: 'FailedCreatePodSandBox',
      message: 'Failed to create pod sandbox: plugin type="host-local" failed (add): no IP addresses available in range set',
    }];
  }
  const st = (pod.status ?? (pod.status = {})) as J;
  const now = rfc3339(ctx.now);
  if (ips.length) {
    st.podIP = ips[0];
    st.podIPs = ips.map((ip) => ({ ip }));
  }
  st.phase = 'Running';
  const events: StageEvent[] = [];
  st.containerStatuses = containersOf(pod).map((c) => {
    events.push(...startEvents(c, false, ctx.delays.start));
    return runningStatus(pod, c, now, false);
  });
  refreshConditions(pod, ctx.now);
  return events;
}

function setReady(pod: KObject, ready: boolean, now: number): void {
  const st = (pod.status ?? (pod.status = {})) as J;
  st.containerStatuses = containerStatuses(pod).map((cs) => (running(cs) ? { ...cs, ready } : cs));
  refreshConditions(pod, now);
}

/** The kubelet stops every running container; the pod is done (phase Succeeded, exit code 0). */
function terminate(pod: KObject, ctx: ApplyContext): StageEvent[] {
  const st = (pod.status ?? (pod.status = {})) as J;
  const now = rfc3339(ctx.now);
  const stop = (cs: J) => (running(cs) ? terminatedStatus(cs, now) : cs);
  st.containerStatuses = containerStatuses(pod).map(stop);
  if (st.initContainerStatuses) st.initContainerStatuses = (st.initContainerStatuses as J[]).map(stop);
  if (st.phase === 'Running') st.phase = 'Succeeded';
  refreshConditions(pod, ctx.now);
  return [];
}

/** Pods that run to completion: restartPolicy Never or OnFailure (Always, the default, runs forever). */
export const runsToCompletion = (pod: KObject): boolean => {
  const policy = specOf(pod).restartPolicy;
  return policy === 'Never' || policy === 'OnFailure';
};

/** How long a run-to-completion pod's containers run: kubesim.io/run-seconds, else delays.run. */
export function runDelay(pod: KObject, delays: StageDelays): number {
  const v = Number(pod.metadata.annotations?.[RUN_SECONDS_ANNOTATION]);
  return Number.isFinite(v) && v >= 0 ? v * 1000 : delays.run;
}

/** The code the simulated workload exits with: kubesim.io/exit-code, else 0. */
export function exitCodeOf(pod: KObject): number {
  const v = Number(pod.metadata.annotations?.[EXIT_CODE_ANNOTATION] ?? 0);
  return Number.isInteger(v) && v >= 0 && v <= 255 ? v : 1;
}

/**
 * The workload exits. Exit 0: the pod is done (Succeeded). Otherwise restartPolicy Never fails the
 * pod; OnFailure restarts the container in place (restartCount + 1, lastState terminated), as the
 * kubelet does (without its crash-loop back-off).
 */
function complete(pod: KObject, ctx: ApplyContext): StageEvent[] {
  const st = (pod.status ?? (pod.status = {})) as J;
  const now = rfc3339(ctx.now);
  const code = exitCodeOf(pod);
  if (code !== 0 && specOf(pod).restartPolicy === 'OnFailure') {
    st.containerStatuses = containerStatuses(pod).map((cs) => {
      const exited = exitedStatus(cs, now, code);
      return { ...cs, ready: false, restartCount: Number(cs.restartCount ?? 0) + 1, lastState: exited.state, state: { running: { startedAt: now } } };
    });
    refreshConditions(pod, ctx.now);
    return containersOf(pod).map((c) => ({
      component: 'kubelet', type: 'Warning', reason: 'BackOff', fieldPath: containerPath(c),
      message: `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
    }));
  }
  st.containerStatuses = containerStatuses(pod).map((cs) => (running(cs) ? exitedStatus(cs, now, code) : cs));
  // Sidecars (restartable init containers) are stopped once the main containers are done.
  if (st.initContainerStatuses) st.initContainerStatuses = (st.initContainerStatuses as J[]).map((cs) => (running(cs) ? terminatedStatus(cs, now) : cs));
  st.phase = code === 0 ? 'Succeeded' : 'Failed';
  refreshConditions(pod, ctx.now);
  return [];
}

/** Whether the kubelet's conditions no longer follow from the pod (a client flipped a readiness gate). */
function conditionsStale(pod: KObject): boolean {
  for (const [type, want] of kubeletConditions(pod)) {
    if (type === 'PodScheduled') continue;
    const have = condition(pod, type);
    if (have?.status !== want.status || have?.reason !== want.reason || have?.message !== want.message) return true;
  }
  return false;
}

export function defaultStages(): Stage[] {
  return [
    {
      name: 'pod-scheduling-gated',
      match: (pod) => unscheduled(pod) && gated(pod) && condition(pod, 'PodScheduled')?.reason !== 'SchedulingGated',
      delay: () => 0,
      action: {
        kind: 'status',
        apply: (pod, ctx) => (setScheduled(pod, ctx.now, false, 'Scheduling is blocked due to non-empty scheduling gates', 'SchedulingGated'), []),
      },
    },
    {
      name: 'pod-schedule',
      match: (pod, ctx) => unscheduled(pod) && !gated(pod) && ctx.retryable('pod-schedule'),
      delay: (_pod, ctx) => ctx.delays.schedule,
      action: { kind: 'schedule' },
    },
    {
      name: 'pod-killing',
      match: (pod, ctx) => deleting(pod) && nodeName(pod) !== '' && !ctx.applied('pod-killing'),
      delay: () => 0,
      action: {
        kind: 'events',
        events: (pod) => containerStatuses(pod).filter(running).map((cs) => ({
          component: 'kubelet', type: 'Normal', reason: 'Killing', message: `Stopping container ${cs.name}`,
          fieldPath: containerPath(cs),
        })),
      },
    },
    {
      name: 'pod-terminate',
      match: (pod, ctx) => deleting(pod) && ctx.applied('pod-killing')
        && [...containerStatuses(pod), ...((statusOf(pod).initContainerStatuses ?? []) as J[])].some(running),
      delay: terminationDelay,
      action: { kind: 'status', apply: terminate },
    },
    {
      name: 'pod-remove',
      match: (pod, ctx) => deleting(pod) && ctx.applied('pod-killing') && !(pod.metadata.finalizers?.length)
        && !containerStatuses(pod).some(running),
      delay: () => 0,
      action: { kind: 'delete' },
    },
    {
      name: 'pod-initialize',
      match: (pod, ctx) => active(pod, ctx) && !statusOf(pod).startTime,
      delay: (_pod, ctx) => ctx.delays.initialize,
      action: { kind: 'status', apply: initialize },
    },
    {
      name: 'pod-start',
      match: (pod, ctx) => active(pod, ctx) && Boolean(statusOf(pod).startTime) && !allRunning(pod) && ctx.retryable('pod-start'),
      delay: (_pod, ctx) => ctx.delays.start,
      action: { kind: 'status', apply: start },
    },
    {
      name: 'pod-unready',
      match: (pod, ctx) => active(pod, ctx) && forcedUnready(pod) && someRunningReady(pod, true),
      delay: () => 0,
      action: {
        kind: 'status',
        apply: (pod, ctx) => {
          const ready = containerStatuses(pod).filter((cs) => running(cs) && cs.ready);
          setReady(pod, false, ctx.now);
          return ready.map((cs) => ({
            component: 'kubelet', type: 'Warning', reason: 'Unhealthy', fieldPath: containerPath(cs),
            message: 'Readiness probe failed: the pod is annotated kubesim.io/ready: "false"',
          }));
        },
      },
    },
    {
      name: 'pod-ready',
      match: (pod, ctx) => active(pod, ctx) && allRunning(pod) && !forcedUnready(pod) && someRunningReady(pod, false),
      delay: (pod, ctx) => readinessDelay(pod, ctx.delays),
      action: { kind: 'status', apply: (pod, ctx) => (setReady(pod, true, ctx.now), []) },
    },
    {
      name: 'pod-complete',
      match: (pod, ctx) => active(pod, ctx) && runsToCompletion(pod) && allRunning(pod),
      delay: (pod, ctx) => runDelay(pod, ctx.delays),
      action: { kind: 'status', apply: complete },
    },
    {
      name: 'pod-conditions',
      match: (pod, ctx) => nodeName(pod) !== '' && Boolean(statusOf(pod).startTime) && conditionsStale(pod),
      delay: () => 0,
      action: { kind: 'status', apply: (pod, ctx) => (refreshConditions(pod, ctx.now), []) },
    },
  ];
}
