// backoffLimitPerIndex for Indexed Jobs (indexed_job_utils.go calculateFailedIndexes,
// getNewIndexFailureCounts, getRemainingTimePerIndex): each index may fail backoffLimitPerIndex
// times; a replacement carries the index's failure count in an annotation and waits its own
// back-off; an index past its limit (or hit by a FailIndex rule) is failed for good and listed in
// status.failedIndexes.
//
// Deviation: upstream keeps the finalizer of an index's last failed pod until its replacement
// exists, to read the count from it; here failed pods stay in the store, so the count is read
// from them whether or not they still hold the finalizer.
import type { KObject } from '../../machinery/types.js';
import { matchPodFailurePolicy } from './failure-policy.js';
import { completionIndex, finishTime, isPodFailed, type BackoffOptions, type Job } from './pods.js';

type J = Record<string, any>;

export const INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
export const INDEX_IGNORED_FAILURE_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';

export const hasBackoffLimitPerIndex = (job: Job): boolean =>
  job.spec?.completionMode === 'Indexed' && typeof (job.spec as J | undefined)?.backoffLimitPerIndex === 'number';

function annotationCount(p: KObject, key: string): number {
  const n = Number(p.metadata.annotations?.[key]);
  return Number.isInteger(n) && n >= 0 && n <= 2147483647 ? n : 0;
}

const policyOf = (job: Job) => (job.spec?.podFailurePolicy ?? undefined) as J | undefined;

/** calculateFailedIndexes: the earlier failed indexes plus those a failed pod takes past the limit now. */
export function failedIndexes(job: Job, pods: KObject[], previous: Set<number>, succeeded: Set<number>): Set<number> {
  const limit = Number((job.spec as J | undefined)?.backoffLimitPerIndex ?? 0);
  const out = new Set([...previous].filter((i) => !succeeded.has(i)));
  const completions = job.spec?.completions ?? 0;
  for (const p of pods) {
    const ix = completionIndex(p);
    if (ix < 0 || ix >= completions || succeeded.has(ix) || !isPodFailed(p, job)) continue;
    const m = matchPodFailurePolicy(policyOf(job), p);
    if (m.action === 'FailIndex' || (m.countFailed && annotationCount(p, INDEX_FAILURE_COUNT) >= limit)) out.add(ix);
  }
  return out;
}

/** The failed pod a new pod for `index` replaces: the one with the highest count, latest to finish. */
function replaced(job: Job, pods: KObject[], index: number): KObject | undefined {
  let best: KObject | undefined;
  const total = (p: KObject) => annotationCount(p, INDEX_FAILURE_COUNT) + annotationCount(p, INDEX_IGNORED_FAILURE_COUNT);
  for (const p of pods) {
    if (completionIndex(p) !== index || !isPodFailed(p, job)) continue;
    if (!best || total(p) > total(best) || (total(p) === total(best) && finishTime(p) >= finishTime(best))) best = p;
  }
  return best;
}

/** getNewIndexFailureCounts: the annotations of a replacement for `index`. */
export function replacementAnnotations(job: Job, pods: KObject[], index: number): Record<string, string> {
  const prev = replaced(job, pods, index);
  if (!prev) return { [INDEX_FAILURE_COUNT]: '0' };
  let failures = annotationCount(prev, INDEX_FAILURE_COUNT);
  let ignored = annotationCount(prev, INDEX_IGNORED_FAILURE_COUNT);
  if (matchPodFailurePolicy(policyOf(job), prev).countFailed) failures++;
  else ignored++;
  return { [INDEX_FAILURE_COUNT]: String(failures), ...(ignored > 0 ? { [INDEX_IGNORED_FAILURE_COUNT]: String(ignored) } : {}) };
}

/** getRemainingTimePerIndex: an index's own back-off after its last failure (0: create now). */
export function indexBackoff(job: Job, pods: KObject[], index: number, now: number, o: BackoffOptions): number {
  const prev = replaced(job, pods, index);
  if (!prev) return 0;
  const failures = annotationCount(prev, INDEX_FAILURE_COUNT) + annotationCount(prev, INDEX_IGNORED_FAILURE_COUNT) + 1;
  const delay = Math.min(o.baseMs * 2 ** (failures - 1), o.maxMs);
  return Math.max(0, finishTime(prev) + delay - now);
}
