// apps/v1 and batch/v1 printers: columns and cells as the apiserver's printers.go prints them
// (cases after pkg/printers/internalversion/printers_test.go: TestPrintDeployment, TestPrintReplicaSet,
// TestPrintStatefulSet, TestPrintDaemonSet, TestPrintJob, TestPrintCronJob, TestPrintControllerRevision).
import { describe, expect, it } from 'vitest';
import {
  controllerRevisionPrinter, daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter,
} from '../../../src/registry/printers/apps.js';
import { cronJobPrinter, jobPrinter } from '../../../src/registry/printers/batch.js';
import { formatLabelSelector } from '../../../src/registry/printers/workload.js';
import type { Printer } from '../../../src/registry/printers/index.js';

const now = Date.parse('2026-11-21T06:00:00Z');
const at = (sec: number): string => new Date(now - sec * 1000).toISOString().replace('.000Z', 'Z');
const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, creationTimestamp: at(600), ...extra });
const template = (containers: Array<[string, string]>, extra: Record<string, unknown> = {}) =>
  ({ metadata: { labels: { app: 'web' } }, spec: { containers: containers.map(([name, image]) => ({ name, image })), ...extra } });
const cols = (p: Printer) => p.columns.map((c) => [c.name, c.type, c.priority]);

describe('label selectors (metav1.FormatLabelSelector)', () => {
  it.each([
    [undefined, '<none>'],
    [{}, '<none>'],
    [{ matchLabels: { b: '2', a: '1' } }, 'a=1,b=2'],
    [{ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }] }, 'app=web,tier in (be,fe)'],
    [{ matchExpressions: [{ key: 'x', operator: 'NotIn', values: ['a'] }, { key: 'e', operator: 'Exists' }, { key: 'd', operator: 'DoesNotExist' }] },
      '!d,e,x notin (a)'],
    [{ matchExpressions: [{ key: 'x', operator: 'Bogus' }] }, '<error>'],
  ])('%j → %s', (sel, want) => {
    expect(formatLabelSelector(sel)).toBe(want);
  });
});

describe('deployment printer', () => {
  it('has the apiserver column set', () => {
    expect(cols(deploymentPrinter)).toEqual([
      ['Name', 'string', 0], ['Ready', 'string', 0], ['Up-to-date', 'string', 0], ['Available', 'string', 0], ['Age', 'string', 0],
      ['Containers', 'string', 1], ['Images', 'string', 1], ['Selector', 'string', 1],
    ]);
  });

  it('prints ready/desired, counters and the wide cells', () => {
    const d = {
      metadata: meta('web'),
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: template([['nginx', 'nginx:1.27'], ['log', 'busybox']]) },
      status: { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 1 },
    };
    expect(deploymentPrinter.cells(d, now)).toEqual(['web', '2/3', 3, 1, '10m', 'nginx,log', 'nginx:1.27,busybox', 'app=web']);
  });

  it('prints zeros for a deployment no controller has seen', () => {
    const d = { metadata: meta('new'), spec: { replicas: 1, selector: { matchLabels: { app: 'x' } }, template: template([['c', 'img']]) } };
    expect(deploymentPrinter.cells(d, now).slice(0, 5)).toEqual(['new', '0/1', 0, 0, '10m']);
  });
});

describe('replicaset printer', () => {
  it('prints desired, current and ready as integers', () => {
    expect(cols(replicaSetPrinter).map((c) => c[0])).toEqual(['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers', 'Images', 'Selector']);
    expect(cols(replicaSetPrinter).slice(1, 4).map((c) => c[1])).toEqual(['integer', 'integer', 'integer']);
    const rs = {
      metadata: meta('web-5d8f'),
      spec: { replicas: 5, selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d8f' } }, template: template([['c', 'nginx']]) },
      status: { replicas: 4, readyReplicas: 2 },
    };
    expect(replicaSetPrinter.cells(rs, now)).toEqual(['web-5d8f', 5, 4, 2, '10m', 'c', 'nginx', 'app=web,pod-template-hash=5d8f']);
  });
});

describe('statefulset printer', () => {
  it('prints Ready as ready/desired, no selector column', () => {
    expect(cols(statefulSetPrinter).map((c) => c[0])).toEqual(['Name', 'Ready', 'Age', 'Containers', 'Images']);
    const sts = { metadata: meta('db'), spec: { replicas: 3, template: template([['pg', 'postgres:16']]) }, status: { replicas: 3, readyReplicas: 1 } };
    expect(statefulSetPrinter.cells(sts, now)).toEqual(['db', '1/3', '10m', 'pg', 'postgres:16']);
  });
});

describe('daemonset printer', () => {
  it('prints scheduling counters and the template node selector', () => {
    expect(cols(daemonSetPrinter).map((c) => c[0])).toEqual([
      'Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age', 'Containers', 'Images', 'Selector',
    ]);
    const ds = {
      metadata: meta('agent'),
      spec: { selector: { matchLabels: { app: 'agent' } }, template: template([['a', 'agent:1']], { nodeSelector: { 'kubernetes.io/os': 'linux' } }) },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 },
    };
    expect(daemonSetPrinter.cells(ds, now)).toEqual([
      'agent', 3, 3, 2, 3, 2, 'kubernetes.io/os=linux', '10m', 'a', 'agent:1', 'app=agent',
    ]);
    expect(daemonSetPrinter.cells({ metadata: meta('x'), spec: { template: template([]) } }, now).slice(1, 7)).toEqual([0, 0, 0, 0, 0, '<none>']);
  });
});

describe('controllerrevision printer', () => {
  it('names the controller as kind.group/name', () => {
    expect(cols(controllerRevisionPrinter).map((c) => c[0])).toEqual(['Name', 'Controller', 'Revision', 'Age']);
    const owned = {
      metadata: meta('db-7c9d', { ownerReferences: [
        { apiVersion: 'v1', kind: 'Pod', name: 'other', uid: 'u0' },
        { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'u1', controller: true },
      ] }),
      revision: 2,
    };
    expect(controllerRevisionPrinter.cells(owned, now)).toEqual(['db-7c9d', 'statefulset.apps/db', 2, '10m']);
    const core = { metadata: meta('r', { ownerReferences: [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'rc', uid: 'u', controller: true }] }), revision: 1 };
    expect(controllerRevisionPrinter.cells(core, now)[1]).toBe('replicationcontroller/rc');
    expect(controllerRevisionPrinter.cells({ metadata: meta('orphan'), revision: 1 }, now)[1]).toBe('<none>');
  });
});

describe('job printer', () => {
  const job = (spec: Record<string, unknown>, status: Record<string, unknown> = {}, metaExtra: Record<string, unknown> = {}) => ({
    metadata: meta('pi', metaExtra), spec: { template: template([['pi', 'perl']]), selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'abc' } }, ...spec }, status,
  });

  it('has the apiserver column set', () => {
    expect(cols(jobPrinter)).toEqual([
      ['Name', 'string', 0], ['Status', 'string', 0], ['Completions', 'string', 0], ['Duration', 'string', 0], ['Age', 'string', 0],
      ['Containers', 'string', 1], ['Images', 'string', 1], ['Selector', 'string', 1],
    ]);
  });

  it.each([
    ['running, not started', job({ completions: 1 }), ['Running', '0/1', '']],
    ['running for 5 minutes', job({ completions: 3 }, { startTime: at(300), succeeded: 1 }), ['Running', '1/3', '5m']],
    ['complete', job({ completions: 1 }, { startTime: at(500), completionTime: at(380), succeeded: 1,
      conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }] }), ['Complete', '1/1', '2m']],
    ['failed', job({ completions: 1 }, { startTime: at(60), conditions: [{ type: 'Failed', status: 'True' }] }), ['Failed', '0/1', '60s']],
    ['suspended', job({ completions: 1, suspend: true }, { conditions: [{ type: 'Suspended', status: 'True' }] }), ['Suspended', '0/1', '']],
    ['condition not true', job({ completions: 1 }, { conditions: [{ type: 'Suspended', status: 'False' }] }), ['Running', '0/1', '']],
    ['failure target', job({ completions: 1 }, { conditions: [{ type: 'FailureTarget', status: 'True' }] }), ['FailureTarget', '0/1', '']],
    ['terminating', job({ completions: 1 }, {}, { deletionTimestamp: at(1) }), ['Terminating', '0/1', '']],
    ['work queue, parallel', job({ parallelism: 4 }, { succeeded: 2 }), ['Running', '2/1 of 4', '']],
    ['work queue, serial', job({ parallelism: 1 }), ['Running', '0/1', '']],
  ])('%s', (_name, j, want) => {
    const cells = jobPrinter.cells(j, now);
    expect(cells.slice(1, 4)).toEqual(want);
    expect(cells.slice(5)).toEqual(['pi', 'perl', 'batch.kubernetes.io/controller-uid=abc']);
  });
});

describe('cronjob printer', () => {
  it('has the apiserver column set', () => {
    expect(cols(cronJobPrinter)).toEqual([
      ['Name', 'string', 0], ['Schedule', 'string', 0], ['Timezone', 'string', 0], ['Suspend', 'boolean', 0], ['Active', 'integer', 0],
      ['Last Schedule', 'string', 0], ['Age', 'string', 0], ['Containers', 'string', 1], ['Images', 'string', 1], ['Selector', 'string', 1],
    ]);
  });

  it('prints schedule, time zone, suspend, active jobs and the last schedule', () => {
    const cj = {
      metadata: meta('backup'),
      spec: { schedule: '*/5 * * * *', timeZone: 'Etc/UTC', suspend: false, jobTemplate: { spec: { template: template([['b', 'busybox']]) } } },
      status: { active: [{ kind: 'Job', name: 'backup-1' }], lastScheduleTime: at(90) },
    };
    expect(cronJobPrinter.cells(cj, now)).toEqual(['backup', '*/5 * * * *', 'Etc/UTC', 'False', 1, '90s', '10m', 'b', 'busybox', '<none>']);
    const fresh = { metadata: meta('c'), spec: { schedule: '@hourly', jobTemplate: { spec: { template: template([]) } } } };
    expect(cronJobPrinter.cells(fresh, now).slice(1, 6)).toEqual(['@hourly', '<none>', '<unset>', 0, '<none>']);
    expect(cronJobPrinter.cells({ ...fresh, spec: { ...fresh.spec, suspend: true } }, now)[3]).toBe('True');
  });
});

it('every workload printer gives one cell per column', () => {
  for (const p of [deploymentPrinter, replicaSetPrinter, statefulSetPrinter, daemonSetPrinter, controllerRevisionPrinter, jobPrinter, cronJobPrinter]) {
    expect(p.cells({ metadata: { name: 'x' } }, now)).toHaveLength(p.columns.length);
    expect(p.columns[0]).toMatchObject({ name: 'Name', format: 'name' });
    expect(p.columns.every((c) => c.description.length > 0)).toBe(true);
  }
});
