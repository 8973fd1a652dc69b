import { describe, expect, it } from 'vitest';
import type { KObject, ManagedFieldsEntry } from '../../../src/machinery/types.js';
import { MAX_UPDATE_MANAGERS, type UpdateManagedFieldsOptions } from '../../../src/machinery/patch/index.js';
import { apply, updateManagedFields } from '../../helpers/kinds.js';

const T0 = '2026-11-21T05:16:52Z';
const T1 = '2026-11-21T05:20:00Z';
const T2 = '2026-11-21T05:30:00Z';

const upd = (manager: string, now = T1, extra: Partial<UpdateManagedFieldsOptions> = {}): UpdateManagedFieldsOptions =>
  ({ manager, now, apiVersion: 'v1', operation: 'Update', ...extra });

function stored<T extends KObject>(obj: T): T {
  return { ...obj, metadata: { ...obj.metadata, uid: 'uid-1', resourceVersion: '1', creationTimestamp: T0 } };
}

type PodLike = KObject & { spec: Record<string, unknown> };
const pod = (extra: Record<string, unknown> = {}): PodLike => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', labels: { run: 'p' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] }], restartPolicy: 'Always' },
  ...extra,
});

const fieldsOf = (entries: ManagedFieldsEntry[] | undefined, manager: string) => entries?.find((e) => e.manager === manager)?.fieldsV1;

describe('updateManagedFields', () => {
  it('a create records what kubectl-create set, "." marking added maps and items', () => {
    const body = pod();
    const { object, managedFields } = updateManagedFields(undefined, body, upd('kubectl-create', T0));
    expect(managedFields).toEqual([{
      manager: 'kubectl-create', operation: 'Update', apiVersion: 'v1', time: T0, fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { '.': {}, 'f:run': {} } },
        'f:spec': {
          'f:containers': { 'k:{"name":"nginx"}': {
            '.': {}, 'f:image': {}, 'f:name': {},
            'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } },
          } },
          'f:restartPolicy': {},
        },
      },
    }]);
    expect(object.metadata.managedFields).toEqual(managedFields);
    expect(body.metadata).not.toHaveProperty('managedFields');
  });

  it('a write that changes nothing leaves ownership and time alone', () => {
    const live = stored(updateManagedFields(undefined, pod(), upd('kubectl-create', T0)).object);
    const { object } = updateManagedFields(live, live, upd('kubectl-replace', T2));
    expect(object.metadata.managedFields).toEqual(live.metadata.managedFields);
  });

  it('a manager keeps what it owned and adds what it changed; others lose it', () => {
    const live = stored(updateManagedFields(undefined, pod(), upd('kubectl-create', T0)).object);
    const labelled = { ...live, metadata: { ...live.metadata, labels: { run: 'q', extra: 'x' } } };
    const first = stored(updateManagedFields(live, labelled, upd('kubectl-label', T1)).object);
    expect(fieldsOf(first.metadata.managedFields, 'kubectl-label')).toEqual({ 'f:metadata': { 'f:labels': { 'f:extra': {}, 'f:run': {} } } });
    expect(fieldsOf(first.metadata.managedFields, 'kubectl-create')).toEqual(expect.objectContaining({ 'f:metadata': { 'f:labels': {} } }));
    const annotated = { ...first, metadata: { ...first.metadata, annotations: { a: 'b' } } };
    const second = updateManagedFields(first, annotated, upd('kubectl-label', T2)).managedFields;
    expect(second.find((e) => e.manager === 'kubectl-label')).toMatchObject({
      time: T2, fieldsV1: { 'f:metadata': { 'f:annotations': { '.': {}, 'f:a': {} }, 'f:labels': { 'f:extra': {}, 'f:run': {} } } },
    });
  });

  it('removing a field takes it from its owner', () => {
    const live = stored(updateManagedFields(undefined, pod(), upd('kubectl-create', T0)).object);
    const spec = { ...live.spec, restartPolicy: undefined };
    delete spec.restartPolicy;
    const { managedFields } = updateManagedFields(live, { ...live, spec }, upd('kubectl-edit'));
    expect(managedFields.map((e) => e.manager)).toEqual(['kubectl-create']);
    expect(fieldsOf(managedFields, 'kubectl-create')).not.toHaveProperty(['f:spec', 'f:restartPolicy']);
    expect(Object.keys((fieldsOf(managedFields, 'kubectl-create') as Record<string, Record<string, unknown>>)['f:spec'])).toEqual(['f:containers']);
  });

  it('status written through the main resource is not owned (reset fields)', () => {
    const live = stored(updateManagedFields(undefined, pod(), upd('kubectl-create', T0)).object);
    const { managedFields } = updateManagedFields(live, { ...live, status: { phase: 'Running' } }, upd('sneaky'));
    expect(managedFields.map((e) => e.manager)).toEqual(['kubectl-create']);
    const viaStatus = updateManagedFields(live, { ...live, status: { phase: 'Running' } }, upd('kubelet', T1, { subresource: 'status' }));
    expect(viaStatus.managedFields.find((e) => e.manager === 'kubelet')).toMatchObject({ subresource: 'status', fieldsV1: { 'f:status': { 'f:phase': {} } } });
  });

  it('managedFields the client sends are used; [] or [{}] resets tracking', () => {
    const live = stored(updateManagedFields(undefined, pod(), upd('kubectl-create', T0)).object);
    const sent: ManagedFieldsEntry[] = [{ manager: 'mine', operation: 'Update', apiVersion: 'v1', time: T0, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:restartPolicy': {} } } }];
    const replaced = updateManagedFields(live, { ...live, metadata: { ...live.metadata, managedFields: sent } }, upd('x'));
    expect(replaced.managedFields).toEqual(sent);
    for (const reset of [[], [{}]]) {
      const out = updateManagedFields(live, { ...live, metadata: { ...live.metadata, managedFields: reset as ManagedFieldsEntry[] } }, upd('x'));
      expect(out.managedFields).toEqual([]);
      expect(out.object.metadata).not.toHaveProperty('managedFields');
    }
  });

  it('an existing object without managedFields stays untracked', () => {
    const untracked = stored(pod());
    const out = updateManagedFields(untracked, { ...untracked, metadata: { ...untracked.metadata, labels: { a: 'b' } } }, upd('x'));
    expect(out.managedFields).toEqual([]);
  });

  it('orders entries: Apply first, then by time and name', () => {
    const live = stored(apply(undefined, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } },
      { manager: 'zz-applier', now: T2, apiVersion: 'v1' }).object);
    const b = stored(updateManagedFields(live, { ...live, data: { a: '1', b: '1' } } as KObject, upd('b-writer', T1)).object);
    const c = updateManagedFields(b, { ...b, data: { a: '1', b: '1', c: '1' } } as KObject, upd('a-writer', T1)).managedFields;
    expect(c.map((e) => [e.operation, e.manager])).toEqual([['Apply', 'zz-applier'], ['Update', 'a-writer'], ['Update', 'b-writer']]);
  });

  it(`keeps at most ${MAX_UPDATE_MANAGERS} Update entries, merging the oldest into ancient-changes`, () => {
    let obj: KObject = stored(updateManagedFields(undefined, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} } as KObject, upd('m0', T0)).object);
    for (let i = 1; i <= 11; i++) {
      const now = new Date(Date.parse(T0) + i * 1000);
      obj = updateManagedFields(obj, { ...obj, data: { ...(obj as KObject & { data: object }).data, [`k${i}`]: 'v' } } as KObject, upd(`m${i}`, now.toISOString())).object;
    }
    const managers = obj.metadata.managedFields!.map((e) => e.manager);
    expect(managers).toHaveLength(MAX_UPDATE_MANAGERS);
    expect(managers).toContain('ancient-changes');
    for (const gone of ['m0', 'm1', 'm2']) expect(managers).not.toContain(gone);
    expect(fieldsOf(obj.metadata.managedFields, 'ancient-changes')).toEqual({ 'f:data': { '.': {}, 'f:k1': {}, 'f:k2': {} } });
  });
});
