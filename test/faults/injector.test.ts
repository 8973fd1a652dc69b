// The per-request decision: matching, counting, seeded probabilities, combining rules.
import { describe, expect, it } from 'vitest';
import { FaultInjector, type RequestInfo } from '../../src/faults/injector.js';
import type { FaultRule } from '../../src/faults/rules.js';
import { SeededRandom } from '../../src/util/random.js';

const req = (over: Partial<RequestInfo> = {}): RequestInfo => ({
  verb: 'get', group: '', resource: 'pods', namespace: 'default', name: 'web-0', hasContinue: false, ...over,
});

const hits = (rule: FaultRule, info: RequestInfo) => new FaultInjector([rule], new SeededRandom(1)).decide(info) !== undefined;

describe('matching', () => {
  it.each<[string, FaultRule, Partial<RequestInfo>, boolean]>([
    ['no criteria matches everything', { status: 500 }, {}, true],
    ['verb', { verbs: ['list', 'watch'], status: 500 }, { verb: 'get' }, false],
    ['verb list', { verbs: ['list', 'watch'], status: 500 }, { verb: 'watch' }, true],
    ['resource', { resource: 'services', status: 500 }, {}, false],
    ['resource covers its subresources', { resource: 'pods', status: 500 }, { subresource: 'status' }, true],
    ['subresource only', { resource: 'pods/status', status: 500 }, {}, false],
    ['subresource', { resource: 'pods/status', status: 500 }, { subresource: 'status' }, true],
    ['group-qualified resource', { resource: 'endpointslices.discovery.k8s.io', status: 500 }, { resource: 'endpointslices', group: 'discovery.k8s.io' }, true],
    ['wrong group', { resource: 'endpointslices.example.com', status: 500 }, { resource: 'endpointslices', group: 'discovery.k8s.io' }, false],
    ['namespace', { namespace: 'kube-system', status: 500 }, {}, false],
    ['cluster-scoped request has namespace ""', { namespace: '', status: 500 }, { namespace: undefined }, true],
    ['name', { name: 'web-1', status: 500 }, {}, false],
    ['expireContinue needs a continue token', { expireContinue: true }, { verb: 'list' }, false],
    ['expireContinue', { expireContinue: true }, { verb: 'list', hasContinue: true }, true],
    ['watch actions only hit watches', { closeWatchAfter: 1 }, { verb: 'list' }, false],
  ])('%s', (_what, rule, info, want) => {
    expect(hits(rule, req(info))).toBe(want);
  });
});

describe('decisions', () => {
  it('stops after count hits and counts them', () => {
    const f = new FaultInjector([], new SeededRandom(1));
    const r = f.add({ status: 429, count: 2 });
    const codes = [1, 2, 3].map(() => f.decide(req())?.error?.code);
    expect(codes).toEqual([429, 429, undefined]);
    expect(f.list()).toEqual([{ ...r, fired: 2 }]);
  });

  it('draws probabilities from the seeded source: the same seed, the same requests hit', () => {
    const pattern = (seed: number) => {
      const f = new FaultInjector([{ status: 500, probability: 0.3 }], new SeededRandom(seed));
      return Array.from({ length: 40 }, () => (f.decide(req()) ? 'x' : '.')).join('');
    };
    expect(pattern(7)).toBe(pattern(7));
    expect(pattern(7)).not.toBe(pattern(8));
    const hitsCount = pattern(7).split('').filter((c) => c === 'x').length;
    expect(hitsCount).toBeGreaterThan(4);
    expect(hitsCount).toBeLessThan(24);
  });

  it('adds latencies up and lets the first error win without counting later ones', () => {
    const f = new FaultInjector([{ latencyMs: 10 }, { status: 503 }, { status: 500, count: 1 }, { latencyMs: 5 }], new SeededRandom(1));
    const d = f.decide(req())!;
    expect(d.latencyMs).toBe(15);
    expect(d.error?.code).toBe(503);
    expect(f.list().map((r) => r.fired)).toEqual([1, 1, 0, 1]);
  });

  it.each<[FaultRule, Partial<RequestInfo>, object, Record<string, unknown>?]>([
    [{ status: 409 }, {}, { reason: 'Conflict', message: 'Operation cannot be fulfilled on pods "web-0": the object has been modified; please apply your changes to the latest version and try again' }],
    [{ status: 409, message: 'injected' }, { resource: 'endpointslices', group: 'discovery.k8s.io', name: 'x' },
      { reason: 'Conflict', message: 'Operation cannot be fulfilled on endpointslices.discovery.k8s.io "x": injected' }],
    [{ status: 429 }, {}, { reason: 'TooManyRequests', message: 'Too many requests, please try again later.', details: { retryAfterSeconds: 1 } }],
    [{ status: 500 }, {}, { reason: 'InternalError', message: 'Internal error occurred: injected fault' }],
    [{ status: 503, retryAfterSeconds: 3 }, {}, { reason: 'ServiceUnavailable', details: { retryAfterSeconds: 3 } }],
    [{ status: 504 }, {}, { reason: 'Timeout', message: 'Timeout: request did not complete within requested timeout - context deadline exceeded' }],
    [{ status: 404 }, {}, { reason: 'NotFound', message: 'pods "web-0" not found' }],
    [{ status: 418 }, {}, { reason: 'BadRequest', code: 418 }],
    [{ expireContinue: true }, { verb: 'list', hasContinue: true }, { reason: 'Expired', code: 410 }],
  ])('%j answers a real Status', (rule, info, status) => {
    const d = new FaultInjector([rule], new SeededRandom(1)).decide(req(info))!;
    expect(d.error!.status).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', ...status });
    expect(d.error!.status.code).toBe(rule.status ?? 410);
  });

  it('hands watch faults over once per request', () => {
    const f = new FaultInjector([{ closeWatchAfter: 2 }], new SeededRandom(1));
    const d = f.decide(req({ verb: 'watch' }))!;
    expect(d.watch).toEqual({ after: 2, verdict: 'close' });
    const key = {};
    f.holdWatchFault(key, d.watch!);
    expect(f.takeWatchFault(key)).toEqual(d.watch);
    expect(f.takeWatchFault(key)).toBeUndefined();
  });

  it('reset brings back the start-up rules with fresh counters and ids', () => {
    const f = new FaultInjector([{ status: 500, count: 1 }], new SeededRandom(1));
    f.decide(req());
    f.add({ latencyMs: 1 });
    f.reset();
    expect(f.list()).toEqual([{ id: 'f1', status: 500, count: 1, fired: 0 }]);
    expect(f.remove('f1')).toBe(true);
    expect(f.remove('f1')).toBe(false);
  });
});
