// The simulated container logs and metrics as pure functions of a pod (src/simulator/logs.ts,
// metrics.ts): the kubelet's errors, line selection, and reproducible usage figures.
import { describe, expect, it } from 'vitest';
import { isStatusError, type StatusError } from '../../src/machinery/status.js';
import type { KObject } from '../../src/machinery/types.js';
import { containerLog, formatLines, logContainer, selectLines } from '../../src/simulator/logs.js';
import { containerUsage, hasMetrics, nodeMetrics, podMetrics } from '../../src/simulator/metrics.js';

const T = Date.parse('2026-01-01T00:00:00Z');

function pod(over: { nodeName?: string; containers?: string[]; inits?: string[]; state?: Record<string, unknown>; ready?: boolean;
  annotations?: Record<string, string>; phase?: string; requests?: Record<string, string> } = {}): KObject {
  const names = over.containers ?? ['app'];
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', uid: 'uid-1', annotations: over.annotations },
    spec: {
      nodeName: over.nodeName ?? 'node-1',
      containers: names.map((name) => ({ name, image: 'nginx:1.27', resources: { requests: over.requests ?? {} } })),
      initContainers: (over.inits ?? []).map((name) => ({ name, image: 'busybox' })),
    },
    status: {
      phase: over.phase ?? 'Running',
      containerStatuses: names.map((name) => ({ name, ready: over.ready ?? true, state: over.state ?? { running: { startedAt: '2026-01-01T00:00:00Z' } } })),
      conditions: [{ type: 'ContainersReady', status: 'True', lastTransitionTime: '2026-01-01T00:00:01Z' }],
    },
  };
}

const message = (e: unknown) => (isStatusError(e) ? (e as StatusError).status.message : undefined);

describe('which container a log request is for', () => {
  it.for<[string, KObject, string | undefined, string]>([
    ['one container: the only one', pod(), undefined, 'app'],
    ['named', pod({ containers: ['a', 'b'] }), 'b', 'b'],
    ['an init container by name', pod({ inits: ['setup'] }), 'setup', 'setup'],
  ])('%s', ([, p, container, want]) => {
    const r = logContainer(p, { container });
    expect(isStatusError(r) ? r : r.name).toBe(want);
  });

  it.for<[string, KObject, string | undefined, string]>([
    ['several containers, none named', pod({ containers: ['a', 'b'] }), undefined, 'a container name must be specified for pod p, choose one of: [a b]'],
    ['with init containers', pod({ containers: ['a', 'b'], inits: ['i'] }), undefined,
      'a container name must be specified for pod p, choose one of: [a b] or one of the init containers: [i]'],
    ['no such container', pod(), 'nope', 'container nope is not valid for pod p'],
  ])('%s: 400 with the apiserver\'s words', ([, p, container, want]) => {
    const r = logContainer(p, { container });
    expect(message(r)).toBe(want);
    expect((r as StatusError).status.code).toBe(400);
  });
});

describe('a container\'s log', () => {
  it('lifecycle lines around the annotation text; the per-container annotation wins', () => {
    const p = pod({ containers: ['a', 'b'], annotations: { 'kubesim.io/logs': 'one\ntwo\n', 'kubesim.io/logs.b': 'bee' } });
    const a = containerLog(p, 'a', false) as { text: string }[];
    expect(a.map((l) => l.text)).toEqual([
      'kubesim: container a started (image nginx:1.27); pods run no processes, this log is simulated', 'one', 'two', 'kubesim: container a is ready',
    ]);
    expect((containerLog(p, 'b', false) as { text: string }[]).map((l) => l.text)[1]).toBe('bee');
  });

  it('an exited container ends with its exit code', () => {
    const p = pod({ ready: false, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:05Z' } } });
    const lines = containerLog(p, 'app', false) as { text: string }[];
    expect(lines.at(-1)!.text).toBe('kubesim: container app exited with code 0 (Completed)');
  });

  it('the kubelet\'s errors: still waiting, or no previous instance; nothing at all without a node', () => {
    expect(message(containerLog(pod({ state: { waiting: { reason: 'ContainerCreating' } } }), 'app', false)))
      .toBe('container "app" in pod "p" is waiting to start: ContainerCreating');
    expect(message(containerLog(pod(), 'app', false, true))).toBe('previous terminated container "app" in pod "p" not found');
    expect(containerLog(pod({ nodeName: '' }), 'app', false)).toBeUndefined();
  });

  it('tail, since and timestamps', () => {
    const lines = [{ time: T, text: 'a' }, { time: T + 1000, text: 'b' }, { time: T + 2000, text: 'c' }];
    expect(selectLines(lines, { tailLines: 2 }).map((l) => l.text)).toEqual(['b', 'c']);
    expect(selectLines(lines, { tailLines: 0 })).toEqual([]);
    expect(selectLines(lines, { since: T + 1000 }).map((l) => l.text)).toEqual(['b', 'c']);
    expect(formatLines(lines.slice(0, 1), { timestamps: true })).toBe('2026-01-01T00:00:00.000000000Z a\n');
  });
});

describe('metrics', () => {
  it('a running container uses 20-80% of what it requests, the same for the same uid', () => {
    const p = pod({ requests: { cpu: '500m', memory: '256Mi' } });
    const u = containerUsage(p, (p.spec as any).containers[0]);
    expect(u.cpu).toBeGreaterThanOrEqual(0.2 * 500e6);
    expect(u.cpu).toBeLessThanOrEqual(0.8 * 500e6);
    expect(u.memory).toBeGreaterThanOrEqual(0.2 * 256 * 2 ** 20);
    expect(u.memory).toBeLessThanOrEqual(0.8 * 256 * 2 ** 20);
    expect(podMetrics(p, T)).toEqual(podMetrics(structuredClone(p), T));
    const other = pod({ requests: { cpu: '500m', memory: '256Mi' } });
    other.metadata.uid = 'uid-2';
    expect(podMetrics(other, T).containers).not.toEqual(podMetrics(p, T).containers);
  });

  it('only pods running on a node have metrics; a node adds up its pods', () => {
    expect(hasMetrics(pod())).toBe(true);
    expect(hasMetrics(pod({ phase: 'Pending' }))).toBe(false);
    expect(hasMetrics(pod({ nodeName: '' }))).toBe(false);
    const node: KObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, status: { capacity: { cpu: '8', memory: '32Gi' } } };
    const idle = nodeMetrics(node, [], T);
    const busy = nodeMetrics(node, [pod({ requests: { cpu: '2', memory: '1Gi' } })], T);
    const n = (q: string) => Number(q.replace(/\D+$/, ''));
    expect(n((busy as any).usage.cpu)).toBeGreaterThan(n((idle as any).usage.cpu));
    expect((idle as any).usage.cpu).toMatch(/^\d+n$/);
    expect((idle as any).usage.memory).toMatch(/^\d+Ki$/);
  });
});
