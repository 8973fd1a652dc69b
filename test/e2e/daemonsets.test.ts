// DaemonSets end to end with the real kubectl: one pod per node, pinned by node affinity; a Node a
// client adds gets its pod; `kubectl rollout status` exits 0 after a create and after a template
// change; deleting the DaemonSet garbage-collects its pods.
import { describe, expect, it } from 'vitest';
import { client, eventually } from '../helpers/http.js';
import { useKubectl } from './setup.js';

const { srv, k } = useKubectl();
type J = Record<string, any>;

const manifest = (image: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: '${image}'}]
`;

async function podsByNode(): Promise<Record<string, string[]>> {
  const out = await k().run(['get', 'pods', '-l', 'app=agent', '-o', 'json']);
  const byNode: Record<string, string[]> = {};
  for (const p of JSON.parse(out.stdout).items as J[]) {
    if (p.metadata.deletionTimestamp) continue;
    (byNode[p.spec.nodeName ?? '<none>'] ??= []).push(p.metadata.name);
  }
  return byNode;
}

describe('DaemonSet', () => {
  it('runs one pod per node and rolls out', async () => {
    const apply = await k().run(['apply', '-f', k().file('ds.yaml', manifest('agent:1'))]);
    expect(apply.code, apply.stderr).toBe(0);
    const status = await k().run(['rollout', 'status', 'daemonset/agent', '--timeout=30s']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('daemon set "agent" successfully rolled out');
    const byNode = await podsByNode();
    expect(Object.keys(byNode).sort()).toEqual(['node-1', 'node-2', 'node-3']);
    expect(Object.values(byNode).every((ps) => ps.length === 1)).toBe(true);
    const pod = JSON.parse((await k().run(['get', 'pod', byNode['node-2'][0], '-o', 'json'])).stdout);
    expect(pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
      .toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }]);
    expect(pod.spec.tolerations).toEqual(expect.arrayContaining([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]));
    expect(pod.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'DaemonSet', name: 'agent', controller: true, blockOwnerDeletion: true })]);
    const ds = JSON.parse((await k().run(['get', 'ds', 'agent', '-o', 'json'])).stdout);
    expect(ds.status).toMatchObject({
      desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, numberAvailable: 3, updatedNumberScheduled: 3,
      numberMisscheduled: 0, observedGeneration: 1,
    });
    expect(pod.metadata.labels['controller-revision-hash']).toBe(JSON.parse((await k().run(['get', 'controllerrevisions', '-o', 'json'])).stdout)
      .items[0].metadata.labels['controller-revision-hash']);
  });

  it('a Node added by a client gets its daemon pod', async () => {
    const res = await client(srv().url).post('/api/v1/nodes', { metadata: { name: 'node-4', labels: { 'topology.kubernetes.io/zone': 'zone-a' } } });
    expect(res.status).toBe(201);
    await eventually(async () => ((await podsByNode())['node-4']?.length === 1) || undefined, 15000, 'a pod on node-4');
    const status = await k().run(['rollout', 'status', 'daemonset/agent', '--timeout=30s']);
    expect(status.code, status.stderr).toBe(0);
    const ds = JSON.parse((await k().run(['get', 'ds', 'agent', '-o', 'json'])).stdout);
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 4, numberAvailable: 4 });
  });

  it('a removed Node loses its pod', async () => {
    const del = await k().run(['delete', 'node', 'node-4']);
    expect(del.code, del.stderr).toBe(0);
    await eventually(async () => ((await podsByNode())['node-4'] === undefined) || undefined, 15000, 'no pod on node-4');
  });

  it('rolls a template change out node by node', async () => {
    const apply = await k().run(['apply', '-f', k().file('ds.yaml', manifest('agent:2'))]);
    expect(apply.code, apply.stderr).toBe(0);
    const status = await k().run(['rollout', 'status', 'daemonset/agent', '--timeout=60s']);
    expect(status.code, status.stderr).toBe(0);
    const out = await k().run(['get', 'pods', '-l', 'app=agent', '-o', 'json']);
    const images = (JSON.parse(out.stdout).items as J[]).filter((p) => !p.metadata.deletionTimestamp).map((p) => p.spec.containers[0].image);
    expect(images).toEqual(['agent:2', 'agent:2', 'agent:2']);
    const history = await k().run(['rollout', 'history', 'daemonset/agent']);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toMatch(/^1\s/m);
    expect(history.stdout).toMatch(/^2\s/m);
  });

  it('deleting the DaemonSet deletes its pods', async () => {
    const del = await k().run(['delete', 'daemonset', 'agent']);
    expect(del.code, del.stderr).toBe(0);
    await eventually(async () => (Object.keys(await podsByNode()).length === 0) || undefined, 20000, 'pods gone');
  });
});
