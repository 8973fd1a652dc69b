// Fault rules: the --fault syntax, files, and what combinations make sense.
import { describe, expect, it } from 'vitest';
import { FaultRuleError, normalizeRule, parseRuleFlag, parseRulesText } from '../../src/faults/rules.js';

describe('parseRuleFlag', () => {
  it.each([
    ['verb=list,resource=pods,status=429,retryAfter=2,count=1',
      { verbs: ['list'], resource: 'pods', status: 429, retryAfterSeconds: 2, count: 1 }],
    ['verb=get|list,namespace=kube-system,name=x,status=500,p=0.25',
      { verbs: ['get', 'list'], namespace: 'kube-system', name: 'x', status: 500, probability: 0.25 }],
    ['resource=endpointslices.discovery.k8s.io,latency=250ms', { resource: 'endpointslices.discovery.k8s.io', latencyMs: 250 }],
    ['latency=2s,status=504', { latencyMs: 2000, status: 504 }],
    ['latency=40', { latencyMs: 40 }],
    ['resource=pods,closeWatchAfter=3', { resource: 'pods', closeWatchAfter: 3, verbs: ['watch'] }],
    ['expireWatchAfter=0', { expireWatchAfter: 0, verbs: ['watch'] }],
    ['expireContinue', { expireContinue: true, verbs: ['list'] }],
    ['verb=update,status=409,message=someone else won', { verbs: ['update'], status: 409, message: 'someone else won' }],
  ])('%s', (text, rule) => {
    expect(parseRuleFlag(text)).toEqual(rule);
  });

  it.each([
    ['verb=lst,status=500', /unknown verb "lst"/],
    ['status=200', /status must be an HTTP error code/],
    ['status=abc', /status must be a non-negative integer/],
    ['probability=2,status=500', /probability must be between 0 and 1/],
    ['resource=pods', /needs an action/],
    ['status=500,expireContinue', /exclude each other/],
    ['closeWatchAfter=1,expireWatchAfter=1', /exclude each other/],
    ['verb=list,closeWatchAfter=1', /applies to watch only/],
    ['verb=get,expireContinue', /applies to list only/],
    ['latency=fast', /latency must be milliseconds or a duration/],
    ['colour=red,status=500', /unknown fault rule field "colour"/],
    ['count=-1,status=500', /count must be a non-negative integer/],
  ])('rejects %s', (text, message) => {
    expect(() => parseRuleFlag(text)).toThrow(FaultRuleError);
    expect(() => parseRuleFlag(text)).toThrow(message);
  });
});

describe('rule documents', () => {
  it('reads YAML lists, {faults: [...]}, JSON arrays and single rules alike', () => {
    const want = [{ verbs: ['create'], status: 503, retryAfterSeconds: 5 }, { latencyMs: 10 }];
    expect(parseRulesText('- {verb: create, status: 503, retryAfter: 5}\n- {latency: 10ms}\n')).toEqual(want);
    expect(parseRulesText('faults:\n  - verbs: [create]\n    status: 503\n    retryAfterSeconds: 5\n  - latencyMs: 10\n')).toEqual(want);
    expect(parseRulesText(JSON.stringify({ items: [{ verbs: ['create'], status: 503, retryAfterSeconds: 5 }, { latencyMs: 10 }] }))).toEqual(want);
    expect(parseRulesText('{"status": 500}')).toEqual([{ status: 500 }]);
  });

  it('names the rule and file at fault', () => {
    expect(() => parseRulesText('- {status: 500}\n- {status: 99}\n', 'f.yaml')).toThrow('f.yaml: rule 2: status must be an HTTP error code (400-599), got 99');
    expect(() => parseRulesText('[', 'f.yaml')).toThrow(/f\.yaml: not JSON or YAML/);
  });

  it('ignores the id and fired fields the admin API lists, so a listing can be posted back', () => {
    expect(normalizeRule({ id: 'f1', fired: 3, status: 500 })).toEqual({ status: 500 });
  });
});
