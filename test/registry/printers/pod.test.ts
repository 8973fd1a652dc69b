import { describe, expect, it } from 'vitest';
import { podPrinter } from '../../../src/registry/printers/pod.js';

const now = Date.parse('2026-11-21T06:00:00Z');
const ago = (sec: number): string => new Date(now - sec * 1000).toISOString().replace('.000Z', 'Z');

type J = Record<string, any>;

function pod(spec: J = {}, status: J | undefined = undefined, meta: J = {}): J {
  const p: J = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'web-7d4b9c-x2x5q', namespace: 'default', creationTimestamp: ago(300), ...meta },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
  };
  if (status) p.status = status;
  return p;
}

const running = (extra: J = {}): J => ({ name: 'app', ready: true, restartCount: 0, started: true,
  state: { running: { startedAt: ago(200) } }, ...extra });
const waiting = (reason: string, extra: J = {}): J => ({ name: 'app', ready: false, restartCount: 0,
  state: { waiting: { reason } }, ...extra });
const terminated = (t: J, extra: J = {}): J => ({ name: 'app', ready: false, restartCount: 0,
  state: { terminated: { exitCode: 0, ...t } }, ...extra });
const readyCond = (s = 'True'): J => ({ type: 'Ready', status: s });

/** [Ready, Status, Restarts] cells. */
const summary = (p: J): unknown[] => podPrinter.cells(p, now).slice(1, 4);

describe('pod printer columns', () => {
  it('has the apiserver column set', () => {
    expect(podPrinter.columns.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0], ['Ready', 'string', '', 0], ['Status', 'string', '', 0],
      ['Restarts', 'string', '', 0], ['Age', 'string', '', 0], ['IP', 'string', '', 1], ['Node', 'string', '', 1],
      ['Nominated Node', 'string', '', 1], ['Readiness Gates', 'string', '', 1],
    ]);
    expect(podPrinter.columns[1].description).toBe('The aggregate readiness state of this pod for accepting traffic.');
    expect(podPrinter.columns[0].description).toMatch(/^Name must be unique within a namespace/);
  });
});

describe('pod printer cells', () => {
  it('prints a freshly created pod without status', () => {
    expect(podPrinter.cells(pod(), now)).toEqual(
      ['web-7d4b9c-x2x5q', '0/1', '', '0', '5m', '<none>', '<none>', '<none>', '<none>']);
    expect(podPrinter.conditions!(pod())).toBeUndefined();
  });

  it('prints a pending pod and a creating one', () => {
    expect(summary(pod({}, { phase: 'Pending' }))).toEqual(['0/1', 'Pending', '0']);
    expect(summary(pod({ nodeName: 'n1' }, { phase: 'Pending', containerStatuses: [waiting('ContainerCreating')] })))
      .toEqual(['0/1', 'ContainerCreating', '0']);
  });

  it('prints a running pod with restarts and the wide cells', () => {
    const p = pod(
      { nodeName: 'node-1', readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/x' }] },
      {
        phase: 'Running', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }, { ip: 'fd00::5' }],
        conditions: [readyCond(), { type: 'example.com/lb', status: 'True' }, { type: 'example.com/x', status: 'False' }],
        containerStatuses: [running({ restartCount: 3, lastState: { terminated: { exitCode: 1, finishedAt: ago(41) } } })],
      });
    expect(podPrinter.cells(p, now)).toEqual(
      ['web-7d4b9c-x2x5q', '1/1', 'Running', '3 (41s ago)', '5m', '10.244.1.5', 'node-1', '<none>', '1/2']);
  });

  it('falls back to status.podIP and prints nominated nodes', () => {
    const cells = podPrinter.cells(pod({}, { phase: 'Pending', podIP: '10.0.0.9', nominatedNodeName: 'n2' }), now);
    expect(cells.slice(5, 8)).toEqual(['10.0.0.9', '<none>', 'n2']);
  });

  it('prints restarts without a last termination time as a bare number', () => {
    expect(summary(pod({}, { phase: 'Running', containerStatuses: [running({ restartCount: 2 })] })))
      .toEqual(['1/1', 'Running', '2']);
  });

  it.each([
    ['CrashLoopBackOff', [waiting('CrashLoopBackOff', { restartCount: 5 })], 'Running', ['0/1', 'CrashLoopBackOff', '5']],
    ['Error', [terminated({ exitCode: 1, reason: 'Error' })], 'Failed', ['0/1', 'Error', '0']],
    ['ExitCode', [terminated({ exitCode: 137 })], 'Failed', ['0/1', 'ExitCode:137', '0']],
    ['Signal', [terminated({ exitCode: 0, signal: 9 })], 'Failed', ['0/1', 'Signal:9', '0']],
    ['Completed', [terminated({ reason: 'Completed' })], 'Succeeded', ['0/1', 'Completed', '0']],
  ])('prints container state %s', (_n, statuses, phase, want) => {
    expect(summary(pod({}, { phase, containerStatuses: statuses }))).toEqual(want);
  });

  it('walks containers from last to first', () => {
    const two = { containers: [{ name: 'a' }, { name: 'b' }] };
    const statuses = [waiting('ImagePullBackOff', { name: 'a' }), waiting('ContainerCreating', { name: 'b' })];
    expect(summary(pod(two, { phase: 'Pending', containerStatuses: statuses }))).toEqual(['0/2', 'ImagePullBackOff', '0']);
  });

  it('turns Completed back into Running or NotReady while a container still runs', () => {
    const two = { containers: [{ name: 'job' }, { name: 'app' }] };
    const statuses = [terminated({ reason: 'Completed' }, { name: 'job' }), running({ name: 'app' })];
    expect(summary(pod(two, { phase: 'Running', conditions: [readyCond()], containerStatuses: statuses })))
      .toEqual(['1/2', 'Running', '0']);
    expect(summary(pod(two, { phase: 'Running', conditions: [readyCond('False')], containerStatuses: statuses })))
      .toEqual(['1/2', 'NotReady', '0']);
  });

  it('adds the Completed row condition for terminal pods', () => {
    expect(podPrinter.conditions!(pod({}, { phase: 'Succeeded' }))).toEqual(
      [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
    expect(podPrinter.conditions!(pod({}, { phase: 'Failed' }))).toEqual(
      [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }]);
  });

  it('prints SchedulingGated from the PodScheduled condition', () => {
    const status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] };
    expect(summary(pod({}, status))).toEqual(['0/1', 'SchedulingGated', '0']);
  });
});

describe('terminating pods', () => {
  const deleting = { deletionTimestamp: ago(-30), deletionGracePeriodSeconds: 30 };
  it('prints Terminating for a non-terminal pod being deleted', () => {
    const p = pod({ nodeName: 'n1' }, { phase: 'Running', conditions: [readyCond()], containerStatuses: [running()] }, deleting);
    expect(summary(p)).toEqual(['1/1', 'Terminating', '0']);
  });
  it('keeps the terminal status of a finished pod', () => {
    const p = pod({}, { phase: 'Succeeded', containerStatuses: [terminated({ reason: 'Completed' })] }, deleting);
    expect(summary(p)).toEqual(['0/1', 'Completed', '0']);
  });
  it('prints Unknown for a pod lost with its node', () => {
    const p = pod({}, { phase: 'Running', reason: 'NodeLost', containerStatuses: [running()] }, deleting);
    expect(summary(p)).toEqual(['1/1', 'Unknown', '0']);
  });
  it('prints the status reason (Evicted) of a failed pod', () => {
    expect(summary(pod({}, { phase: 'Failed', reason: 'Evicted' }))).toEqual(['0/1', 'Evicted', '0']);
  });
});

describe('init containers', () => {
  const spec = { initContainers: [{ name: 'migrate' }, { name: 'warm' }] };
  const init = (name: string, s: J): J => ({ name, ready: false, restartCount: 0, ...s });
  it.each([
    ['Init:0/2 while the first runs', [init('migrate', { state: { running: {} } })], ['0/1', 'Init:0/2', '0']],
    ['Init:1/2 once the first is done', [init('migrate', { state: { terminated: { exitCode: 0, reason: 'Completed' } } }),
      init('warm', { state: { running: {} } })], ['0/1', 'Init:1/2', '0']],
    ['the waiting reason', [init('migrate', { state: { waiting: { reason: 'ImagePullBackOff' } } })],
      ['0/1', 'Init:ImagePullBackOff', '0']],
    ['PodInitializing is not a reason', [init('migrate', { state: { waiting: { reason: 'PodInitializing' } } })],
      ['0/1', 'Init:0/2', '0']],
    ['the failure reason', [init('migrate', { state: { terminated: { exitCode: 2, reason: 'Error' } }, restartCount: 4,
      lastState: { terminated: { exitCode: 2, finishedAt: ago(90) } } })], ['0/1', 'Init:Error', '4 (90s ago)']],
    ['the exit code', [init('migrate', { state: { terminated: { exitCode: 3 } } })], ['0/1', 'Init:ExitCode:3', '0']],
    ['the signal', [init('migrate', { state: { terminated: { exitCode: 143, signal: 15 } } })], ['0/1', 'Init:Signal:15', '0']],
    // Exit code 0 means done, whatever the signal.
    ['exit 0 as success', [init('migrate', { state: { terminated: { exitCode: 0, signal: 15 } } })], ['0/1', 'PodInitializing', '0']],
  ])('prints %s', (_n, statuses, want) => {
    const p = pod(spec, { phase: 'Pending', initContainerStatuses: statuses, containerStatuses: [waiting('PodInitializing')] });
    expect(summary(p)).toEqual(want);
  });

  it('shows container states once all init containers are done', () => {
    const done = (name: string): J => init(name, { state: { terminated: { exitCode: 0, reason: 'Completed' } }, restartCount: 1,
      lastState: { terminated: { exitCode: 1, finishedAt: ago(100) } } });
    const p = pod(spec, {
      phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }, readyCond()],
      initContainerStatuses: [done('migrate'), done('warm')], containerStatuses: [running()],
    });
    // Restarts of completed (non-sidecar) init containers stop counting once the pod is initialised.
    expect(summary(p)).toEqual(['1/1', 'Running', '0']);
  });
});

describe('sidecar (restartable init) containers', () => {
  const spec = {
    initContainers: [{ name: 'proxy', restartPolicy: 'Always' }, { name: 'migrate' }],
    containers: [{ name: 'app' }],
  };
  const proxy = (extra: J = {}): J => ({ name: 'proxy', ready: true, started: true, restartCount: 2,
    lastState: { terminated: { exitCode: 1, finishedAt: ago(120) } }, state: { running: {} }, ...extra });

  it('counts sidecars in Ready while later init containers run', () => {
    const p = pod(spec, { phase: 'Pending', initContainerStatuses: [proxy(), { name: 'migrate', state: { running: {} } }] });
    expect(summary(p)).toEqual(['1/2', 'Init:1/2', '2 (2m ago)']);
  });

  it('counts sidecars and their restarts after initialisation', () => {
    const p = pod(spec, {
      phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }, readyCond()],
      initContainerStatuses: [proxy(), { name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
      containerStatuses: [running({ restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: ago(30) } } })],
    });
    expect(summary(p)).toEqual(['2/2', 'Running', '3 (30s ago)']);
  });
});
