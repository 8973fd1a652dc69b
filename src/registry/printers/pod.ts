// Pod columns: NAME READY STATUS RESTARTS AGE [IP NODE NOMINATED-NODE READINESS-GATES].
// The Status cell walks init containers, then containers from last to first, exactly like the
// apiserver's printPod (behaviour copied from the apiserver; described in spec §7.2).
import { humanDuration, parseTimestamp } from '../../machinery/duration.js';
import {
  arr, column, fieldColumn, nameColumn, ageColumn, nameOf, ageOf, obj, str,
  type Printer, type RowCondition,
} from './types.js';

type J = Record<string, any>;

const isRestartable = (c: J | undefined): boolean => c?.restartPolicy === 'Always';

/** Restart counts; the apiserver keeps one for all init containers and one for sidecars only. */
interface Tally {
  restarts: number;
  /** Latest lastState.terminated.finishedAt seen, ms; undefined = Go's zero time. */
  lastRestart: number | undefined;
}

function noteRestart(t: Tally, status: J): void {
  t.restarts += Number(status.restartCount ?? 0);
  const finished = parseTimestamp(obj(obj(status.lastState).terminated).finishedAt);
  if (finished !== undefined && (t.lastRestart === undefined || finished > t.lastRestart)) t.lastRestart = finished;
}

function conditionTrue(pod: J, type: string): boolean {
  return arr<J>(obj(pod.status).conditions).some((c) => c.type === type && c.status === 'True');
}

interface Counts {
  ready: number;
  all: Tally;
  sidecars: Tally;
}

/** Init containers: the first one not yet done decides an "Init:..." reason. */
function initReason(pod: J, n: Counts): string | undefined {
  const specs = new Map(arr<J>(obj(pod.spec).initContainers).map((c) => [str(c.name), c]));
  const total = specs.size;
  const statuses = arr<J>(obj(pod.status).initContainerStatuses);
  for (let i = 0; i < statuses.length; i++) {
    const cs = statuses[i];
    noteRestart(n.all, cs);
    const restartable = isRestartable(specs.get(str(cs.name)));
    if (restartable) noteRestart(n.sidecars, cs);
    const terminated = cs.state?.terminated as J | undefined;
    const waiting = cs.state?.waiting as J | undefined;
    if (terminated && Number(terminated.exitCode ?? 0) === 0) continue;
    if (restartable && cs.started === true) {
      if (cs.ready) n.ready++;
      continue;
    }
    if (terminated) {
      if (str(terminated.reason)) return `Init:${terminated.reason}`;
      return terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${Number(terminated.exitCode ?? 0)}`;
    }
    if (waiting && str(waiting.reason) && waiting.reason !== 'PodInitializing') return `Init:${waiting.reason}`;
    return `Init:${i}/${total}`;
  }
  return undefined;
}

/** Regular containers, last to first: the first container that explains itself sets the reason. */
function containerReason(pod: J, reason: string, t: Tally, n: Counts): string {
  const statuses = arr<J>(obj(pod.status).containerStatuses);
  let hasRunning = false;
  let r = reason;
  for (let i = statuses.length - 1; i >= 0; i--) {
    const cs = statuses[i];
    noteRestart(t, cs);
    const waiting = cs.state?.waiting as J | undefined;
    const terminated = cs.state?.terminated as J | undefined;
    if (waiting && str(waiting.reason)) r = waiting.reason;
    else if (terminated && str(terminated.reason)) r = terminated.reason;
    else if (terminated) r = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${Number(terminated.exitCode ?? 0)}`;
    else if (cs.ready && cs.state?.running) {
      hasRunning = true;
      n.ready++;
    }
  }
  if (r === 'Completed' && hasRunning) r = conditionTrue(pod, 'Ready') ? 'Running' : 'NotReady';
  return r;
}

/** Ready, Status and Restarts cells. */
export function podSummary(pod: J, now: number): { ready: string; status: string; restarts: string } {
  const spec = obj(pod.spec);
  const status = obj(pod.status);
  const phase = str(status.phase);
  let reason = str(status.reason) || phase;
  if (arr<J>(status.conditions).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }
  const total = arr(spec.containers).length + arr<J>(spec.initContainers).filter(isRestartable).length;
  const n: Counts = { ready: 0, all: { restarts: 0, lastRestart: undefined }, sidecars: { restarts: 0, lastRestart: undefined } };
  const init = initReason(pod, n);
  let tally = n.all;
  if (init !== undefined) reason = init;
  if (init === undefined || conditionTrue(pod, 'Initialized')) {
    // Once initialised only sidecar restarts count alongside the regular containers'.
    tally = n.sidecars;
    reason = containerReason(pod, reason, tally, n);
  }
  const deleting = Boolean(obj(pod.metadata).deletionTimestamp);
  if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  const restarts = tally.restarts !== 0 && tally.lastRestart !== undefined
    ? `${tally.restarts} (${humanDuration(now - tally.lastRestart)} ago)`
    : String(tally.restarts);
  return { ready: `${n.ready}/${total}`, status: reason, restarts };
}

function readinessGates(pod: J): string {
  const gates = arr<J>(obj(pod.spec).readinessGates);
  if (gates.length === 0) return '<none>';
  const conds = arr<J>(obj(pod.status).conditions);
  const trueCount = gates.filter((g) => conds.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${trueCount}/${gates.length}`;
}

export const podPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    ageColumn(),
    fieldColumn('IP', 'string', 'PodStatus.podIP', { priority: 1 }),
    fieldColumn('Node', 'string', 'PodSpec.nodeName', { priority: 1 }),
    fieldColumn('Nominated Node', 'string', 'PodStatus.nominatedNodeName', { priority: 1 }),
    fieldColumn('Readiness Gates', 'string', 'PodSpec.readinessGates', { priority: 1 }),
  ],
  cells(pod, now) {
    const s = podSummary(pod, now);
    const status = obj(pod.status);
    const ip = str(obj(arr(status.podIPs)[0]).ip) || str(status.podIP) || '<none>';
    return [
      nameOf(pod), s.ready, s.status, s.restarts, ageOf(pod, now),
      ip, str(obj(pod.spec).nodeName) || '<none>', str(status.nominatedNodeName) || '<none>', readinessGates(pod),
    ];
  },
  conditions(pod): RowCondition[] | undefined {
    const phase = obj(pod.status).phase;
    if (phase === 'Succeeded') {
      return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
    }
    if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    return undefined;
  },
};
