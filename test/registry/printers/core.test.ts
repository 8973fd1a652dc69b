import { describe, expect, it } from 'vitest';
import { defaultPrinter } from '../../../src/registry/printers/index.js';
import { leasePrinter } from '../../../src/registry/printers/lease.js';
import { builtinRegistry } from '../../helpers/kinds.js';
import { configMapPrinter } from '../../../src/registry/printers/configmap.js';
import { eventPrinter, eventsV1EventPrinter } from '../../../src/registry/printers/event.js';
import { namespacePrinter } from '../../../src/registry/printers/namespace.js';
import { nodePrinter } from '../../../src/registry/printers/node.js';
import { secretPrinter } from '../../../src/registry/printers/secret.js';

const now = Date.parse('2026-11-21T06:00:00Z');
const at = (sec: number): string => new Date(now - sec * 1000).toISOString().replace('.000Z', 'Z');
const meta = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ name, creationTimestamp: at(600), ...extra });

describe('printers on the kind definitions', () => {
  const kinds = builtinRegistry().strategies();

  it('names its printer in each kind definition; kinds without one use the default', () => {
    const byKind = (group: string, kind: string) => kinds.find((k) => k.info.group === group && k.info.kind === kind);
    expect(byKind('', 'Event')?.printer).toBe(eventPrinter);
    expect(byKind('events.k8s.io', 'Event')?.printer).toBe(eventsV1EventPrinter);
    expect(byKind('', 'ConfigMap')?.printer).toBe(configMapPrinter);
    expect(kinds.filter((k) => !k.printer).map((k) => k.info.kind).sort()).toEqual(['CustomResourceDefinition', 'LimitRange', 'ResourceQuota']);
  });

  it('gives every printer one cell per column', () => {
    for (const p of [...kinds.flatMap((k) => (k.printer ? [k.printer] : [])), defaultPrinter]) {
      expect(p.cells({ metadata: { name: 'x' } }, now)).toHaveLength(p.columns.length);
      expect(p.columns[p.columns.findIndex((c) => c.format === 'name')].type).toBe('string');
    }
  });
});

describe('default printer (DefaultTableConvertor)', () => {
  it('prints Name and Created At as an RFC 3339 date', () => {
    expect(defaultPrinter.columns.map((c) => [c.name, c.type, c.format])).toEqual([['Name', 'string', 'name'], ['Created At', 'date', '']]);
    expect(defaultPrinter.cells({ metadata: { name: 'cfg', creationTimestamp: '2026-11-21T05:16:52Z' } }, now))
      .toEqual(['cfg', '2026-11-21T05:16:52Z']);
    expect(defaultPrinter.cells({ metadata: { name: 'cfg' } }, now)).toEqual(['cfg', '0001-01-01T00:00:00Z']);
  });
});

describe('event printers', () => {
  it('have the apiserver column set, mostly wide', () => {
    expect(eventPrinter.columns.map((c) => [c.name, c.priority, c.format])).toEqual([
      ['Last Seen', 0, ''], ['Type', 0, ''], ['Reason', 0, ''], ['Object', 0, ''], ['Subobject', 1, ''], ['Source', 1, ''],
      ['Message', 0, ''], ['First Seen', 1, ''], ['Count', 1, ''], ['Name', 1, 'name'],
    ]);
  });

  it('prints a core/v1 event', () => {
    const ev = {
      metadata: meta('web-1.17a2b'), type: 'Normal', reason: 'Scheduled', message: '  Successfully assigned default/web-1 to n1\n',
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', fieldPath: 'spec.containers{app}' },
      source: { component: 'default-scheduler', host: 'cp-1' }, firstTimestamp: at(300), lastTimestamp: at(60), count: 5,
    };
    expect(eventPrinter.cells(ev, now)).toEqual([
      '60s', 'Normal', 'Scheduled', 'pod/web-1', 'spec.containers{app}', 'default-scheduler, cp-1',
      'Successfully assigned default/web-1 to n1', '5m', 5, 'web-1.17a2b',
    ]);
  });

  it('uses eventTime, series and reporting fields of new-style events', () => {
    const ev = {
      metadata: meta('e2'), type: 'Warning', reason: 'BackOff', message: 'Back-off restarting', eventTime: '2026-11-21T05:50:00.000000Z',
      involvedObject: { kind: 'Node' }, reportingController: 'kubelet', reportingInstance: 'n1',
      series: { count: 7, lastObservedTime: '2026-11-21T05:59:30.123456Z' },
    };
    // 29.87s truncates to 29s.
    expect(eventPrinter.cells(ev, now)).toEqual(['29s', 'Warning', 'BackOff', 'node', '', 'kubelet, n1', 'Back-off restarting', '10m', 7, 'e2']);
  });

  it('counts a singleton event as 1 and falls back from lastTimestamp to the first time', () => {
    const ev = { metadata: meta('e3'), involvedObject: { kind: 'Service', name: 's' }, source: { component: 'svc-ctrl' },
      firstTimestamp: at(120) };
    const cells = eventPrinter.cells(ev, now);
    expect([cells[0], cells[5], cells[7], cells[8]]).toEqual(['2m', 'svc-ctrl', '2m', 1]);
    expect(eventPrinter.cells({ metadata: meta('e4') }, now).slice(0, 1)).toEqual(['<unknown>']);
  });

  it('prints events.k8s.io/v1 events through their core/v1 view', () => {
    const ev = {
      apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: meta('e5'), eventTime: at(90), type: 'Normal',
      reason: 'Pulled', note: 'Image pulled', action: 'Pull', regarding: { kind: 'Pod', name: 'p1', fieldPath: 'spec.containers{c}' },
      reportingController: 'kubelet', reportingInstance: 'node-a',
    };
    expect(eventsV1EventPrinter.cells(ev, now)).toEqual(
      ['90s', 'Normal', 'Pulled', 'pod/p1', 'spec.containers{c}', 'kubelet, node-a', 'Image pulled', '90s', 1, 'e5']);
    expect(eventsV1EventPrinter.columns).toBe(eventPrinter.columns);
  });
});

describe('node printer', () => {
  const node = (extra: Record<string, any> = {}): Record<string, any> => ({
    metadata: meta('cp-1', { labels: { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/': '',
      'kubernetes.io/role': 'master', 'kubernetes.io/hostname': 'cp-1' } }),
    spec: {},
    status: {
      conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
      addresses: [{ type: 'Hostname', address: 'cp-1' }, { type: 'InternalIP', address: '172.18.0.2' }],
      nodeInfo: { kubeletVersion: 'v1.35.2', osImage: 'Debian GNU/Linux 12', kernelVersion: '6.1.0', containerRuntimeVersion: 'containerd://2.0.0' },
    },
    ...extra,
  });

  it('has the apiserver column set', () => {
    expect(nodePrinter.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0], ['Status', 0], ['Roles', 0], ['Age', 0], ['Version', 0], ['Internal-IP', 1], ['External-IP', 1],
      ['OS-Image', 1], ['Kernel-Version', 1], ['Container-Runtime', 1],
    ]);
  });

  it('prints a ready control-plane node', () => {
    expect(nodePrinter.cells(node(), now)).toEqual([
      'cp-1', 'Ready', 'control-plane,master', '10m', 'v1.35.2', '172.18.0.2', '<none>', 'Debian GNU/Linux 12', '6.1.0',
      'containerd://2.0.0',
    ]);
  });

  it.each([
    ['NotReady', [{ type: 'Ready', status: 'False' }], false, 'NotReady'],
    ['Ready=Unknown', [{ type: 'Ready', status: 'Unknown' }], false, 'NotReady'],
    ['no Ready condition', [], false, 'Unknown'],
    ['cordoned', [{ type: 'Ready', status: 'True' }], true, 'Ready,SchedulingDisabled'],
  ])('prints status for %s', (_n, conditions, unschedulable, want) => {
    const n = node();
    n.status.conditions = conditions;
    n.spec.unschedulable = unschedulable;
    expect(nodePrinter.cells(n, now)[1]).toBe(want);
  });

  it('prints defaults for a bare node', () => {
    expect(nodePrinter.cells({ metadata: meta('n') }, now)).toEqual(
      ['n', 'Unknown', '<none>', '10m', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
  });
});

describe('namespace, configmap and secret printers', () => {
  it('prints namespace phase', () => {
    expect(namespacePrinter.columns.map((c) => c.name)).toEqual(['Name', 'Status', 'Age']);
    expect(namespacePrinter.cells({ metadata: meta('default'), status: { phase: 'Active' } }, now)).toEqual(['default', 'Active', '10m']);
    expect(namespacePrinter.cells({ metadata: meta('old', { deletionTimestamp: at(5) }), status: { phase: 'Terminating' } }, now))
      .toEqual(['old', 'Terminating', '10m']);
  });

  it('counts configmap data and binaryData keys', () => {
    expect(configMapPrinter.columns.map((c) => [c.name, c.type])).toEqual([['Name', 'string'], ['Data', 'string'], ['Age', 'string']]);
    expect(configMapPrinter.cells({ metadata: meta('cfg'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, now))
      .toEqual(['cfg', 3, '10m']);
    expect(configMapPrinter.cells({ metadata: meta('empty') }, now)).toEqual(['empty', 0, '10m']);
  });

  it('prints secret type and key count (stringData merged into data)', () => {
    expect(secretPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Type', 'Data', 'Age']);
    expect(secretPrinter.cells({ metadata: meta('tls'), type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' },
      stringData: { 'tls.key': 'z', extra: 'w' } }, now)).toEqual(['tls', 'kubernetes.io/tls', 3, '10m']);
  });
});

describe('Lease printer', () => {
  it('prints NAME HOLDER AGE', () => {
    const now = Date.parse('2026-01-01T00:10:00Z');
    const lease = { metadata: { name: 'ctrl-lock', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { holderIdentity: 'ctrl-1_abc' } };
    expect(leasePrinter.columns.map((c) => c.name)).toEqual(['Name', 'Holder', 'Age']);
    expect(leasePrinter.cells(lease, now)).toEqual(['ctrl-lock', 'ctrl-1_abc', '10m']);
    expect(leasePrinter.cells({ metadata: { name: 'free', creationTimestamp: '2026-01-01T00:09:30Z' } }, now)).toEqual(['free', '', '30s']);
  });
});
