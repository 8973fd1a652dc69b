// What `kubectl logs` shows for a simulated container. No process runs, so a container's log is
// what the simulated kubelet knows (started, ready, exited, from its containerStatuses) plus text a
// test sets through annotations: `kubesim.io/logs` for every container, `kubesim.io/logs.NAME` for
// one (it wins). Pure functions of the pod: the HTTP layer (src/http/pod-connect.ts) serves them
// and, with --follow, recomputes them as the pod changes. Errors carry the kubelet's wording.
import { badRequest, type StatusError } from '../machinery/status.js';
import type { KObject } from '../machinery/types.js';
import { containersOf, initContainersOf, specOf, statusOf } from './pod-status.js';

type J = Record<string, any>;

export const LOGS_ANNOTATION = 'kubesim.io/logs';

export interface LogLine {
  /** ms since epoch: when the line was "written". */
  time: number;
  text: string;
}

export interface LogRequest {
  container?: string;
  previous?: boolean;
}

/** The container a log request is for, or the error the apiserver/kubelet answers. */
export function logContainer(pod: KObject, req: LogRequest): { name: string; init: boolean } | StatusError {
  const name = pod.metadata.name ?? '';
  const containers = containersOf(pod).map((c) => String(c.name));
  const inits = initContainersOf(pod).map((c) => String(c.name));
  if (!req.container) {
    // pkg/registry/core/pod/strategy.go LogLocation: only a single-container pod may omit it.
    if (containers.length === 1) return { name: containers[0], init: false };
    const more = inits.length ? ` or one of the init containers: [${inits.join(' ')}]` : '';
    return badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${more}`);
  }
  if (containers.includes(req.container)) return { name: req.container, init: false };
  if (inits.includes(req.container)) return { name: req.container, init: true };
  return badRequest(`container ${req.container} is not valid for pod ${name}`);
}

function statusFor(pod: KObject, container: string, init: boolean): J | undefined {
  const list = (init ? statusOf(pod).initContainerStatuses : statusOf(pod).containerStatuses) ?? [];
  return (list as J[]).find((cs) => cs.name === container);
}

const ms = (t: unknown): number | undefined => (typeof t === 'string' && !Number.isNaN(Date.parse(t)) ? Date.parse(t) : undefined);

/**
 * The log of one container now, or the kubelet's error when there is none to show (still
 * waiting, or a previous instance asked of a container that never restarted). Undefined lines
 * with no error: the pod has no node yet (the apiserver then streams nothing).
 */
export function containerLog(pod: KObject, container: string, init: boolean, previous = false): LogLine[] | StatusError | undefined {
  const pod_ = pod.metadata.name ?? '';
  if (!specOf(pod).nodeName) return undefined;
  const cs = statusFor(pod, container, init);
  if (previous) {
    // Simulated containers never restart, so there is never a previous instance.
    return badRequest(`previous terminated container "${container}" in pod "${pod_}" not found`);
  }
  const started = ms(cs?.state?.running?.startedAt) ?? ms(cs?.state?.terminated?.startedAt);
  if (started === undefined) {
    const reason = cs?.state?.waiting?.reason ?? 'ContainerCreating';
    return badRequest(`container "${container}" in pod "${pod_}" is waiting to start: ${reason}`);
  }
  const spec = [...containersOf(pod), ...initContainersOf(pod)].find((c) => c.name === container) ?? {};
  const lines: LogLine[] = [{ time: started, text: `kubesim: container ${container} started (image ${spec.image ?? ''}); pods run no processes, this log is simulated` }];
  const ann = pod.metadata.annotations ?? {};
  const text = ann[`${LOGS_ANNOTATION}.${container}`] ?? ann[LOGS_ANNOTATION];
  if (text !== undefined && text !== '') {
    for (const t of text.replace(/\n$/, '').split('\n')) lines.push({ time: started, text: t });
  }
  if (cs?.ready === true) {
    const readyAt = ms(((statusOf(pod).conditions ?? []) as J[]).find((c) => c.type === 'ContainersReady')?.lastTransitionTime);
    lines.push({ time: Math.max(started, readyAt ?? started), text: `kubesim: container ${container} is ready` });
  }
  const term = cs?.state?.terminated;
  if (term) {
    const at = ms(term.finishedAt) ?? started;
    lines.push({ time: Math.max(started, at), text: `kubesim: container ${container} exited with code ${term.exitCode ?? 0} (${term.reason ?? 'Completed'})` });
  }
  return lines;
}

/** Whether a followed log has ended: the container exited (or the pod is gone, which the caller sees). */
export function logEnded(pod: KObject, container: string, init: boolean): boolean {
  return Boolean(statusFor(pod, container, init)?.state?.terminated);
}

export interface LogFormat {
  timestamps?: boolean;
  tailLines?: number;
  /** Lines written before this (ms since epoch) are left out. */
  since?: number;
  limitBytes?: number;
}

/** RFC 3339 with nanoseconds, as the kubelet prefixes lines with --timestamps. */
function stamp(t: number): string {
  return new Date(t).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

export function selectLines(lines: LogLine[], f: LogFormat): LogLine[] {
  let out = f.since !== undefined ? lines.filter((l) => l.time >= f.since!) : lines;
  if (f.tailLines !== undefined) out = f.tailLines === 0 ? [] : out.slice(-f.tailLines);
  return out;
}

export function formatLines(lines: LogLine[], f: LogFormat): string {
  return lines.map((l) => `${f.timestamps ? `${stamp(l.time)} ` : ''}${l.text}\n`).join('');
}
