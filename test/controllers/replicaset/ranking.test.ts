// The deletion order of ReplicaSet pods, cases ported from upstream's TestSortingActivePods and
// TestSortingActivePodsWithRanks (pkg/controller/controller_utils_test.go) and TestGetPodsToDelete
// (pkg/controller/replicaset/replica_set_test.go), rewritten as our own tables.
import { describe, expect, it } from 'vitest';
import { compareForDeletion, podsToDelete, rankByColocation, type RankedPod } from '../../../src/controllers/workloads/index.js';
import { pod, T0 } from './helpers.js';

const NOW = T0 + 3600_000;
const H = 3600_000;

describe('compareForDeletion: the first pod of each pair is deleted before the second', () => {
  const r = (p: ReturnType<typeof pod>, rank = 0): RankedPod => ({ pod: p, rank });
  const cases: [string, RankedPod, RankedPod][] = [
    ['unassigned before assigned', r(pod('a', { node: '', phase: 'Pending', ready: false })), r(pod('b', { node: 'n1', phase: 'Pending', ready: false }))],
    ['pending before unknown', r(pod('a', { node: 'n1', phase: 'Pending' })), r(pod('b', { node: 'n1', phase: 'Unknown' }))],
    ['unknown before running', r(pod('a', { node: 'n1', phase: 'Unknown' })), r(pod('b', { node: 'n1', phase: 'Running' }))],
    ['not ready before ready', r(pod('a', { node: 'n1', ready: false })), r(pod('b', { node: 'n1' }))],
    ['lower deletion cost before higher', r(pod('a', { node: 'n1', cost: 1 }), 1), r(pod('b', { node: 'n1', cost: 2 }), 5)],
    ['deletion cost outranks colocation', r(pod('a', { node: 'n1', cost: -1 })), r(pod('b', { node: 'n2' }), 4)],
    ['doubled up before alone', r(pod('a', { node: 'n1' }), 2), r(pod('b', { node: 'n2' }), 1)],
    ['ready for less time before longer (different log2 buckets)',
      r(pod('a', { node: 'n1', readySince: NOW - T0 - 60_000 })), r(pod('b', { node: 'n1', readySince: 0 }))],
    ['same log2 bucket of readiness: uid decides', r(pod('a', { node: 'n1', readySince: 1000, uid: 'a' })), r(pod('b', { node: 'n1', readySince: 2000, uid: 'b' }))],
    ['more restarts before fewer', r(pod('a', { node: 'n1', restarts: 3 })), r(pod('b', { node: 'n1', restarts: 1 }))],
    ['newer before older', r(pod('a', { node: 'n1', created: H / 2 })), r(pod('b', { node: 'n1', created: 0 }))],
    ['same log2 bucket of age: uid decides', r(pod('a', { node: 'n1', created: 1000, uid: 'x1' })), r(pod('b', { node: 'n1', created: 0, uid: 'x2' }))],
  ];
  it.each(cases)('%s', (_name, first, second) => {
    expect(compareForDeletion(first, second, NOW)).toBeLessThan(0);
    expect(compareForDeletion(second, first, NOW)).toBeGreaterThan(0);
  });

  it('without a reference time the later timestamp simply goes first', () => {
    const a = r(pod('a', { node: 'n1', created: 1000, uid: 'z' }));
    const b = r(pod('b', { node: 'n1', created: 0, uid: 'a' }));
    expect(compareForDeletion(a, b)).toBeLessThan(0);
  });

  it('identical pods compare equal', () => {
    const a = r(pod('a', { node: 'n1' }));
    expect(compareForDeletion(a, { ...a }, NOW)).toBe(0);
  });
});

describe('sorting a whole set (TestSortingActivePods)', () => {
  it('orders from the cheapest to lose to the most valuable', () => {
    const expected = [
      pod('unscheduled', { node: '', phase: 'Pending', ready: false }),
      pod('scheduled-pending', { node: 'n1', phase: 'Pending', ready: false }),
      pod('unknown', { node: 'n1', phase: 'Unknown', ready: false }),
      pod('running-not-ready', { node: 'n1', ready: false }),
      pod('ready-briefly', { node: 'n1', readySince: H - 10_000 }),
      pod('ready-restarting', { node: 'n1', readySince: 0, restarts: 5 }),
      pod('ready-long', { node: 'n1', readySince: 0, restarts: 0, created: 0 }),
    ];
    const shuffled = [expected[4], expected[6], expected[0], expected[3], expected[5], expected[1], expected[2]];
    const ranked = shuffled.map((p) => ({ pod: p, rank: 0 }));
    ranked.sort((a, b) => compareForDeletion(a, b, NOW));
    expect(ranked.map((x) => x.pod.metadata.name)).toEqual(expected.map((p) => p.metadata.name));
  });
});

describe('podsToDelete (TestGetPodsToDelete)', () => {
  const unscheduled = pod('unscheduled', { node: '', phase: 'Pending', ready: false });
  const pending = pod('pending', { node: 'n1', phase: 'Pending', ready: false });
  const notReady = pod('not-ready', { node: 'n1', ready: false });
  const readyA = pod('ready-a', { node: 'n1' });
  const readyB = pod('ready-b', { node: 'n2' });

  it('returns every pod, unsorted, when all of them go', () => {
    const pods = [readyA, unscheduled, pending];
    expect(podsToDelete(pods, [], 3, NOW).map((p) => p.metadata.name)).toEqual(['ready-a', 'unscheduled', 'pending']);
  });

  it.each([
    [1, ['unscheduled']],
    [2, ['unscheduled', 'pending']],
    [3, ['unscheduled', 'pending', 'not-ready']],
  ])('diff %i picks the earliest-stage pods', (diff, names) => {
    const pods = [readyA, notReady, readyB, pending, unscheduled];
    expect(podsToDelete(pods, pods, diff, NOW).map((p) => p.metadata.name)).toEqual(names);
  });

  it('a ready pod sharing its node with more related pods goes first', () => {
    const sibling = pod('sibling', { node: 'n1', owner: 'other' });
    expect(podsToDelete([readyA, readyB], [readyA, readyB, sibling], 1, NOW).map((p) => p.metadata.name)).toEqual(['ready-a']);
    expect(podsToDelete([readyA, readyB], [readyA, readyB], 1, NOW).map((p) => p.metadata.name)).not.toEqual([]);
  });

  it('ranks count only active related pods', () => {
    const gone = pod('gone', { node: 'n1', deleting: true });
    const ranks = rankByColocation([readyA, readyB], [readyA, readyB, gone]);
    expect(ranks.map((r) => r.rank)).toEqual([1, 1]);
  });
});
