// backoffLimitPerIndex. Cases after upstream job_controller_test.go
// (TestSyncJobWithJobBackoffLimitPerIndex: a failing index is replaced with a growing failure
// count until it fails for good, failedIndexes, "Job has failed indexes", maxFailedIndexes) and
// indexed_job_utils_test.go (getNewIndexFailureCounts, calculateFailedIndexes), in our words.
import { describe, expect, it } from 'vitest';
import { failedIndexes, replacementAnnotations } from '../../../src/controllers/job/per-index.js';
import { job, World } from './world.js';

type J = Record<string, any>;
const perIndex = (extra: J = {}) => job({ completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimit: 2147483647, backoffLimitPerIndex: 1, ...extra });
const podOf = (w: World, index: number) => [...w.pods.values()].filter((p) => p.metadata.annotations!['batch.kubernetes.io/job-completion-index'] === String(index))
  .filter((p) => !['Failed', 'Succeeded'].includes((p.status as J).phase)).map((p) => p.metadata.name!)[0];

describe('backoffLimitPerIndex', () => {
  it('replaces a failing index with a growing failure count, then fails the index and the Job', () => {
    const w = new World(perIndex());
    let plan = w.sync();
    expect(plan.create.map((p) => p.metadata.annotations!['batch.kubernetes.io/job-index-failure-count'])).toEqual(['0', '0', '0']);
    expect(plan.status.failedIndexes).toBe('');
    // Index 1 fails once: replaced after its own back-off with count 1.
    w.finish(podOf(w, 1), 'Failed');
    plan = w.sync();
    expect(plan.create).toEqual([]);
    expect(plan.requeueAfterMs).toBe(10_000);
    w.now += 10_000;
    plan = w.sync();
    expect(plan.create.map((p) => [p.metadata.annotations!['batch.kubernetes.io/job-completion-index'], p.metadata.annotations!['batch.kubernetes.io/job-index-failure-count']]))
      .toEqual([['1', '1']]);
    // It fails again: past backoffLimitPerIndex 1, the index is failed for good.
    w.finish(podOf(w, 1), 'Failed');
    plan = w.sync();
    expect(plan.status.failedIndexes).toBe('1');
    w.now += 60_000;
    expect(w.sync().create).toEqual([]);
    // The other indexes succeed: every index is done one way or the other.
    w.finish(podOf(w, 0), 'Succeeded');
    w.finish(podOf(w, 2), 'Succeeded');
    w.sync();
    expect(w.cond('FailureTarget')).toMatchObject({ reason: 'FailedIndexes', message: 'Job has failed indexes' });
    expect(w.cond('Failed')).toMatchObject({ reason: 'FailedIndexes' });
    expect(w.job.status).toMatchObject({ completedIndexes: '0,2', failedIndexes: '1', failed: 2 });
  });

  it('maxFailedIndexes ends the Job as soon as more indexes failed', () => {
    const w = new World(perIndex({ backoffLimitPerIndex: 0, maxFailedIndexes: 0 }));
    w.sync();
    w.finish(podOf(w, 2), 'Failed');
    w.sync();
    expect(w.cond('FailureTarget')).toMatchObject({ reason: 'MaxFailedIndexesExceeded', message: 'Job has exceeded the specified maximal number of failed indexes' });
  });

  it('counts ignored failures apart (podFailurePolicy Ignore)', () => {
    const j = perIndex({ podReplacementPolicy: 'Failed', podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [137] } }] } });
    const failed = {
      metadata: { name: 'p', annotations: { 'batch.kubernetes.io/job-completion-index': '0', 'batch.kubernetes.io/job-index-failure-count': '1' } },
      status: { phase: 'Failed', containerStatuses: [{ name: 'c', state: { terminated: { exitCode: 137 } } }] },
    };
    expect(replacementAnnotations(j, [failed], 0)).toEqual({
      'batch.kubernetes.io/job-index-failure-count': '1', 'batch.kubernetes.io/job-index-ignored-failure-count': '1',
    });
    expect([...failedIndexes(j, [failed], new Set(), new Set())]).toEqual([]);
  });
});
