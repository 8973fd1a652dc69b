// The page's model (web/model.js), without a browser: which cards need drawing again, the rows
// it draws, pods grouped by owner, and the slice-write churn over the last minute.
import { describe, expect, it } from 'vitest';
import { Model } from '../../web/model.js';

const svc = (name: string) => ({ metadata: { namespace: 'default', name } });
const slice = (name: string, service: string, endpoints: unknown[]) => ({
  metadata: { namespace: 'default', name, labels: { 'kubernetes.io/service-name': service } }, addressType: 'IPv4', endpoints,
});
const ep = (ip: string, pod: string, conditions: Record<string, boolean> = { ready: true }) =>
  ({ addresses: [ip], nodeName: 'node-1', zone: 'zone-a', conditions, hints: { forZones: [{ name: 'zone-a' }] }, targetRef: { kind: 'Pod', namespace: 'default', name: pod } });
const pod = (name: string, owner?: string, ready = true) => ({
  metadata: { namespace: 'default', name, ...(owner ? { ownerReferences: [{ kind: 'ReplicaSet', name: owner, controller: true }] } : {}) },
  status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

function loaded() {
  const m = new Model();
  m.replace('services', [svc('web'), svc('db')]);
  m.replace('endpointslices', [slice('web-b', 'web', [ep('10.0.0.2', 'web-1')]), slice('web-a', 'web', [ep('10.0.0.1', 'web-0', { ready: false, serving: true, terminating: true })])]);
  m.replace('pods', [pod('web-0', 'web-rs'), pod('web-1', 'web-rs', false), pod('lone')]);
  m.replace('nodes', []);
  m.replace('namespaces', []);
  m.takeDirty();
  return m;
}

describe('web view model', () => {
  it('rows come from every slice of the Service, in slice order, with the pod\'s owner', () => {
    const rows = loaded().endpointsOf('default/web');
    expect(rows.map((r) => [r.slice, r.address, r.pod, r.owner?.name, r.ready, r.serving, r.terminating, r.zoneHints])).toEqual([
      ['web-a', '10.0.0.1', 'web-0', 'web-rs', false, true, true, ['zone-a']],
      ['web-b', '10.0.0.2', 'web-1', 'web-rs', true, true, false, ['zone-a']],
    ]);
  });

  it('marks only the touched Service dirty; pod status churn marks nothing, an owner change does', () => {
    const m = loaded();
    m.change('endpointslices', 'MODIFIED', slice('web-b', 'web', []), 0);
    expect(m.takeDirty()).toEqual({ all: false, keys: new Set(['default/web']) });
    m.change('pods', 'MODIFIED', pod('web-0', 'web-rs', false));
    expect(m.takeDirty().keys.size).toBe(0);
    m.change('pods', 'MODIFIED', pod('web-0', 'other-rs'));
    expect(m.takeDirty().keys).toEqual(new Set(['default/web']));
    m.change('nodes', 'ADDED', { metadata: { name: 'node-9' } });
    expect(m.takeDirty().all).toBe(true);
  });

  it('a slice that moves to another Service leaves the old one', () => {
    const m = loaded();
    m.change('endpointslices', 'MODIFIED', slice('web-b', 'db', [ep('10.0.0.2', 'web-1')]), 0);
    expect(m.slicesOf('default/web').map((s) => s.metadata.name)).toEqual(['web-a']);
    expect(m.slicesOf('default/db').map((s) => s.metadata.name)).toEqual(['web-b']);
    expect(m.takeDirty().keys).toEqual(new Set(['default/web', 'default/db']));
    m.change('endpointslices', 'DELETED', slice('web-b', 'db', []), 0);
    expect(m.slicesOf('default/db')).toEqual([]);
  });

  it('groups pods by owner with their ready count', () => {
    expect(loaded().workloads('default')).toEqual([{ namespace: 'default', kind: 'ReplicaSet', name: 'web-rs', pods: 2, ready: 1 }]);
  });

  it('counts slice writes seen in the last minute, overall and per Service', () => {
    const m = loaded();
    m.change('endpointslices', 'MODIFIED', slice('web-b', 'web', []), 1_000);
    m.change('endpointslices', 'ADDED', slice('db-a', 'db', []), 30_000);
    m.change('endpointslices', 'MODIFIED', slice('web-b', 'web', []), 50_000);
    expect(m.churn(55_000)).toBe(3);
    expect(m.churn(55_000, 'default/web')).toBe(2);
    expect(m.churn(61_000)).toBe(2);
    expect(m.churn(111_000)).toBe(0);
  });
});
