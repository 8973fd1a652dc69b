// helm v4 end to end: install --wait, upgrade --wait, list, rollback --wait and uninstall --wait of a chart
// (test/e2e/charts/web: a ConfigMap, a Deployment and a Service); helm keeps its releases in
// Secrets and waits on the Deployment's rollout status; the EndpointSlices follow every step.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/http.js';
import { Helm } from '../helpers/helm.js';
import { REPO_ROOT } from '../helpers/kubectl.js';
import { useKubectl } from './setup.js';

const { srv, k } = useKubectl();
let helm: Helm;
beforeAll(() => {
  helm = new Helm(srv().url);
});

const CHART = join(REPO_ROOT, 'test', 'e2e', 'charts', 'web');
const SEL = 'app.kubernetes.io/instance=shop';

async function ok(args: string[], timeoutMs = 90_000): Promise<string> {
  const r = await helm.run(args, timeoutMs);
  expect(r.code, `helm ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

async function kjson(args: string[]): Promise<any> {
  const r = await k().run([...args, '-o', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** Live pods of the release and the pods named by ready endpoints of its Service. */
async function podsAndEndpoints(): Promise<{ pods: any[]; endpoints: string[] }> {
  const pods = (await kjson(['get', 'pods', '-l', SEL])).items.filter((p: any) => !p.metadata.deletionTimestamp);
  const slices = (await kjson(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=shop'])).items;
  const endpoints = slices.flatMap((s: any) => (s.endpoints ?? []).filter((e: any) => e.conditions.ready && !e.conditions.terminating).map((e: any) => e.targetRef.name));
  return { pods, endpoints: endpoints.sort() };
}

async function slicesMatchPods(n: number, image: string): Promise<void> {
  await eventually(async () => {
    const { pods, endpoints } = await podsAndEndpoints();
    return pods.length === n && pods.every((p: any) => p.spec.containers[0].image === image) &&
      JSON.stringify(endpoints) === JSON.stringify(pods.map((p: any) => p.metadata.name).sort());
  }, 20_000, `${n} ${image} pods as the Service's ready endpoints`);
}

describe('helm install / upgrade / list / uninstall', () => {
  it('install --wait returns once the Deployment is rolled out; the slice has its pods', async () => {
    const out = await ok(['install', 'shop', CHART, '--wait', '--timeout', '60s']);
    expect(out).toMatch(/STATUS: deployed/);
    const d = await kjson(['get', 'deployment', 'shop']);
    expect(d.status).toMatchObject({ replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
    expect(d.metadata.labels['app.kubernetes.io/managed-by']).toBe('Helm');
    const cm = await kjson(['get', 'configmap', 'shop-config']);
    expect(cm.data).toEqual({ greeting: 'hello' });
    const secrets = (await kjson(['get', 'secrets', '-l', 'owner=helm,name=shop'])).items;
    expect(secrets.map((s: any) => s.metadata.labels.status)).toEqual(['deployed']);
    await slicesMatchPods(2, 'nginx:1.26');
  });

  it('upgrade --wait rolls the Deployment to the new image and size; the slice follows', async () => {
    const out = await ok(['upgrade', 'shop', CHART, '--wait', '--timeout', '60s', '--set', 'image.tag=1.27', '--set', 'replicas=3', '--set', 'greeting=hi']);
    expect(out).toMatch(/STATUS: deployed/);
    expect(out).toMatch(/REVISION: 2/);
    const d = await kjson(['get', 'deployment', 'shop']);
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    expect((await kjson(['get', 'configmap', 'shop-config'])).data).toEqual({ greeting: 'hi' });
    await slicesMatchPods(3, 'nginx:1.27');
  });

  it('list shows the release deployed at revision 2', async () => {
    const list = JSON.parse(await ok(['list', '-o', 'json']));
    expect(list).toEqual([expect.objectContaining({ name: 'shop', namespace: 'default', revision: '2', status: 'deployed', chart: 'web-0.1.0', app_version: '1.26' })]);
  });

  it('rollback --wait returns to revision 1 (as revision 3): image, size and ConfigMap', async () => {
    await ok(['rollback', 'shop', '1', '--wait', '--timeout', '60s']);
    const d = await kjson(['get', 'deployment', 'shop']);
    expect(d.status).toMatchObject({ replicas: 2, updatedReplicas: 2, availableReplicas: 2 });
    expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    expect((await kjson(['get', 'configmap', 'shop-config'])).data).toEqual({ greeting: 'hello' });
    await slicesMatchPods(2, 'nginx:1.26');
    const list = JSON.parse(await ok(['list', '-o', 'json']));
    expect(list).toEqual([expect.objectContaining({ name: 'shop', revision: '3', status: 'deployed' })]);
  });

  it('uninstall --wait removes everything; the slices and pods go with the Service and Deployment', async () => {
    const out = await ok(['uninstall', 'shop', '--wait', '--timeout', '60s']);
    expect(out).toMatch(/release "shop" uninstalled/);
    for (const kind of ['deployment', 'service', 'configmap']) {
      const r = await k().run(['get', kind, '-l', SEL, '-o', 'name']);
      expect(r.stdout.trim(), kind).toBe('');
    }
    await eventually(async () => (await kjson(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=shop'])).items.length === 0, 10_000, 'slices gone');
    await eventually(async () => (await kjson(['get', 'pods', '-l', SEL])).items.length === 0, 20_000, 'pods gone');
    expect((await kjson(['get', 'rs', '-l', SEL])).items).toEqual([]);
    expect(JSON.parse(await ok(['list', '-o', 'json']))).toEqual([]);
  });
});
