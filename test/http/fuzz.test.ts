// Property-based fuzzing of every served kind (the registry's kind list, read at run time, so kinds
// added later are covered without touching this file): bodies generated from the kind's OpenAPI
// schema — right shapes with odd values, and nulls, wrong types and arrays-for-objects at any
// depth — go through create, update, JSON/merge/strategic patches, server-side apply, list queries
// and delete options. Every answer is a success or a 4xx Status; never a 5xx.
// Reproduce a failure with FUZZ_SEED=<seed printed in the failure> (and FUZZ_RUNS=<n> for more runs).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type Kubesim } from '../../src/app.js';
import type { OpenAPISchema } from '../../src/registry/schema.js';
import type { Strategy } from '../../src/registry/strategy.js';
import { FIXTURES } from '../conformance/fixtures.js';

const SEED = Number(process.env.FUZZ_SEED ?? 15_2026);
/** Runs per property and kind: FUZZ_RUNS, or about 300 per property spread over the served kinds. */
const runsFor = (kinds: number) => Number(process.env.FUZZ_RUNS ?? Math.max(6, Math.round(300 / kinds)));
let RUNS = 20;
/** Generous: the runs are bounded, but a loaded machine can be slow. */
const TIMEOUT = 180_000;
const MAX_DEPTH = 5;

let sim: Kubesim;
beforeAll(async () => {
  sim = await buildApp({ simulate: false, seed: 15 });
});
afterAll(() => sim.app.close());

// ---- the kind's schema, from the served OpenAPI document ----

type Schemas = Record<string, OpenAPISchema>;

function kindSchema(s: Strategy): { schemas: Schemas; root: string } | undefined {
  const gv = s.info.group ? `apis/${s.info.group}/${s.info.version}` : `api/${s.info.version}`;
  const doc = sim.openapi.document(gv);
  if (!doc) return undefined;
  const schemas = (JSON.parse(doc.body.toString('utf8')).components?.schemas ?? {}) as Schemas;
  for (const [name, sch] of Object.entries(schemas)) {
    const gvks = sch['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined;
    if (gvks?.some((g) => g.group === s.info.group && g.version === s.info.version && g.kind === s.info.kind)) return { schemas, root: name };
  }
  return undefined;
}

const refOf = (s: OpenAPISchema) => {
  const r = s.$ref ?? s.allOf?.[0]?.$ref;
  return r?.slice(r.lastIndexOf('/') + 1);
};

/** Values no schema type accepts everywhere: what a confused or hostile client sends. */
const wrong = fc.constantFrom<unknown>(null, '', 'x', 0, -1, 1.5, 2 ** 53, true, [], {}, [null], { a: null }, [[]], [{}], '\u0000');

/** Words the field's description quotes ("IPv4", "TCP", "ClusterIP"): the values validation cares about. */
function quoted(s: OpenAPISchema): string[] {
  return [...(s.description ?? '').matchAll(/"([A-Za-z][A-Za-z0-9.-]{0,30})"/g)].map((m) => m[1]);
}

const STRINGS = ['', 'a', 'web', 'default', 'kubernetes.io/x', '10.0.0.1', 'fd00::1', '0.0.0.0', '127.0.0.1', 'TCP', '1', '-', 'A_B', 'x'.repeat(300)];

function valueArb(schemas: Schemas, s: OpenAPISchema, depth: number): fc.Arbitrary<unknown> {
  const name = refOf(s);
  if (name?.endsWith('.Quantity')) return fc.oneof(fc.constantFrom<unknown>('1', '100m', '1Gi', '-1', 'abc', '', 0, 3), wrong);
  if (name?.endsWith('.IntOrString')) return fc.oneof(fc.constantFrom<unknown>(80, 0, -1, 70000, 'http', '', '80', 'a_b'), wrong);
  if (name?.endsWith('.Time') || name?.endsWith('.MicroTime')) {
    return fc.oneof(fc.constantFrom<unknown>('2026-01-02T03:04:05Z', '2026-01-02T03:04:05.000000Z', 'yesterday', ''), wrong);
  }
  const t = name ? schemas[name] ?? {} : s;
  if (depth >= MAX_DEPTH) return wrong;
  let right: fc.Arbitrary<unknown>;
  if (t.properties) {
    const props = t.properties;
    right = fc.subarray(Object.keys(props), { maxLength: Math.min(Object.keys(props).length, depth === 0 ? 6 : 4) }).chain((keys) =>
      fc.record(Object.fromEntries(keys.map((k) => [k, valueArb(schemas, props[k], depth + 1)]))));
  } else if (typeof t.additionalProperties === 'object') {
    right = fc.dictionary(fc.constantFrom('a', 'b', 'app', 'x/y', 'bad key', ''), valueArb(schemas, t.additionalProperties, depth + 1), { maxKeys: 3 });
  } else if (t.items) {
    right = fc.array(valueArb(schemas, t.items, depth + 1), { maxLength: 3 });
  } else {
    switch (t.type) {
      case 'string': right = fc.oneof(fc.constantFrom(...STRINGS, ...quoted(t)), fc.string({ maxLength: 6 })); break;
      case 'integer': right = fc.oneof(fc.integer({ min: -3, max: 70_000 }), fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 62)); break;
      case 'number': right = fc.double({ noNaN: true, noDefaultInfinity: true }); break;
      case 'boolean': right = fc.boolean(); break;
      default: right = fc.jsonValue({ maxDepth: 2 });
    }
  }
  // null passes the decoder (it is every type's zero value) and reaches defaulting and validation,
  // so it comes often; other wrong types end at the decoder's 400 and come rarely.
  return fc.oneof({ arbitrary: right, weight: 6 }, { arbitrary: fc.constant(null), weight: 2 }, { arbitrary: wrong, weight: 1 });
}

// ---- requests ----

interface KindUnderTest {
  s: Strategy;
  base: string;
  apiVersion: string;
  body: fc.Arbitrary<Record<string, unknown>>;
  /** A name that exists (patched and updated), when one could be created. */
  existing?: string;
  /** The conformance suite has a minimal object of this kind (its base object must then exist). */
  fixture?: boolean;
}

function collectionURL(s: Strategy): string {
  const gv = s.info.group ? `/apis/${s.info.group}/${s.info.version}` : `/api/${s.info.version}`;
  return `${gv}${s.info.namespaced ? '/namespaces/default' : ''}/${s.info.resource}`;
}

async function send(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown,
  contentType = 'application/json'): Promise<LightMyRequestResponse> {
  const body = payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload);
  return sim.app.inject({ method, url, payload: body, headers: body === undefined ? {} : { 'content-type': contentType } });
}

/** A success, or a 4xx Kubernetes Status whose code matches; never a 5xx. */
function expectSane(res: LightMyRequestResponse, what: string): void {
  const detail = `${what} → ${res.statusCode} ${res.body.slice(0, 400)}`;
  const tooLarge = res.statusCode === 504 && /ResourceVersionTooLarge/.test(res.body);
  if (res.statusCode >= 500 && !tooLarge) throw new Error(detail);
  if (res.statusCode >= 400) {
    const st = JSON.parse(res.body);
    if (st.kind !== 'Status' || st.code !== res.statusCode || typeof st.reason !== 'string') throw new Error(`not a Status: ${detail}`);
  }
}

async function kindsUnderTest(): Promise<KindUnderTest[]> {
  const out: KindUnderTest[] = [];
  for (const s of sim.registry.strategies()) {
    if (!s.info.verbs?.includes('create') && s.info.verbs !== undefined) continue;
    const apiVersion = s.info.group ? `${s.info.group}/${s.info.version}` : s.info.version;
    const schema = kindSchema(s);
    const body = schema
      ? (valueArb(schema.schemas, { $ref: schema.root }, 0) as fc.Arbitrary<unknown>).map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : { spec: v }) as Record<string, unknown>)
      : fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });
    const k: KindUnderTest = { s, base: collectionURL(s), apiVersion, body };
    const fixture = FIXTURES.find((f) => f.kind === s.info.kind && f.apiVersion === apiVersion);
    const existing = `fz-base-${s.info.group.split('.')[0] || 'core'}-${s.info.resource}`;
    const res = await send('POST', k.base, { apiVersion, kind: s.info.kind, ...(fixture?.minimal() ?? {}), metadata: { name: existing } });
    if (res.statusCode === 201) k.existing = existing;
    k.fixture = fixture !== undefined;
    out.push(k);
  }
  return out;
}

const names = fc.constantFrom('fz-a', 'fz-b', 'fz-base', 'Bad_Name', 'x'.repeat(260), '');
const withMeta = (k: KindUnderTest, o: Record<string, unknown>, name: string) => ({
  ...o, apiVersion: k.apiVersion, kind: k.s.info.kind,
  metadata: o.metadata && typeof o.metadata === 'object' && !Array.isArray(o.metadata) ? { ...o.metadata, name } : o.metadata ?? { name },
});
const pointers = fc.array(fc.constantFrom('metadata', 'labels', 'spec', 'status', 'ports', 'endpoints', 'containers', 'data',
  'subsets', '0', '1', '-', 'addresses', 'name', 'x', '~1', 'a'), { minLength: 0, maxLength: 4 }).map((p) => `/${p.join('/')}`);

function jsonPatchArb(k: KindUnderTest): fc.Arbitrary<unknown> {
  const op = fc.record({
    op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'nope'),
    path: pointers,
    from: pointers,
    value: fc.oneof(k.body, wrong, fc.jsonValue({ maxDepth: 2 })),
  }, { requiredKeys: ['op', 'path'] });
  return fc.oneof({ arbitrary: fc.array(op, { maxLength: 3 }), weight: 5 }, { arbitrary: wrong, weight: 1 });
}


/** Runs a property; on failure the message carries the seed and the shrunk counterexample. */
async function check<T>(what: string, arb: fc.Arbitrary<T>, run: (v: T) => Promise<void>): Promise<void> {
  const out = await fc.check(fc.asyncProperty(arb, run), { seed: SEED, numRuns: RUNS });
  if (out.failed) {
    const cause = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
    throw new Error(`${what}: ${cause}\n${fc.defaultReportMessage(out) ?? ''}\n(reproduce with FUZZ_SEED=${SEED})`);
  }
}

describe('fuzz: every served kind answers 2xx or a 4xx Status, never 5xx', () => {
  let kinds: KindUnderTest[] = [];
  beforeAll(async () => {
    kinds = await kindsUnderTest();
    RUNS = runsFor(kinds.length);
  });

  it('covers every kind the registry serves', () => {
    expect(kinds.length).toBe(sim.registry.strategies().length);
    expect(kinds.length).toBeGreaterThan(10);
    // The seed objects of the patch and update properties exist for every kind with a fixture.
    expect(kinds.filter((k) => k.fixture && !k.existing).map((k) => k.s.info.kind)).toEqual([]);
  });

  it('create (POST) with generated bodies', async () => {
    for (const k of kinds) {
      await check(`POST ${k.base}`, fc.tuple(k.body, names), async ([o, name]) => {
        const res = await send('POST', k.base, withMeta(k, o, name));
        expectSane(res, `POST ${k.base} ${JSON.stringify(withMeta(k, o, name)).slice(0, 300)}`);
      });
    }
  }, TIMEOUT);

  it('update (PUT) with generated bodies', async () => {
    for (const k of kinds.filter((x) => x.existing)) {
      const url = `${k.base}/${k.existing}`;
      await check(`PUT ${url}`, k.body, async (o) => {
        const res = await send('PUT', url, withMeta(k, o, k.existing!));
        expectSane(res, `PUT ${url} ${JSON.stringify(o).slice(0, 300)}`);
      });
    }
  }, TIMEOUT);

  it('JSON, merge and strategic merge patches', async () => {
    for (const k of kinds.filter((x) => x.existing)) {
      const url = `${k.base}/${k.existing}`;
      const patch = fc.oneof(
        jsonPatchArb(k).map((p) => ['application/json-patch+json', p] as const),
        fc.oneof(k.body, wrong).map((p) => ['application/merge-patch+json', p] as const),
        fc.oneof(k.body, wrong).map((p) => ['application/strategic-merge-patch+json', p] as const),
      );
      await check(`PATCH ${url}`, patch, async ([type, p]) => {
        expectSane(await send('PATCH', url, p, type), `PATCH ${url} (${type}) ${JSON.stringify(p).slice(0, 300)}`);
      });
    }
  }, TIMEOUT);

  it('server-side apply (create and update)', async () => {
    for (const k of kinds) {
      await check(`apply ${k.base}`, fc.tuple(k.body, fc.constantFrom(k.existing ?? 'fz-apply', 'fz-apply'), fc.boolean()), async ([o, name, force]) => {
        const url = `${k.base}/${name}?fieldManager=fuzz${force ? '&force=true' : ''}`;
        const res = await send('PATCH', url, withMeta(k, o, name), 'application/apply-patch+yaml');
        expectSane(res, `apply ${url} ${JSON.stringify(o).slice(0, 300)}`);
      });
    }
  }, TIMEOUT);

  it('list queries and delete options', async () => {
    const word = fc.oneof(fc.constantFrom('', 'a', 'a=b', 'a in (b)', 'a,b', '!a', 'metadata.name=x', 'spec.x=y', '-1', '0', '1',
      'Exact', 'NotOlderThan', 'true', '99999999999', 'zzz', '%', 'Background', 'Orphan', 'All'), fc.string({ maxLength: 6 }));
    const query = fc.dictionary(fc.constantFrom('labelSelector', 'fieldSelector', 'limit', 'continue', 'resourceVersion',
      'resourceVersionMatch', 'timeoutSeconds', 'allowWatchBookmarks', 'pretty', 'dryRun', 'gracePeriodSeconds',
      'propagationPolicy', 'orphanDependents', 'fieldValidation'), word, { maxKeys: 4 });
    const deleteOptions = fc.oneof(fc.record({
      gracePeriodSeconds: fc.oneof(fc.integer({ min: -2, max: 5 }), wrong),
      propagationPolicy: fc.oneof(fc.constantFrom('Background', 'Foreground', 'Orphan', 'x'), wrong),
      preconditions: fc.oneof(fc.record({ uid: fc.oneof(fc.string(), wrong), resourceVersion: fc.oneof(fc.string(), wrong) }, { requiredKeys: [] }), wrong),
      dryRun: fc.oneof(fc.constant(['All']), wrong),
      orphanDependents: fc.oneof(fc.boolean(), wrong),
    }, { requiredKeys: [] }), wrong);
    for (const k of kinds) {
      await check(`queries ${k.base}`, fc.tuple(query, deleteOptions, names), async ([q, opts, name]) => {
        const qs = new URLSearchParams(q as Record<string, string>).toString();
        expectSane(await send('GET', `${k.base}?${qs}`), `GET ${k.base}?${qs}`);
        const url = `${k.base}/${encodeURIComponent(name) || 'x'}?${qs}`;
        expectSane(await send('DELETE', url, opts), `DELETE ${url} ${JSON.stringify(opts)}`);
        expectSane(await send('DELETE', `${k.base}?${qs}`, opts), `DELETE collection ${k.base}?${qs} ${JSON.stringify(opts)}`);
      });
    }
  }, TIMEOUT);

  it('watch queries (over a real connection: a refused watch is a Status, an accepted one streams)', async () => {
    const url = await sim.app.listen({ host: '127.0.0.1', port: 0 });
    const word = fc.oneof(fc.constantFrom('', '0', '1', '-1', 'true', 'false', 'NotOlderThan', 'Exact', '99999999999', 'a=b',
      'a in (', 'metadata.name=x', 'spec.nope=1', 'zzz'), fc.string({ maxLength: 5 }));
    const query = fc.dictionary(fc.constantFrom('labelSelector', 'fieldSelector', 'resourceVersion', 'resourceVersionMatch',
      'sendInitialEvents', 'allowWatchBookmarks', 'timeoutSeconds', 'limit', 'continue'), word, { maxKeys: 4 });
    for (const k of kinds) {
      await check(`watch ${k.base}`, query, async (q) => {
        const qs = new URLSearchParams({ ...(q as Record<string, string>), watch: 'true' }).toString();
        const abort = new AbortController();
        const res = await fetch(`${url}${k.base}?${qs}`, { signal: abort.signal });
        try {
          if (res.status === 200) return;
          const body = await res.text();
          expectSane({ statusCode: res.status, body } as LightMyRequestResponse, `watch ${k.base}?${qs}`);
        } finally {
          abort.abort();
        }
      });
    }
  }, TIMEOUT);
});

describe('nulls decode as Go decodes them, before defaulting and validation', () => {
  const post = async (url: string, body: unknown) => {
    const res = await send('POST', url, body);
    return { code: res.statusCode, body: JSON.parse(res.body) };
  };

  it('a null list element is a zero struct, which validation refuses (422, not 500)', async () => {
    const res = await post('/apis/discovery.k8s.io/v1/namespaces/default/endpointslices',
      { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'nulls' }, addressType: 'IPv4', endpoints: [null] });
    expect(res.code).toBe(422);
    expect(res.body).toMatchObject({
      kind: 'Status', reason: 'Invalid',
      message: 'EndpointSlice.discovery.k8s.io "nulls" is invalid: endpoints[0].addresses: Required value: must contain at least 1 address',
    });
  });

  it('a null field is unset; a null map value is the zero value', async () => {
    const pod = await post('/api/v1/namespaces/default/pods', { metadata: { name: 'nulls' }, spec: null });
    expect(pod.code).toBe(422);
    expect(pod.body.details.causes).toContainEqual(expect.objectContaining({ field: 'spec.containers', reason: 'FieldValueRequired' }));
    const cm = await post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'nulls', labels: { a: null } }, data: { k: null }, binaryData: null });
    expect(cm.code).toBe(201);
    expect(cm.body.metadata.labels).toEqual({ a: '' });
    expect(cm.body.data).toEqual({ k: '' });
    expect(cm.body).not.toHaveProperty('binaryData');
  });

  it('an array where an object belongs is the decoder\'s 400', async () => {
    const res = await post('/api/v1/namespaces/default/services', { metadata: { name: 'nulls' }, spec: { ports: [{ port: 80 }], selector: [] } });
    expect(res.code).toBe(400);
    expect(res.body.message).toBe('Service in version "v1" cannot be handled as a Service: json: cannot unmarshal array into Go struct field ServiceSpec.spec.selector of type map[string]string');
  });
});
