// kubectl v1.35 on the apps/v1 and batch/v1 kinds: the generator subcommands (protobuf bodies),
// upstream's defaults on what they create, server-side Tables for get (wide included, `get all`),
// explain from the OpenAPI documents, 422s with upstream's paths and messages, client- and
// server-side apply, and scale through the /scale subresource.
import { describe, expect, it } from 'vitest';
import { client, eventually } from '../helpers/http.js';
import { useKubectl } from './setup.js';

const { srv, k } = useKubectl({ simulate: false });
/**
 * The CronJob's schedule: once an hour, half an hour from now (UTC, the zone of a CronJob without
 * one), so it never fires while this file runs. Every minute ("*\/1 * * * *") made the Table row
 * flaky: a run crossing a minute saw ACTIVE 1 and a LAST SCHEDULE.
 */
const SCHEDULE = `${(new Date().getUTCMinutes() + 30) % 60} * * * *`;

async function ok(args: string[]): Promise<string> {
  const r = await k().run(args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout;
}

async function getJson(args: string[]): Promise<Record<string, any>> {
  return JSON.parse(await ok(['get', ...args, '-o', 'json'])) as Record<string, any>;
}

/** The column headers of the first table in kubectl's output (columns are two or more spaces apart). */
function headers(out: string, line = 0): string[] {
  return out.split('\n')[line].trim().split(/\s{2,}/);
}

/** The cells of the row whose first cell is `name`. */
function row(out: string, name: string): string[] {
  const l = out.split('\n').find((x) => x.split(/\s+/)[0] === name);
  if (!l) throw new Error(`no row ${name} in:\n${out}`);
  return l.trim().split(/\s{2,}/);
}

const POD_TEMPLATE_DEFAULTS = {
  dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30,
};
const CONTAINER_DEFAULTS = { resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' };

describe('kubectl create (protobuf bodies) and the defaults the server applies', () => {
  it('create deployment', async () => {
    expect(await ok(['create', 'deployment', 'web', '--image=nginx', '--replicas=3', '--port=8080'])).toBe('deployment.apps/web created\n');
    const d = await getJson(['deploy', 'web']);
    expect(d.metadata).toMatchObject({ name: 'web', namespace: 'default', generation: 1, labels: { app: 'web' } });
    // The deployment controller writes the revision annotation with its status; generation stays 1.
    await eventually(async () => (await getJson(['deploy', 'web'])).metadata.annotations?.['deployment.kubernetes.io/revision'] === '1');
    expect((await getJson(['deploy', 'web'])).metadata.generation).toBe(1);
    expect(d.spec).toEqual({
      replicas: 3, selector: { matchLabels: { app: 'web' } }, progressDeadlineSeconds: 600, revisionHistoryLimit: 10,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          ...POD_TEMPLATE_DEFAULTS,
          containers: [{ name: 'nginx', image: 'nginx', imagePullPolicy: 'Always', ports: [{ containerPort: 8080, protocol: 'TCP' }], ...CONTAINER_DEFAULTS }],
        },
      },
    });
    // The API object as kubectl -o yaml shows it: kind, group version and the same defaults.
    const yaml = await ok(['get', 'deploy', 'web', '-o', 'yaml']);
    expect(yaml).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\n/);
    expect(yaml).toContain('      maxSurge: 25%\n      maxUnavailable: 25%\n    type: RollingUpdate\n');
  });

  it('create job: generated selector and labels, batch defaults', async () => {
    expect(await ok(['create', 'job', 'j', '--image=busybox'])).toBe('job.batch/j created\n');
    const j = await getJson(['job', 'j']);
    const uid = j.metadata.uid as string;
    const generated = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'j', 'controller-uid': uid, 'job-name': 'j' };
    expect(j.metadata.labels).toEqual(generated);
    expect(j.spec).toMatchObject({
      backoffLimit: 6, completionMode: 'NonIndexed', completions: 1, manualSelector: false, parallelism: 1,
      podReplacementPolicy: 'TerminatingOrFailed', suspend: false, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
    });
    expect(j.spec.template.metadata.labels).toEqual(generated);
    expect(j.spec.template.spec).toMatchObject({ ...POD_TEMPLATE_DEFAULTS, restartPolicy: 'Never' });
  });

  it('create cronjob', async () => {
    expect(await ok(['create', 'cronjob', 'c', '--image=busybox', `--schedule=${SCHEDULE}`])).toBe('cronjob.batch/c created\n');
    const c = await getJson(['cronjob', 'c']);
    expect(c.spec).toMatchObject({
      schedule: SCHEDULE, concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1,
    });
    expect(c.spec.jobTemplate.spec.template.spec).toMatchObject({ ...POD_TEMPLATE_DEFAULTS, restartPolicy: 'OnFailure' });
    expect(c.spec.jobTemplate.spec.parallelism).toBeUndefined();
  });

  it('refuses a bad schedule with upstream\'s message', async () => {
    const r = await k().run(['create', 'cronjob', 'bad', '--image=busybox', '--schedule=61 * * * *']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: failed to create cronjob: CronJob.batch "bad" is invalid: spec.schedule: Invalid value: "61 * * * *": ' +
      'end of range (61) above maximum (59): 61\n');
  });
});

const STS = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: pg, image: "postgres:16"}]
`;
const RS = `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: lone}
spec:
  replicas: 2
  selector: {matchLabels: {app: lone}}
  template:
    metadata: {labels: {app: lone}}
    spec:
      containers: [{name: c, image: "nginx:1.27"}]
`;
const DS = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      containers: [{name: a, image: "agent:1"}]
`;

describe('kubectl get: server-side Tables', () => {
  it('prints the apiserver columns for every workload kind, wide included', async () => {
    await ok(['apply', '-f', k().file('sts.yaml', STS)]);
    await ok(['apply', '-f', k().file('ds.yaml', DS)]);
    await ok(['apply', '-f', k().file('rs.yaml', RS)]);
    const sts = await ok(['get', 'sts']);
    expect(headers(sts)).toEqual(['NAME', 'READY', 'AGE']);
    expect(row(sts, 'db').slice(0, 2)).toEqual(['db', '0/2']);
    expect(headers(await ok(['get', 'sts', '-o', 'wide']))).toEqual(['NAME', 'READY', 'AGE', 'CONTAINERS', 'IMAGES']);
    const ds = await ok(['get', 'ds', '-o', 'wide']);
    expect(headers(ds)).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    const agent = row(ds, 'agent');
    expect(agent[6]).toBe('kubernetes.io/os=linux');
    expect(agent.slice(8)).toEqual(['a', 'agent:1', 'app=agent']);
    expect(headers(await ok(['get', 'deploy']))).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    const wide = await ok(['get', 'deploy', 'web', '-o', 'wide']);
    expect(headers(wide)).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(row(wide, 'web').slice(-3)).toEqual(['nginx', 'nginx', 'app=web']);
    const rs = await ok(['get', 'rs', 'lone', '-o', 'wide']);
    expect(headers(rs)).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(row(rs, 'lone')[1]).toBe('2');
    expect(row(rs, 'lone').slice(-3)).toEqual(['c', 'nginx:1.27', 'app=lone']);
    const jobs = await ok(['get', 'jobs', '-o', 'wide']);
    expect(headers(jobs)).toEqual(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(row(jobs, 'j').slice(-3, -1)).toEqual(['j', 'busybox']);
    const cj = await ok(['get', 'cronjobs']);
    expect(headers(cj)).toEqual(['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE']);
    expect(row(cj, 'c').slice(1, 6)).toEqual([SCHEDULE, '<none>', 'False', '0', '<none>']);
  });

  it('get deploy,rs,sts,ds,job,cronjob and get all name each kind with its group', async () => {
    const several = await ok(['get', 'deploy,rs,sts,ds,job,cronjob']);
    for (const name of ['deployment.apps/web', 'statefulset.apps/db', 'daemonset.apps/agent', 'job.batch/j', 'cronjob.batch/c']) {
      expect(several).toContain(`${name} `);
    }
    const all = await ok(['get', 'all']);
    for (const name of ['service/kubernetes', 'deployment.apps/web', 'statefulset.apps/db', 'daemonset.apps/agent', 'job.batch/j', 'cronjob.batch/c']) {
      expect(all).toContain(`${name} `);
    }
    expect(all).toMatch(/NAME +READY +UP-TO-DATE +AVAILABLE +AGE\ndeployment\.apps\/web +/);
  });

  it('short names resolve through discovery', async () => {
    for (const [short, name] of [['deploy', 'deployment.apps/web'], ['sts', 'statefulset.apps/db'], ['ds', 'daemonset.apps/agent'], ['cj', 'cronjob.batch/c']]) {
      expect(await ok(['get', short, '-o', 'name'])).toContain(`${name}\n`);
    }
  });
});

describe('kubectl explain', () => {
  it('explains deployment.spec.strategy from the apps/v1 OpenAPI document', async () => {
    const out = await ok(['explain', 'deployment.spec.strategy']);
    expect(out).toMatch(/^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n/);
    expect(out).toMatch(/FIELD:\s+strategy <DeploymentStrategy>/);
    expect(out).toMatch(/rollingUpdate\s+<RollingUpdateDeployment>/);
    expect(out).toMatch(/type\s+<string>/);
    expect(await ok(['explain', 'cronjob.spec.jobTemplate.spec.backoffLimit'])).toMatch(/FIELD:\s+backoffLimit <integer>/);
  });
});

describe('invalid objects', () => {
  it('are 422 Invalid with upstream field paths and messages', async () => {
    const bad = `apiVersion: apps/v1
kind: Deployment
metadata: {name: bad}
spec:
  replicas: -1
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: other}}
    spec:
      restartPolicy: Never
      containers: [{name: c, image: nginx}]
`;
    const r = await k().run(['apply', '-f', k().file('bad.yaml', bad)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The Deployment "bad" is invalid: ');
    expect(r.stderr).toContain('spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(r.stderr).toContain('spec.template.metadata.labels: Invalid value: ');
    expect(r.stderr).toContain('`selector` does not match template `labels`');
    expect(r.stderr).toContain('spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"');

    const res = await client(srv().url).post('/apis/batch/v1/namespaces/default/jobs', {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'always' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      kind: 'Status', reason: 'Invalid', code: 422,
      details: { name: 'always', group: 'batch', kind: 'Job', causes: [
        { reason: 'FieldValueRequired', field: 'spec.template.spec.restartPolicy', message: 'Required value: valid values: "OnFailure", "Never"' },
      ] },
    });
  });

  it('refuse a changed selector as immutable', async () => {
    const res = await client(srv().url).patch('/apis/apps/v1/namespaces/default/deployments/web',
      { spec: { selector: { matchLabels: { app: 'web', v: '2' } }, template: { metadata: { labels: { v: '2' } } } } }, 'application/strategic-merge-patch+json');
    expect(res.status).toBe(422);
    expect(res.body.details.causes).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: {"matchLabels":{"app":"web","v":"2"}}: field is immutable' },
    ]);
  });
});

const deploy = (image: string, replicas: number, strategy = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: site}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: site}}${strategy}
  template:
    metadata: {labels: {app: site}}
    spec:
      containers:
      - {name: web, image: "${image}", ports: [{containerPort: 80}], env: [{name: A, value: "1"}]}
      - {name: sidecar, image: "busybox"}
`;

describe('kubectl apply on a Deployment', () => {
  it('client-side: three-way strategic merge keyed by container name, retainKeys on strategy', async () => {
    const f = k().file('site.yaml', deploy('nginx:1.26', 2));
    expect(await ok(['apply', '-f', f])).toBe('deployment.apps/site created\n');
    const first = await getJson(['deploy', 'site']);
    k().file('site.yaml', deploy('nginx:1.27', 4, '\n  strategy: {type: Recreate}'));
    expect(await ok(['apply', '-f', f])).toBe('deployment.apps/site configured\n');
    expect(await ok(['apply', '-f', f])).toBe('deployment.apps/site unchanged\n');
    const live = await getJson(['deploy', 'site']);
    expect(live.spec.replicas).toBe(4);
    expect(live.spec.template.spec.containers.map((c: any) => `${c.name}=${c.image}`)).toEqual(['web=nginx:1.27', 'sidecar=busybox']);
    expect(live.spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }]);
    // $retainKeys dropped the defaulted rollingUpdate when the type changed.
    expect(live.spec.strategy).toEqual({ type: 'Recreate' });
    expect(live.metadata.generation).toBe(first.metadata.generation + 1);
  });

  it('server-side: creates, then updates owned fields', async () => {
    const f = k().file('ssa.yaml', deploy('nginx:1.26', 1).replace('name: site', 'name: ssa').replace(/app: site/g, 'app: ssa'));
    expect(await ok(['apply', '--server-side', '-f', f])).toBe('deployment.apps/ssa serverside-applied\n');
    k().file('ssa.yaml', deploy('nginx:1.27', 2).replace('name: site', 'name: ssa').replace(/app: site/g, 'app: ssa'));
    expect(await ok(['apply', '--server-side', '-f', f])).toBe('deployment.apps/ssa serverside-applied\n');
    const live = await getJson(['deploy', 'ssa', '--show-managed-fields']);
    expect(live.spec.replicas).toBe(2);
    expect(live.spec.template.spec.containers.map((c: any) => c.image)).toEqual(['nginx:1.27', 'busybox']);
    const applied = live.metadata.managedFields.find((m: any) => m.manager === 'kubectl' && m.operation === 'Apply');
    expect(applied.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']).toHaveProperty(['k:{"name":"web"}']);
  });
});

describe('/status writes', () => {
  it('take annotations from the request for Deployments only, never labels or spec', async () => {
    const api = client(srv().url);
    for (const [path, takes] of [['/apis/apps/v1/namespaces/default/deployments/web', true], ['/apis/apps/v1/namespaces/default/statefulsets/db', false]] as const) {
      const cur = (await api.get(path)).body;
      cur.metadata.annotations = { ...cur.metadata.annotations, 'example.com/note': 'x' };
      cur.metadata.labels = { ...cur.metadata.labels, sneaky: 'yes' };
      cur.spec.replicas = 9;
      const res = await api.put(`${path}/status`, cur);
      expect(res.status, res.text).toBe(200);
      expect(res.body.metadata.annotations?.['example.com/note']).toBe(takes ? 'x' : undefined);
      expect(res.body.metadata.labels?.sneaky).toBeUndefined();
      expect(res.body.spec.replicas).not.toBe(9);
    }
  });
});

describe('everyday kubectl verbs on workloads', () => {
  it('create job --from=cronjob copies the job template and names the owner', async () => {
    expect(await ok(['create', 'job', 'manual', '--from=cronjob/c'])).toBe('job.batch/manual created\n');
    const j = await getJson(['job', 'manual']);
    const c = await getJson(['cronjob', 'c']);
    expect(j.metadata.annotations).toMatchObject({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(j.metadata.ownerReferences).toEqual([expect.objectContaining({ apiVersion: 'batch/v1', kind: 'CronJob', name: 'c', uid: c.metadata.uid })]);
    expect(j.spec.template.spec.containers[0].image).toBe('busybox');
  });

  it('set image and rollout restart patch the pod template and bump generation', async () => {
    const before = await getJson(['deploy', 'web']);
    expect(await ok(['set', 'image', 'deployment/web', 'nginx=nginx:1.27'])).toBe('deployment.apps/web image updated\n');
    expect(await ok(['rollout', 'restart', 'deployment/web'])).toBe('deployment.apps/web restarted\n');
    const after = await getJson(['deploy', 'web']);
    expect(after.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect(after.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-/);
    expect(after.metadata.generation).toBe(before.metadata.generation + 2);
  });
});

describe('owners and describe', () => {
  it('garbage-collects a ReplicaSet whose owning Deployment is deleted', async () => {
    const api = client(srv().url);
    const owner = await api.post('/apis/apps/v1/namespaces/default/deployments', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'owner' },
      spec: { replicas: 0, selector: { matchLabels: { app: 'owner' } }, template: { metadata: { labels: { app: 'owner' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    expect(owner.status, owner.text).toBe(201);
    const rs = await api.post('/apis/apps/v1/namespaces/default/replicasets', {
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: { name: 'owned', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'owner', uid: owner.body.metadata.uid }] },
      spec: { replicas: 0, selector: { matchLabels: { app: 'owned' } }, template: { metadata: { labels: { app: 'owned' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    expect(rs.status, rs.text).toBe(201);
    expect(await ok(['delete', 'deployment', 'owner'])).toBe('deployment.apps "owner" deleted from default namespace\n');
    await eventually(async () => (await api.get('/apis/apps/v1/namespaces/default/replicasets/owned')).status === 404, 10000, 'owned ReplicaSet to be collected');
  });

  it('kubectl describe reads a Deployment, a Job and a CronJob', async () => {
    const d = await ok(['describe', 'deployment', 'web']);
    expect(d).toMatch(/^Name:\s+web\nNamespace:\s+default\n/);
    expect(d).toMatch(/StrategyType:\s+RollingUpdate/);
    expect(d).toMatch(/RollingUpdateStrategy:\s+25% max unavailable, 25% max surge/);
    expect(await ok(['describe', 'job', 'j'])).toMatch(/Completion Mode:\s+NonIndexed/);
    expect(await ok(['describe', 'cronjob', 'c'])).toMatch(new RegExp(`Schedule:\\s+${SCHEDULE.replace(/\*/g, '\\*')}`));
  });
});

describe('kubectl scale', () => {
  it('sets spec.replicas through the /scale subresource', async () => {
    expect(await ok(['scale', 'deployment', 'web', '--replicas=5'])).toBe('deployment.apps/web scaled\n');
    expect((await getJson(['deploy', 'web'])).spec.replicas).toBe(5);
    expect(await ok(['scale', 'sts', 'db', '--replicas=1'])).toBe('statefulset.apps/db scaled\n');
    expect((await getJson(['sts', 'db'])).spec.replicas).toBe(1);
  });
});
