// The recorder's aggregation (one Event per object, reason, message and source; a repeat bumps
// count) and its names, held to the key it is defined by: every field of the key tells events apart.
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { EventRecorder } from '../../src/controllers/recorder.js';
import type { KObject } from '../../src/machinery/types.js';

describe('EventRecorder', async () => {
  const sim = await buildApp({ seed: 3, simulate: false, workloadControllers: false });
  afterAll(() => sim.app.close());
  const r = sim.registry;
  const events = r.resource('', 'events');
  const ns = r.resource('', 'namespaces');
  r.create(ns, '', { metadata: { name: 'rec' } });
  const pod = (name: string, uid: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'rec', uid, resourceVersion: '5' } });

  it('aggregates repeats of the same key and tells every other key apart', () => {
    const rec = new EventRecorder(r, { component: 'kubelet', host: 'node-0' });
    const a = pod('a', 'u-1');
    rec.record(a, 'Normal', 'Pulled', 'Container image "x" already present on machine', 'spec.containers{app}');
    rec.record(a, 'Normal', 'Pulled', 'Container image "x" already present on machine', 'spec.containers{app}');
    rec.record(a, 'Normal', 'Pulled', 'Container image "x" already present on machine', 'spec.containers{side}');
    rec.record(a, 'Normal', 'Pulled', 'Container image "y" already present on machine', 'spec.containers{app}');
    rec.record(a, 'Normal', 'Created', 'Container image "x" already present on machine', 'spec.containers{app}');
    rec.record(pod('a', 'u-2'), 'Normal', 'Pulled', 'Container image "x" already present on machine', 'spec.containers{app}');
    rec.record(pod('b', 'u-1'), 'Normal', 'Pulled', 'Container image "x" already present on machine', 'spec.containers{app}');
    rec.record(a, 'Normal', 'Pulled', 'Container image "x" already present on machine');
    const items = r.list(events, 'rec').items.map((s) => s.obj as KObject);
    expect(items).toHaveLength(7);
    const counts = items.map((e) => e.count).sort();
    expect(counts).toEqual([1, 1, 1, 1, 1, 1, 2]);
    for (const e of items) {
      const io = e.involvedObject as Record<string, string>;
      expect(e.metadata.name).toMatch(new RegExp(`^${io.name}\\.[0-9a-f]{12,}$`));
      expect(e.source).toEqual({ component: 'kubelet', host: 'node-0' });
    }
    const twice = items.find((e) => e.count === 2)!;
    expect((twice.involvedObject as Record<string, string>).fieldPath).toBe('spec.containers{app}');
    expect(twice.reason).toBe('Pulled');
  });

  it('writes the reference with namespace and fieldPath only when there are any, keys in the usual order', () => {
    const rec = new EventRecorder(r, { component: 'default-scheduler' });
    const node: KObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n-1', uid: 'u-n', resourceVersion: '9' } };
    rec.record(node, 'Warning', 'Rebooted', 'Node n-1 has been rebooted');
    rec.record(pod('c', 'u-3'), 'Normal', 'Scheduled', 'Successfully assigned rec/c to n-1');
    const onNode = r.list(events, 'default').items.map((s) => s.obj as KObject).find((e) => e.reason === 'Rebooted')!;
    expect(Object.keys(onNode.involvedObject as object)).toEqual(['kind', 'name', 'uid', 'apiVersion', 'resourceVersion']);
    expect(onNode.source).toEqual({ component: 'default-scheduler' });
    const onPod = r.list(events, 'rec').items.map((s) => s.obj as KObject).find((e) => e.reason === 'Scheduled')!;
    expect(Object.keys(onPod.involvedObject as object)).toEqual(['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion']);
    expect(Object.keys(onPod)).toEqual(['metadata', 'involvedObject', 'reason', 'message', 'type', 'source', 'firstTimestamp',
      'lastTimestamp', 'count', 'eventTime', 'reportingComponent', 'reportingInstance', 'apiVersion', 'kind']);
    expect(Object.keys(onPod.metadata)).toEqual(['name', 'namespace', 'uid', 'creationTimestamp', 'resourceVersion']);
  });

  it('shares one frozen reference between events about the same object version and field, not across versions', () => {
    const rec = new EventRecorder(r, { component: 'kubelet', host: 'node-1' });
    const v1 = pod('s', 'u-s');
    rec.record(v1, 'Normal', 'Pulled', 'pulled', 'spec.containers{app}');
    rec.record(v1, 'Normal', 'Created', 'created', 'spec.containers{app}');
    rec.record({ ...v1, metadata: { ...v1.metadata, resourceVersion: '6' } }, 'Normal', 'Started', 'started', 'spec.containers{app}');
    rec.record({ ...v1, metadata: { ...v1.metadata, resourceVersion: '6' } }, 'Normal', 'Killing', 'killing');
    const byReason = new Map(r.list(events, 'rec').items.map((s) => [s.obj.reason as string, s.obj as KObject]));
    const io = (reason: string) => byReason.get(reason)!.involvedObject as Record<string, string>;
    expect(io('Created')).toBe(io('Pulled'));
    expect(Object.isFrozen(io('Pulled'))).toBe(true);
    expect(io('Started')).not.toBe(io('Pulled'));
    expect(io('Started').resourceVersion).toBe('6');
    expect(io('Killing').fieldPath).toBeUndefined();
    expect(io('Started').fieldPath).toBe('spec.containers{app}');
  });

  it('remembers 10,000 events: past that, the objects remembered longest ago are forgotten and a repeat starts a new Event', () => {
    const rec = new EventRecorder(r, { component: 'kubelet', host: 'node-2' });
    r.create(ns, '', { metadata: { name: 'many' } });
    const first = { ...pod('p-0', 'm-0'), metadata: { name: 'p-0', namespace: 'many', uid: 'm-0', resourceVersion: '1' } };
    rec.record(first, 'Normal', 'Pulled', 'again');
    for (let i = 1; i < 10000; i++) rec.record({ ...first, metadata: { ...first.metadata, name: `p-${i}`, uid: `m-${i}` } }, 'Normal', 'Pulled', 'again');
    rec.record(first, 'Normal', 'Pulled', 'again'); // still remembered: the 10,000th
    const count = () => r.list(events, 'many').items.filter((s) => (s.obj.involvedObject as Record<string, string>).name === 'p-0');
    expect(count().map((s) => s.obj.count)).toEqual([2]);
    rec.record({ ...first, metadata: { ...first.metadata, name: 'p-10000', uid: 'm-10000' } }, 'Normal', 'Pulled', 'again');
    rec.record(first, 'Normal', 'Pulled', 'again'); // p-0 was the oldest: forgotten
    expect(count().map((s) => s.obj.count).sort()).toEqual([1, 2]);
  });

  it('starts a new Event when the remembered one was deleted, and aggregates onto the new one from then on', () => {
    const rec = new EventRecorder(r, { component: 'kubelet', host: 'node-3' });
    const p = pod('del', 'u-del');
    rec.record(p, 'Normal', 'Pulled', 'pulled once');
    const first = r.list(events, 'rec').items.find((s) => (s.obj.involvedObject as Record<string, string>).name === 'del')!;
    r.delete(events, 'rec', first.obj.metadata.name!);
    rec.record(p, 'Normal', 'Pulled', 'pulled once');
    rec.record(p, 'Normal', 'Pulled', 'pulled once');
    const now = r.list(events, 'rec').items.filter((s) => (s.obj.involvedObject as Record<string, string>).name === 'del');
    expect(now.map((s) => s.obj.count)).toEqual([2]);
    expect(now[0].obj.metadata.name).not.toBe(first.obj.metadata.name);
  });
});
