// Bad input never crashes, hangs or 500s the server: random paths, methods, media types, bodies
// and query parameters all get a Kubernetes Status with a 4xx code (or succeed), and the server
// keeps answering afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type Kubesim } from '../../src/app.js';
import { SeededRandom } from '../../src/util/random.js';

let sim: Kubesim;
beforeAll(async () => {
  sim = await buildApp({ simulate: false, seed: 5 });
});
afterAll(() => sim.app.close());

// Watches stream until closed, so the legacy /watch/ paths are left to the watch suites.
const PATHS = [
  '/api/v1/namespaces/default/pods', '/api/v1/namespaces/default/pods/x', '/api/v1/namespaces/default/pods/x/status',
  '/api/v1/pods', '/api/v1/nodes', '/api/v1/namespaces/%zz/pods', '/api/v1/namespaces/default/pods/%E0%A4%A',
  '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', '/apis/events.k8s.io/v1/namespaces/default/events/e',
  '/api/v1/namespaces/default/services/x', '/api/v1/namespaces/x', '/api/v1/namespaces/x/finalize', '/apis/nope/v1/x',
  '/api/v2', '/apis', '/api', '/openapi/v3/api/v1',
];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const TYPES = [
  'application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf', 'application/json-patch+json',
  'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml', 'text/plain', '',
];
const QUERIES = [
  '', '?watch=maybe', '?labelSelector=a%20in%20(', '?fieldSelector=spec.foo%3Dx', '?limit=-1', '?limit=x', '?continue=zzz',
  '?resourceVersion=abc', '?resourceVersion=99999999', '?resourceVersionMatch=Exact', '?dryRun=Some', '?fieldValidation=Loose',
  '?timeoutSeconds=-5', '?includeObject=Everything', '?sendInitialEvents=true', '?fieldManager=' + 'x'.repeat(200),
  '?gracePeriodSeconds=abc', '?propagationPolicy=Sometimes', '?force=true',
];

function body(r: SeededRandom): string | Buffer {
  switch (r.int(9)) {
    case 0: return '';
    case 1: return '{';
    case 2: return '[1,2,3]';
    case 3: return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' + r.int(5) }, spec: { containers: 'nope' } });
    case 4: return JSON.stringify({ metadata: { name: 'Bad_Name', labels: { 'a b': 'c' } }, spec: {} });
    case 5: return Buffer.from([0x6b, 0x38, 0x73, 0x00, ...Array.from({ length: 40 }, () => r.int(256))]);
    case 6: return JSON.stringify([{ op: 'replace', path: '/spec/nope/0', value: 1 }]);
    case 7: return 'metadata:\n  name: [unclosed\n';
    default: return JSON.stringify({ metadata: { name: 'ok' + r.int(5) }, spec: { containers: [{ name: 'c', image: 'i' }] }, data: { a: 'b' } });
  }
}

describe('robustness', () => {
  it('answers 1,500 random bad requests with Status errors below 500, then still serves', async () => {
    const r = new SeededRandom(99);
    const codes = new Map<number, number>();
    for (let i = 0; i < 1500; i++) {
      const method = METHODS[r.int(METHODS.length)];
      const url = PATHS[r.int(PATHS.length)] + QUERIES[r.int(QUERIES.length)];
      const payload = method === 'GET' ? undefined : body(r);
      const ct = TYPES[r.int(TYPES.length)];
      const res = await sim.app.inject({
        method, url, payload, headers: ct ? { 'content-type': ct } : {},
      });
      codes.set(res.statusCode, (codes.get(res.statusCode) ?? 0) + 1);
      // The one 5xx a client can cause is the apiserver's own: 504 for a resourceVersion from the future.
      const tooLarge = res.statusCode === 504 && JSON.parse(res.body).details?.causes?.[0]?.reason === 'ResourceVersionTooLarge';
      if (!tooLarge) expect(res.statusCode, `${method} ${url} (${ct}) → ${res.body.slice(0, 300)}`).toBeLessThan(500);
      if (res.statusCode >= 400 && url.startsWith('/api')) {
        const st = JSON.parse(res.body);
        expect(st.kind, `${method} ${url} (${ct}) → ${res.body.slice(0, 300)}`).toBe('Status');
        expect(st.code).toBe(res.statusCode);
        expect(typeof st.reason === 'string' || st.code === 404).toBe(true);
      }
    }
    expect([...codes.keys()].filter((c) => c >= 400).length).toBeGreaterThan(4);
    const ok = await sim.app.inject({ method: 'GET', url: '/api/v1/namespaces/default/pods' });
    expect(ok.statusCode).toBe(200);
  });

  it('a body over 3 MiB is 413 RequestEntityTooLarge', async () => {
    const res = await sim.app.inject({
      method: 'POST', url: '/api/v1/namespaces/default/configmaps', headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ metadata: { name: 'big' }, data: { a: 'x'.repeat(3 * 1024 * 1024 + 10) } }),
    });
    expect(res.statusCode).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge', code: 413 });
  });
});
