// Periodic compaction of the watch history, after kube-apiserver's etcd compactor
// (--etcd-compaction-interval, 5 minutes by default): every interval, the history up to the
// revision current one interval ago is dropped. Watch history is thus bounded in time as well as
// in count (--watch-history), so the memory a burst of writes took comes back once it is over;
// watches resuming from before the compacted revision get 410 Expired and relist, as they would
// against a real cluster.
import type { Clock, TimerHandle } from '../util/clock.js';
import type { Store } from './store.js';

export const DEFAULT_COMPACTION_INTERVAL_MS = 5 * 60 * 1000;

export function startCompactor(store: Store, clock: Clock, intervalMs = DEFAULT_COMPACTION_INTERVAL_MS): { stop(): void } {
  let timer: TimerHandle | undefined;
  let previous = store.currentRevision;
  const tick = () => {
    store.compactThrough(previous);
    previous = store.currentRevision;
    timer = clock.setTimeout(tick, intervalMs);
  };
  if (intervalMs > 0) timer = clock.setTimeout(tick, intervalMs);
  return { stop: () => timer !== undefined && clock.clearTimeout(timer) };
}
