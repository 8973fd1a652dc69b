// Protobuf request bodies of the apps/v1, batch/v1 and autoscaling/v1 (Scale) kinds, decoded with
// our proto/ files into the JSON a Go client would have sent: round trips of every workload
// fixture, the Go shapes of a bare object, and ControllerRevision's embedded RawExtension.
import { describe, expect, it } from 'vitest';
import { FIXTURES, manifest, missingFields } from '../conformance/fixtures.js';
import { decodeProtobufObject, encodeProtobufObject } from '../helpers/kinds.js';

const WORKLOADS = FIXTURES.filter((f) => f.group === 'apps' || f.group === 'batch');

describe('workload kinds through protobuf', () => {
  it('covers every apps/v1 and batch/v1 kind', () => {
    expect(WORKLOADS.map((f) => f.kind).sort()).toEqual(['ControllerRevision', 'CronJob', 'DaemonSet', 'Deployment', 'Job', 'ReplicaSet', 'StatefulSet']);
  });

  it.each(WORKLOADS)('round-trips a $kind with its rich fields and a status', (f) => {
    const obj = manifest(f, 'x', { ...(f.rich?.() ?? {}), metadata: { namespace: 'default', labels: { a: 'b' } }, ...(f.status ? { status: f.status.value } : {}) });
    const body = encodeProtobufObject(obj);
    expect(body.subarray(0, 4)).toEqual(Buffer.from('k8s\0', 'binary'));
    // Every field sent comes back; Go adds only its always-written zero structs (container resources: {}).
    expect(missingFields(obj, decodeProtobufObject(body))).toEqual([]);
  });

  it('a bare Deployment decodes with the structs and zero values Go always writes', () => {
    const bare = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
    };
    expect(decodeProtobufObject(encodeProtobufObject(bare))).toEqual({
      ...bare,
      spec: { ...bare.spec, strategy: {}, template: { ...bare.spec.template, spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] } } },
      status: {},
    });
  });

  it('keeps explicit zeros of pointer fields and non-omitempty counters', () => {
    const sts = {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' },
      spec: { replicas: 0, serviceName: '', selector: { matchLabels: { app: 'db' } }, template: { spec: { containers: [{ name: 'c', image: 'pg' }] } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1 } } },
      status: { replicas: 0, availableReplicas: 0 },
    };
    const got = decodeProtobufObject(encodeProtobufObject(sts)) as Record<string, any>;
    expect(got.spec.replicas).toBe(0);
    expect(got.spec.serviceName).toBe('');
    expect(got.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1 } });
    expect(got.status).toEqual({ replicas: 0, availableReplicas: 0 });
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { suspend: false, manualSelector: false, template: { spec: { containers: [] } } } };
    expect((decodeProtobufObject(encodeProtobufObject(job)) as Record<string, any>).spec).toMatchObject({ suspend: false, manualSelector: false });
  });

  it('carries ControllerRevision data as embedded JSON, and revision 0', () => {
    const cr = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, data: { spec: { template: { $patch: 'replace' } } }, revision: 0 };
    expect(decodeProtobufObject(encodeProtobufObject(cr))).toEqual(cr);
  });

  it('decodes an autoscaling/v1 Scale (the /scale body of typed clients)', () => {
    const scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 5 }, status: { replicas: 0, selector: 'app=web' } };
    expect(decodeProtobufObject(encodeProtobufObject(scale))).toEqual(scale);
  });
});
