// The EndpointSlice controller hands the registry its updated slices with the parts equal to the
// stored version replaced by those (frozen) parts: an update that changes one endpoint shares the
// others with the previous version, and what is stored is what a fresh plan over every pod says.
import { describe, expect, it } from 'vitest';
import { EndpointSliceController } from '../../../src/controllers/endpointslice/controller.js';
import { EndpointSliceMetrics } from '../../../src/controllers/endpointslice/controller-metrics.js';
import { EventRecorder } from '../../../src/controllers/recorder.js';
import type { KObject } from '../../../src/machinery/types.js';
import { MetricsRegistry } from '../../../src/metrics/registry.js';
import { harness, runUntilIdle, simplePod } from '../../simulator/helpers.js';

type J = Record<string, any>;

describe('EndpointSlice controller updates', () => {
  it('share the unchanged endpoints with the stored slice and store the same slices', async () => {
    const h = harness({ seed: { nodes: 3 } });
    h.r.create(h.r.resource('', 'services'), 'default', {
      metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] },
    });
    for (let i = 0; i < 30; i++) h.createPod(simplePod(`p${i}`, { labels: { app: 'web' } }));
    await runUntilIdle(h);
    h.sim.stop();
    const metrics = new EndpointSliceMetrics(new MetricsRegistry());
    const ctl = new EndpointSliceController(h.r, { maxEndpointsPerSlice: 100, recorder: new EventRecorder(h.r, { component: 't' }), metrics, batchDelayMs: 0 });
    await ctl.idle();
    const slices = h.r.resource('discovery.k8s.io', 'endpointslices');
    const list = () => h.r.list(slices, 'default', { labelSelector: 'kubernetes.io/service-name=web' }).items.map((s) => s.obj);
    const [before] = list();
    expect((before.endpoints as J[]).length).toBe(30);
    const pods = h.r.resource('', 'pods');
    h.r.mutate(pods, 'default', 'p7', (p: KObject) => {
      (p.status as J).conditions = ((p.status as J).conditions as J[]).map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c));
    }, { subresource: 'status' });
    await ctl.idle();
    const [after] = list();
    expect(after.metadata.resourceVersion).not.toBe(before.metadata.resourceVersion);
    const changed = (after.endpoints as J[]).filter((e, i) => e !== (before.endpoints as J[])[i]);
    expect(changed.map((e) => e.targetRef.name)).toEqual(['p7']);
    expect(changed[0].conditions.ready).toBe(false);
    expect(after.ports).toBe(before.ports);
    // A controller that starts from scratch plans the very same slice.
    ctl.stop();
    const fresh = new EndpointSliceController(h.r, { maxEndpointsPerSlice: 100, recorder: new EventRecorder(h.r, { component: 't' }), metrics, batchDelayMs: 0 });
    await fresh.idle();
    expect(list()[0].metadata.resourceVersion).toBe(after.metadata.resourceVersion);
    fresh.stop();
  });
});
