// Custom resources: applying 50 CRDs until all are Established, then GET and LIST of custom
// resources against the same requests on a built-in kind of the same size (ConfigMaps), on the
// same server. The "bare fastify" column of these rows holds the built-in's figure.
import { alternate, busy } from '../lib/compare.js';
import { ensureNamespace, startSim } from '../lib/fixtures.js';
import type { Row, Scenario } from '../lib/report.js';

export const params = { crds: 50, objects: 500, connections: 10, duration: 4, pipelining: 1 };

const crd = (i: number) => ({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `kind${i}s.bench.example.com` },
  spec: {
    group: 'bench.example.com', scope: 'Namespaced', names: { plural: `kind${i}s`, singular: `kind${i}`, kind: `Kind${i}` },
    versions: [{
      name: 'v1', served: true, storage: true, subresources: { status: {} },
      schema: { openAPIV3Schema: { type: 'object', properties: { data: { type: 'object', additionalProperties: { type: 'string' } } } } },
    }],
  },
});

/** The same payload as a ConfigMap's data and a custom resource's `data`. */
const data = (i: number) => Object.fromEntries(Array.from({ length: 8 }, (_, k) => [`key${k}`, `value-${i}-${k}-${'x'.repeat(40)}`]));

async function post(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
}

export const scenario: Scenario = {
  name: 'custom-resources',
  async run(ctx) {
    const sim = await startSim();
    try {
      // The first CRD pays for loading the OpenAPI documents and compiling the CRD decoder (once per process).
      const tFirst = performance.now();
      await post(`${sim.url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`, crd(params.crds));
      await sim.settled();
      const firstMs = performance.now() - tFirst;
      const t0 = performance.now();
      for (let i = 0; i < params.crds; i++) await post(`${sim.url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`, crd(i));
      await sim.settled();
      const applyMs = performance.now() - t0;
      ensureNamespace(sim, 'bench');
      for (let i = 0; i < params.objects; i++) {
        await post(`${sim.url}/apis/bench.example.com/v1/namespaces/bench/kind0s`, { apiVersion: 'bench.example.com/v1', kind: 'Kind0', metadata: { name: `o${i}` }, data: data(i) });
        await post(`${sim.url}/api/v1/namespaces/bench/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `o${i}` }, data: data(i) });
      }
      const base = { connections: params.connections, duration: ctx.seconds(params.duration), pipelining: params.pipelining };
      const cr = `${sim.url}/apis/bench.example.com/v1/namespaces/bench/kind0s`;
      const cm = `${sim.url}/api/v1/namespaces/bench/configmaps`;
      const get = await alternate(ctx, { ...base, url: `${cr}/o7` }, { ...base, url: `${cm}/o7` }, 'GET custom resource vs ConfigMap');
      const list = await alternate(ctx, { ...base, url: cr }, { ...base, url: cm }, `LIST ${params.objects} custom resources vs ConfigMaps`);
      const row = (scenario: string, r: typeof get): Row => ({
        scenario, kubesim: r.k.rps, bare: r.b.rps, unit: 'req/s', p50: r.k.p50, p99: r.k.p99, wholeMs: true, errors: r.k.errors,
        target: '≥ 0.90× built-in', met: r.k.rps >= 0.9 * r.b.rps, note: `second column: the same request on ConfigMaps; ${busy(r.k, r.b)}`,
      });
      return [
        { scenario: 'first CRD until Established (cold)', kubesim: firstMs, unit: 'ms', note: 'loads the OpenAPI documents and compiles the CRD body check once per process' },
        { scenario: `apply ${params.crds} CRDs until Established`, kubesim: applyMs, unit: 'ms', target: '< 1000 ms', met: applyMs < 1000, note: 'one POST after another over HTTP' },
        row('GET one custom resource', get),
        row(`LIST ${params.objects} custom resources`, list),
      ];
    } finally {
      await sim.close();
    }
  },
};
