import { describe, expect, it } from 'vitest';
import { isStatusError, type StatusError } from '../../../src/machinery/status.js';
import type { KObject } from '../../../src/machinery/types.js';
import type { ApplyOptions } from '../../../src/machinery/patch/index.js';
import { apply, updateManagedFields } from '../../helpers/kinds.js';

const T0 = '2026-11-21T05:16:52Z';
const T1 = '2026-11-21T05:20:00Z';

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (isStatusError(e)) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

/** What the store adds on create, so the object counts as existing. */
function stored<T extends KObject>(obj: T): T {
  return { ...obj, metadata: { ...obj.metadata, uid: 'uid-1', resourceVersion: '1', creationTimestamp: T0 } };
}

const opts = (manager: string, extra: Partial<ApplyOptions> = {}): ApplyOptions => ({ manager, now: T1, apiVersion: 'v1', ...extra });

const cm = (data: Record<string, string>, labels?: Record<string, string>) => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm1', namespace: 'default', ...(labels ? { labels } : {}) }, data,
});

function applyCreate(body: KObject, manager = 'kubectl'): KObject {
  return stored(apply(undefined, body, { manager, now: T0, apiVersion: 'v1' }).object);
}

describe('server-side apply: create and re-apply', () => {
  it('creates the object and records the applier (managedFields shape)', () => {
    const body = cm({ a: '1' }, { app: 'web' });
    const { object, managedFields } = apply(undefined, body, opts('kubectl'));
    expect(object).toEqual({ ...body, metadata: { ...body.metadata, managedFields } });
    expect(managedFields).toEqual([{
      manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: T1, fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': { 'f:a': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } },
    }]);
    expect(body.metadata).not.toHaveProperty('managedFields'); // input untouched
  });

  it('keyed list items carry "." and defaulted key fields', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
      spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] } };
    const { managedFields } = apply(undefined, pod, opts('kubectl'));
    expect(managedFields[0].fieldsV1).toEqual({
      'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': {
        '.': {}, 'f:image': {}, 'f:name': {},
        'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
      } } },
    });
  });

  const removals: Array<{ name: string; first: KObject; second: KObject; want: Record<string, unknown>; managers?: string[] }> = [
    { name: 'a data key', first: cm({ a: '1', b: '2' }), second: cm({ a: '1' }), want: { data: { a: '1' } } },
    { name: 'a label (the emptied map goes too)', first: cm({ a: '1' }, { app: 'web' }), second: cm({ a: '1' }), want: { metadata: { name: 'cm1', namespace: 'default' } } },
    { name: 'the whole data map', first: cm({ a: '1' }), second: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm1', namespace: 'default' } }, want: { data: undefined },
      managers: [] }, // an applier that owns nothing has no entry
  ];
  it.each(removals)('re-applying without $name removes it', ({ first, second, want, managers }) => {
    const live = applyCreate(first);
    const { object, managedFields } = apply(live, second, opts('kubectl'));
    expect(object).toMatchObject(Object.fromEntries(Object.entries(want).filter(([, v]) => v !== undefined)));
    for (const [k, v] of Object.entries(want)) if (v === undefined) expect(object).not.toHaveProperty(k);
    expect(managedFields.map((m) => m.manager)).toEqual(managers ?? ['kubectl']);
  });

  it('re-applying without a container or env var removes it from the list', () => {
    const pod = (containers: unknown[]) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers } });
    const live = applyCreate(pod([
      { name: 'a', image: 'x', env: [{ name: 'E1', value: '1' }, { name: 'E2', value: '2' }] }, { name: 'b', image: 'y' },
    ]));
    const { object } = apply(live, pod([{ name: 'a', image: 'x', env: [{ name: 'E2', value: '2' }] }]), opts('kubectl'));
    expect((object as KObject & { spec: unknown }).spec).toEqual({ containers: [{ name: 'a', image: 'x', env: [{ name: 'E2', value: '2' }] }] });
  });

  it('a field another applier also applied stays when one stops applying it', () => {
    const live = applyCreate(cm({ a: '1', shared: 's' }), 'one');
    const both = stored(apply(live, cm({ shared: 's', b: '2' }), opts('two')).object);
    const { object, managedFields } = apply(both, cm({ a: '1' }), opts('one'));
    expect((object as KObject & { data: unknown }).data).toEqual({ a: '1', shared: 's', b: '2' });
    expect(managedFields.find((m) => m.manager === 'one')?.fieldsV1).toEqual({ 'f:data': { 'f:a': {} } });
    expect(managedFields.find((m) => m.manager === 'two')?.fieldsV1).toEqual({ 'f:data': { 'f:b': {}, 'f:shared': {} } });
  });

  it('an identical re-apply changes nothing, not even the time', () => {
    const live = applyCreate(cm({ a: '1' }));
    const { object } = apply(live, cm({ a: '1' }), opts('kubectl'));
    expect(object).toEqual(live);
  });

  it('map lists keep live-only items in place and shared items in applied order', () => {
    const pod = (containers: unknown[]) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers } });
    const live = stored(updateManagedFields(undefined, pod([{ name: 'a' }, { name: 'x' }, { name: 'b' }]), { manager: 'kubectl-create', now: T0, apiVersion: 'v1' }).object);
    const { object } = apply(live, pod([{ name: 'b' }, { name: 'a' }]), opts('kubectl', { force: true }));
    expect((object as KObject & { spec: { containers: unknown[] } }).spec.containers).toEqual([{ name: 'x' }, { name: 'b' }, { name: 'a' }]);
  });

  it('set lists are unioned (finalizers)', () => {
    const live = stored(updateManagedFields(undefined, { ...cm({}), metadata: { ...cm({}).metadata, finalizers: ['a'] } }, { manager: 'm', now: T0, apiVersion: 'v1' }).object);
    const { object, managedFields } = apply(live, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm1', finalizers: ['b'] } }, opts('kubectl'));
    expect(object.metadata.finalizers).toEqual(['a', 'b']);
    expect(managedFields.find((m) => m.manager === 'kubectl')?.fieldsV1).toEqual({ 'f:metadata': { 'f:finalizers': { 'v:"b"': {} } } });
  });
});

describe('server-side apply: conflicts', () => {
  const csaCreated = () => stored(updateManagedFields(undefined, cm({ a: '1', b: '1' }, { tier: 'x' }),
    { manager: 'kubectl-client-side-apply', now: T0, apiVersion: 'v1' }).object);

  it('one conflict: message and cause as the apiserver writes them', () => {
    const e = statusOf(() => apply(csaCreated(), cm({ a: '2' }), opts('kubectl')));
    expect(e.status).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 409, reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.a',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using v1', field: '.data.a' }] },
    });
  });

  it('several conflicts are grouped by manager', () => {
    const live = stored(apply(csaCreated(), cm({ c: '1' }), opts('other')).object);
    const e = statusOf(() => apply(live, cm({ a: '2', b: '2', c: '2' }, { tier: 'y' }), opts('kubectl')));
    expect(e.message).toBe('Apply failed with 4 conflicts: conflicts with "kubectl-client-side-apply" using v1:\n' +
      '- .data.a\n- .data.b\n- .metadata.labels.tier\nconflicts with "other":\n- .data.c');
    expect(e.status.details?.causes?.map((c) => c.field)).toEqual(['.data.a', '.data.b', '.metadata.labels.tier', '.data.c']);
  });

  it('applying the value another manager already has is not a conflict; both own it', () => {
    const { managedFields } = apply(csaCreated(), cm({ a: '1' }), opts('kubectl'));
    expect(managedFields.map((m) => [m.manager, m.fieldsV1])).toEqual([
      ['kubectl', { 'f:data': { 'f:a': {} } }],
      ['kubectl-client-side-apply', { 'f:data': { '.': {}, 'f:a': {}, 'f:b': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:tier': {} } } }],
    ]);
  });

  it('force takes the field: the value changes and ownership moves', () => {
    const { object, managedFields } = apply(csaCreated(), cm({ a: '2' }), opts('kubectl', { force: true }));
    expect((object as KObject & { data: unknown }).data).toEqual({ a: '2', b: '1' });
    expect(managedFields.map((m) => [m.manager, m.operation, m.time, m.fieldsV1])).toEqual([
      ['kubectl', 'Apply', T1, { 'f:data': { 'f:a': {} } }],
      ['kubectl-client-side-apply', 'Update', T0, { 'f:data': { '.': {}, 'f:b': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:tier': {} } } }],
    ]);
  });

  it('an ordinary update after an apply takes the field, so the next apply conflicts', () => {
    const live = applyCreate(cm({ a: '1' }));
    const edited = { ...live, data: { a: 'edited' } };
    const afterEdit = updateManagedFields(live, edited, { manager: 'kubectl-edit', now: T1, apiVersion: 'v1' }).object;
    expect(afterEdit.metadata.managedFields).toEqual([
      { manager: 'kubectl-edit', operation: 'Update', apiVersion: 'v1', time: T1, fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } },
    ]);
    const e = statusOf(() => apply(afterEdit, cm({ a: '1' }), opts('kubectl')));
    expect(e.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .data.a');
  });

  it('a subresource manager is named with its subresource', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a' }] }, status: { phase: 'Pending' } };
    const live = stored(updateManagedFields(undefined, pod, { manager: 'kubectl-create', now: T0, apiVersion: 'v1' }).object);
    const running = { ...live, status: { phase: 'Running' } };
    const afterStatus = updateManagedFields(live, running, { manager: 'kubelet', now: T1, apiVersion: 'v1', subresource: 'status' }).object;
    const e = statusOf(() => apply(afterStatus, { ...pod, status: { phase: 'Failed' } }, opts('me', { subresource: 'status' })));
    expect(e.message).toBe('Apply failed with 1 conflict: conflict with "kubelet" with subresource "status" using v1: .status.phase');
  });

  it('objects nobody tracked credit their fields to before-first-apply', () => {
    const untracked = stored(cm({ a: '1' }));
    const e = statusOf(() => apply(untracked, cm({ a: '2' }), opts('kubectl')));
    expect(e.message).toBe('Apply failed with 1 conflict: conflict with "before-first-apply" using v1: .data.a');
    const { managedFields } = apply(untracked, cm({ a: '1', b: '2' }), opts('kubectl'));
    expect(managedFields.map((m) => [m.manager, m.operation])).toEqual([['kubectl', 'Apply'], ['before-first-apply', 'Update']]);
  });

  it('kubectl may take over fields client-side apply set while they still match last-applied', () => {
    const lastApplied = JSON.stringify(cm({ a: '1', b: '1' })) + '\n';
    const body = cm({ a: '1', b: '1' });
    body.metadata = { ...body.metadata, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } } as typeof body.metadata;
    const live = stored(updateManagedFields(undefined, body, { manager: 'kubectl-client-side-apply', now: T0, apiVersion: 'v1' }).object);
    const { object } = apply(live, cm({ a: '2', b: '1' }), opts('kubectl'));
    expect((object as KObject & { data: unknown }).data).toEqual({ a: '2', b: '1' });
    expect(object.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'])
      .toBe('{"apiVersion":"v1","data":{"a":"2","b":"1"},"kind":"ConfigMap","metadata":{"name":"cm1","namespace":"default"}}\n');
    expect(() => apply(live, cm({ a: '2', b: '1' }), opts('someone-else'))).toThrow(/conflict/);
  });
});

describe('server-side apply: what it refuses', () => {
  it.each([
    ['another version', { ...cm({}), apiVersion: 'v2' }, 400, 'Incorrect version specified in apply patch. Specified patch version: v2, expected: v1'],
    ['no apiVersion', { kind: 'ConfigMap', metadata: { name: 'x' } }, 400, 'Incorrect version specified in apply patch. Specified patch version: , expected: v1'],
    ['managedFields in the body', { ...cm({}), metadata: { name: 'cm1', managedFields: [] } }, 400, 'metadata.managedFields must be nil'],
    ['duplicate list keys', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'a' }, { name: 'a' }] } }, 400,
      'failed to create typed patch object (default/p; /v1, Kind=Pod): .spec.containers: duplicate entries for key [name="a"]'],
    ['a keyed item without its key', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ image: 'x' }] } }, 400,
      'failed to create typed patch object (/p; /v1, Kind=Pod): .spec.containers: element 0: associative list with keys has an element that omits all key fields ["name"] (and doesn\'t have default values for any key fields)'],
  ])('%s → %i', (_name, body, code, message) => {
    const e = statusOf(() => apply(undefined, body, opts('kubectl')));
    expect(e.code).toBe(code);
    expect(e.message).toBe(message);
  });
});

describe('status and spec are owned separately', () => {
  it('an apply to the main resource does not own status', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a' }] }, status: { phase: 'Running' } };
    const { managedFields } = apply(undefined, pod, opts('kubectl'));
    expect(Object.keys(managedFields[0].fieldsV1 ?? {})).toEqual(['f:spec']);
  });

  it('an apply to /status records the subresource and owns only status', () => {
    const live = stored(updateManagedFields(undefined, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a' }] } },
      { manager: 'kubectl-create', now: T0, apiVersion: 'v1' }).object);
    const { managedFields } = apply(live, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { phase: 'Running' } }, opts('kubelet', { subresource: 'status' }));
    expect(managedFields[0]).toMatchObject({ manager: 'kubelet', operation: 'Apply', subresource: 'status', fieldsV1: { 'f:status': { 'f:phase': {} } } });
  });
});

describe('other kinds', () => {
  it('custom resources: lists are atomic, objects merge, spec gets "." on create', () => {
    const cr = (spec: Record<string, unknown>) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec });
    const crOpts = (manager: string, force = false): ApplyOptions => ({ manager, now: T1, apiVersion: 'example.com/v1', force });
    const created = updateManagedFields(undefined, cr({ items: ['a'], size: 1 }), { manager: 'kubectl-create', now: T0, apiVersion: 'example.com/v1' });
    expect(created.managedFields[0].fieldsV1).toEqual({ 'f:spec': { '.': {}, 'f:items': {}, 'f:size': {} } });
    const live = stored(created.object);
    const e = statusOf(() => apply(live, cr({ items: ['b'] }), crOpts('me')));
    expect(e.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-create" using example.com/v1: .spec.items');
    const { object } = apply(live, cr({ items: ['b'], color: 'red' }), crOpts('me', true));
    expect((object as KObject & { spec: unknown }).spec).toEqual({ items: ['b'], size: 1, color: 'red' });
  });

  it('Service ports are keyed by port and protocol (TCP by default)', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' },
      spec: { ports: [{ port: 53, protocol: 'UDP', name: 'dns' }, { port: 53, name: 'dns-tcp' }], selector: { app: 'dns' } } };
    const { managedFields } = apply(undefined, svc, opts('kubectl'));
    expect(managedFields[0].fieldsV1).toEqual({
      'f:spec': {
        'f:ports': {
          'k:{"port":53,"protocol":"TCP"}': { '.': {}, 'f:name': {}, 'f:port': {} },
          'k:{"port":53,"protocol":"UDP"}': { '.': {}, 'f:name': {}, 'f:port': {}, 'f:protocol': {} },
        },
        'f:selector': {},
      },
    });
  });

  it('never modifies its inputs', () => {
    const live = applyCreate(cm({ a: '1', b: '2' }, { x: 'y' }));
    const body = cm({ a: '3' });
    const [liveCopy, bodyCopy] = [structuredClone(live), structuredClone(body)];
    apply(live, body, opts('kubectl', { force: true }));
    updateManagedFields(live, body as KObject, { manager: 'm', now: T1, apiVersion: 'v1' });
    expect(live).toEqual(liveCopy);
    expect(body).toEqual(bodyCopy);
  });
});
