// Custom resources end to end with the real kubectl v1.35: a CRD is applied, established and
// served (printer columns, defaults, explain, discovery), its instances are validated, pruned and
// watched like built-ins, /status and /scale work, and deleting the CRD removes its instances and
// its API.
import { describe, expect, it } from 'vitest';
import { client, eventually, WatchStream } from '../helpers/http.js';
import { useKubectl } from './setup.js';

const { srv, k } = useKubectl({ simulate: false });

async function ok(args: string[]): Promise<string> {
  const r = await k().run(args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout;
}

export const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names:
    plural: widgets
    singular: widget
    kind: Widget
    shortNames: [wd]
    categories: [all, gadgets]
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale:
        specReplicasPath: .spec.replicas
        statusReplicasPath: .status.replicas
    additionalPrinterColumns:
    - name: Weight
      type: integer
      jsonPath: .spec.weight
    - name: Service
      type: string
      jsonPath: .spec.service
    - name: Age
      type: date
      jsonPath: .metadata.creationTimestamp
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            description: What a widget should be.
            required: [service]
            properties:
              service:
                type: string
                description: The Service this widget routes to.
              weight:
                type: integer
                description: Share of traffic, in percent.
                default: 50
                minimum: 0
                maximum: 100
              replicas:
                type: integer
          status:
            type: object
            properties:
              phase: {type: string}
              replicas: {type: integer}
`;

const widget = (name: string, spec: string) => `apiVersion: example.com/v1
kind: Widget
metadata:
  name: ${name}
spec:
${spec}`;

describe('a CustomResourceDefinition', () => {
  it('is established and served: printer columns with defaults, explain, api-resources', async () => {
    expect(await ok(['apply', '-f', k().file('crd.yaml', WIDGET_CRD)])).toBe('customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\n');
    await ok(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=10s']);
    expect(await ok(['apply', '-f', k().file('w1.yaml', widget('w1', '  service: web\n'))])).toBe('widget.example.com/w1 created\n');
    const table = await ok(['get', 'wd']);
    expect(table.split('\n')[0]).toMatch(/^NAME\s+WEIGHT\s+SERVICE\s+AGE$/);
    expect(table.split('\n')[1]).toMatch(/^w1\s+50\s+web\s+\d+s$/);
    expect(await ok(['explain', 'widget.spec.weight'])).toContain('Share of traffic, in percent.');
    const res = await ok(['api-resources', '--api-group=example.com']);
    expect(res).toMatch(/widgets\s+wd\s+example\.com\/v1\s+true\s+Widget/);
    expect(await ok(['get', 'gadgets', '-o', 'name'])).toBe('widget.example.com/w1\n');
  });

  it('refuses invalid instances with the field path, prunes unknown fields, drops status on create', async () => {
    const r = await k().run(['apply', '-f', k().file('bad.yaml', widget('bad', '  weight: 500\n'))]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('spec.weight: Invalid value: 500: spec.weight in body should be less than or equal to 100');
    expect(r.stderr).toContain('spec.service: Required value');
    const api = client(srv().url);
    const created = await api.post('/apis/example.com/v1/namespaces/default/widgets?fieldValidation=Ignore', {
      apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w2' },
      spec: { service: 'api', color: 'blue' }, status: { phase: 'Ready' }, extra: 1,
    });
    expect(created.status).toBe(201);
    expect(created.body.spec).toEqual({ service: 'api', weight: 50 });
    expect(created.body).not.toHaveProperty('extra');
    expect(created.body).not.toHaveProperty('status');
    const strict = await api.post('/apis/example.com/v1/namespaces/default/widgets?fieldValidation=Strict', {
      apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w3' }, spec: { service: 'x', color: 'blue' },
    });
    expect(strict.status).toBe(400);
    expect(strict.body.message).toContain('unknown field "spec.color"');
    const smp = await api.patch('/apis/example.com/v1/namespaces/default/widgets/w2', { spec: { weight: 1 } }, 'application/strategic-merge-patch+json');
    expect(smp.status).toBe(415);
  });

  it('writes status only through /status, and scales through /scale', async () => {
    const api = client(srv().url);
    const base = '/apis/example.com/v1/namespaces/default/widgets/w2';
    const st = await api.patch(`${base}/status`, { status: { phase: 'Ready', replicas: 2 }, spec: { service: 'changed' } }, 'application/merge-patch+json');
    expect(st.status).toBe(200);
    expect(st.body.status).toEqual({ phase: 'Ready', replicas: 2 });
    expect(st.body.spec.service).toBe('api');
    const main = await api.patch(base, { status: { phase: 'Gone' } }, 'application/merge-patch+json');
    expect(main.body.status.phase).toBe('Ready');
    expect(await ok(['scale', 'widget/w2', '--replicas=3'])).toBe('widget.example.com/w2 scaled\n');
    const scale = await api.get(`${base}/scale`);
    expect(scale.body).toMatchObject({ apiVersion: 'autoscaling/v1', kind: 'Scale', spec: { replicas: 3 }, status: { replicas: 2 } });
    const w = await api.get(base);
    expect(w.body.spec.replicas).toBe(3);
    expect(w.body.metadata.generation).toBe(2);
  });

  it('streams watch events and resumes from a resourceVersion like built-ins', async () => {
    const api = client(srv().url);
    const list = await api.get('/apis/example.com/v1/namespaces/default/widgets');
    const rv = list.body.metadata.resourceVersion;
    await ok(['apply', '-f', k().file('w4.yaml', widget('w4', '  service: w\n'))]);
    await ok(['label', 'widget', 'w4', 'tier=a']);
    const w = new WatchStream(srv().url, `/apis/example.com/v1/namespaces/default/widgets?watch=1&resourceVersion=${rv}`);
    await eventually(() => w.events.length >= 2 || undefined, 5000, 'two events');
    w.close();
    expect(w.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED w4', 'MODIFIED w4']);
  });

  it('deleting the CRD removes its instances, then its API', async () => {
    expect(await ok(['delete', 'crd', 'widgets.example.com'])).toBe('customresourcedefinition.apiextensions.k8s.io "widgets.example.com" deleted\n');
    const api = client(srv().url);
    expect((await api.get('/apis/example.com/v1/namespaces/default/widgets')).status).toBe(404);
    expect((await api.get('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com')).status).toBe(404);
    const groups = await api.get('/apis');
    expect(groups.body.groups.map((g: any) => g.name)).not.toContain('example.com');
    expect((await api.get('/openapi/v3')).body.paths).not.toHaveProperty(['apis/example.com/v1']);
    // Re-created, the API serves no leftover instance.
    await ok(['apply', '-f', k().file('crd.yaml', WIDGET_CRD)]);
    await ok(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=10s']);
    expect((await api.get('/apis/example.com/v1/namespaces/default/widgets')).body.items).toEqual([]);
  });
});
