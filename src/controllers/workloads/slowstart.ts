// slowStartBatch (pkg/controller/replicaset): call fn `count` times in batches of 1, 2, 4, ...
// (SlowStartInitialBatchSize = 1); after a batch with a failure, the remaining batches are skipped.
// Returns the successes and the first error. A batch's calls run one after another here (writes
// are synchronous), but a failure still only stops the batches that follow.

export const SLOW_START_INITIAL_BATCH_SIZE = 1;

export function slowStartBatch(count: number, initial: number, fn: () => void): { successes: number; error?: unknown; batches: number[] } {
  let remaining = count;
  let successes = 0;
  const batches: number[] = [];
  for (let size = Math.min(remaining, initial); size > 0; size = Math.min(2 * size, remaining)) {
    batches.push(size);
    let error: unknown;
    let failed = 0;
    for (let i = 0; i < size; i++) {
      try {
        fn();
      } catch (e) {
        failed++;
        error ??= e;
      }
    }
    successes += size - failed;
    if (failed) return { successes, error, batches };
    remaining -= size;
  }
  return { successes, batches };
}
