// Endpoints the controller writes are copies of what it remembers (service-state.ts copyEndpoint):
// the same keys in the same order and the same values as podToEndpoint gives for their pod.
import { describe, expect, it } from 'vitest';
import { EndpointSliceController } from '../../../src/controllers/endpointslice/controller.js';
import { EndpointSliceMetrics } from '../../../src/controllers/endpointslice/controller-metrics.js';
import { podToEndpoint } from '../../../src/controllers/endpointslice/endpoints.js';
import type { Node, Pod, Service } from '../../../src/controllers/endpointslice/types.js';
import { EventRecorder } from '../../../src/controllers/recorder.js';
import { MetricsRegistry } from '../../../src/metrics/registry.js';
import { harness, runUntilIdle, simplePod } from '../../simulator/helpers.js';

type J = Record<string, any>;

describe('written endpoints', () => {
  it('serialise exactly as podToEndpoint builds them', async () => {
    const h = harness({ seed: { nodes: 3 } });
    h.r.create(h.r.resource('', 'services'), 'default', {
      metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] },
    });
    for (let i = 0; i < 40; i++) {
      const spec: J = i % 4 === 1 ? { hostname: `h${i}`, subdomain: 'web' } : {};
      h.createPod(simplePod(`p${i}`, { labels: { app: 'web' }, ...(i % 5 === 2 ? { annotations: { 'kubesim.io/ready': 'false' } } : {}) }, spec));
    }
    await runUntilIdle(h);
    h.sim.stop();
    const ctl = new EndpointSliceController(h.r, {
      maxEndpointsPerSlice: 100, recorder: new EventRecorder(h.r, { component: 't' }), metrics: new EndpointSliceMetrics(new MetricsRegistry()), batchDelayMs: 0,
    });
    await ctl.idle();
    const service = h.r.get(h.r.resource('', 'services'), 'default', 'web').obj as Service;
    const slices = h.r.list(h.r.resource('discovery.k8s.io', 'endpointslices'), 'default', { labelSelector: 'kubernetes.io/service-name=web' }).items;
    const written = slices.flatMap((s) => (s.obj.endpoints ?? []) as J[]);
    expect(written.length).toBeGreaterThan(30);
    for (const ep of written) {
      const pod = h.r.get(h.r.resource('', 'pods'), 'default', ep.targetRef.name).obj as Pod;
      const node = h.r.tryGet(h.r.resource('', 'nodes'), '', String(pod.spec?.nodeName))?.obj as Node | undefined;
      expect(JSON.stringify(ep)).toBe(JSON.stringify(podToEndpoint(pod, node, service, 'IPv4')));
    }
    ctl.stop?.();
  });
});
