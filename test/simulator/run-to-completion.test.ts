// The pod-complete stage: pods with restartPolicy Never/OnFailure run for a while and exit, as a
// Job's pods do on a real kubelet. Phase and condition wording follow the kubelet
// (pkg/kubelet/status/generate.go: PodCompleted / PodFailed).
import { describe, expect, it } from 'vitest';
import { rfc3339 } from '../../src/util/clock.js';
import { cond, harness, simplePod, status, type J } from './helpers.js';

const t0 = Date.parse('2026-01-01T00:00:00Z');

const cases: {
  name: string;
  restartPolicy?: string;
  annotations?: Record<string, string>;
  delays?: { run?: number };
  /** ms after creation, and what the pod looks like then */
  at: number;
  phase: string;
  exitCode?: number;
  reason?: string;
  restartCount?: number;
}[] = [
  { name: 'Always runs forever', restartPolicy: 'Always', at: 60_000, phase: 'Running' },
  { name: 'Never: still running before the run time', restartPolicy: 'Never', at: 1000, phase: 'Running' },
  { name: 'Never: Succeeded after ready + 1 s', restartPolicy: 'Never', at: 1090, phase: 'Succeeded', exitCode: 0, reason: 'Completed' },
  { name: 'OnFailure exits 0 too', restartPolicy: 'OnFailure', at: 1090, phase: 'Succeeded', exitCode: 0, reason: 'Completed' },
  { name: 'run-seconds annotation', restartPolicy: 'Never', annotations: { 'kubesim.io/run-seconds': '3' }, at: 3000, phase: 'Running' },
  { name: 'run-seconds annotation, done', restartPolicy: 'Never', annotations: { 'kubesim.io/run-seconds': '3' }, at: 3090, phase: 'Succeeded', exitCode: 0 },
  { name: 'delays.run (--job-run-seconds)', restartPolicy: 'Never', delays: { run: 5000 }, at: 5090, phase: 'Succeeded', exitCode: 0 },
  { name: 'exit-code with Never fails the pod', restartPolicy: 'Never', annotations: { 'kubesim.io/exit-code': '3' }, at: 1090, phase: 'Failed', exitCode: 3, reason: 'Error' },
  { name: 'exit-code with OnFailure restarts the container', restartPolicy: 'OnFailure', annotations: { 'kubesim.io/exit-code': '1' }, at: 1090, phase: 'Running', restartCount: 1 },
];

describe('pod-complete stage', () => {
  for (const c of cases) {
    it(c.name, () => {
      const h = harness({ delays: c.delays });
      h.createPod(simplePod('job', c.annotations ? { annotations: c.annotations } : {}, c.restartPolicy ? { restartPolicy: c.restartPolicy } : {}));
      h.clock.advance(c.at);
      const p = h.pod('job') as J;
      expect(status(p).phase).toBe(c.phase);
      const cs = status(p).containerStatuses[0];
      if (c.exitCode !== undefined) {
        expect(cs.state.terminated).toMatchObject({ exitCode: c.exitCode, finishedAt: rfc3339(t0 + c.at) });
        if (c.reason) expect(cs.state.terminated.reason).toBe(c.reason);
        expect(cs.ready).toBe(false);
      }
      if (c.restartCount !== undefined) {
        expect(cs.restartCount).toBe(c.restartCount);
        expect(cs.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
        expect(cs.state.running).toBeDefined();
      }
    });
  }

  it('terminal pods are not ready, with the kubelet reasons', () => {
    const h = harness();
    h.createPod(simplePod('ok', {}, { restartPolicy: 'Never' }));
    h.createPod(simplePod('bad', { annotations: { 'kubesim.io/exit-code': '1' } }, { restartPolicy: 'Never' }));
    h.clock.advance(1090);
    for (const [name, reason] of [['ok', 'PodCompleted'], ['bad', 'PodFailed']]) {
      const p = h.pod(name);
      expect(cond(p, 'Ready')).toMatchObject({ status: 'False', reason });
      expect(cond(p, 'ContainersReady')).toMatchObject({ status: 'False', reason });
      expect(cond(p, 'PodReadyToStartContainers')?.status).toBe('False');
    }
    // Nothing further happens to a terminal pod.
    const rv = h.pod('ok')!.metadata.resourceVersion;
    h.clock.advance(60_000);
    expect(h.pod('ok')!.metadata.resourceVersion).toBe(rv);
  });

  it('a terminal pod is still deleted normally', () => {
    const h = harness();
    h.createPod(simplePod('ok', {}, { restartPolicy: 'Never' }));
    h.clock.advance(1090);
    h.deletePod('ok');
    h.clock.advance(3000);
    expect(h.pod('ok')).toBeUndefined();
  });
});
