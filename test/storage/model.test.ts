// Model check for the store's list machinery (sorted views merged under writes, the label index,
// consistent snapshots for continue and resourceVersionMatch=Exact): random writes interleaved with
// lists, each compared with a naive model that filters and sorts everything by "namespace/name".
import assert from 'node:assert/strict';
import { expect, it } from 'vitest';
import type { KObject } from '../../src/machinery/types.js';
import { parseLabelSelector } from '../../src/machinery/labels.js';
import { list } from '../../src/registry/list.js';
import type { Strategy } from '../../src/registry/strategy.js';
import { Store } from '../../src/storage/store.js';
import { SeededRandom } from '../../src/util/random.js';

const strategy = {
  info: { group: '', version: 'v1', resource: 'things', kind: 'Thing', namespaced: true, singular: 'thing' },
  nameRule: 'subdomain', tracksGeneration: false, hasStatus: false,
} as unknown as Strategy;
const RES = 'things';

// Namespaces where one is a prefix of another: "a-b/x" sorts before "a/x" as etcd keys do.
const NAMESPACES = ['a', 'a-b', 'a.b', 'ab', 'b'];
const SELECTORS = ['', 'app=x', 'app in (x,y)', 'app=x,tier=web', 'app!=x', 'tier', '!tier', 'app=y,tier notin (db)', 'app=nope'];

function key(o: KObject): string {
  return `${o.metadata.namespace}/${o.metadata.name}`;
}

function check(rounds: number): number {
  const rnd = new SeededRandom(42);
  const pick = <T>(xs: readonly T[]): T => xs[rnd.int(xs.length)];
  const store = new Store({ watchHistory: 500 });
  /** Model: key → object, and per revision the full state (for snapshot checks). */
  const model = new Map<string, KObject>();
  const history = new Map<number, KObject[]>();
  let checks = 0;

  const modelList = (state: Iterable<KObject>, ns: string | undefined, selector: string): string[] => {
    const sel = parseLabelSelector(selector);
    return [...state].filter((o) => (ns === undefined || o.metadata.namespace === ns) && sel.matches(o.metadata.labels))
      .map(key).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  };

  /** One random create, update (same or new labels) or delete, mirrored in the model. */
  const randomWrite = (): void => {
    const ns = pick(NAMESPACES);
    const name = `o${rnd.int(60)}`;
    const labels: Record<string, string> = {};
    if (rnd.int(4)) labels.app = pick(['x', 'y', 'z']);
    if (rnd.int(2)) labels.tier = pick(['web', 'db']);
    const k = `${ns}/${name}`;
    const op = rnd.int(10);
    if (!model.has(k)) {
      store.create(RES, { metadata: { namespace: ns, name, labels } });
    } else if (op < 7) {
      store.update(RES, { metadata: { namespace: ns, name, labels: op < 4 ? { ...model.get(k)!.metadata.labels } : labels } });
    } else {
      store.delete(RES, ns, name);
    }
    const cur = store.get(RES, ns, name);
    if (cur) model.set(k, cur.obj);
    else model.delete(k);
    history.set(store.currentRevision, [...model.values()]);
  };

  for (let r = 0; r < rounds; r++) {
    randomWrite();
    // A read after most writes, so merged views are exercised as much as rebuilt ones.
    if (rnd.int(3) === 0) continue;
    const listNs = rnd.int(3) === 0 ? undefined : pick(NAMESPACES);
    const selector = pick(SELECTORS);
    const got = list(store, strategy, listNs, { labelSelector: selector }).items.map((o) => key(o.obj));
    assert.deepEqual(got, modelList(model.values(), listNs, selector), `round ${r}: list ${listNs ?? '*'} "${selector}"`);
    checks++;

    // Paginate from an older revision still in the log: every page shows that revision.
    if (rnd.int(8) === 0) {
      const at = Math.max(1, store.currentRevision - rnd.int(200));
      const state = history.get(at);
      if (!state) continue;
      const pages: string[] = [];
      let res = list(store, strategy, listNs, { labelSelector: selector, limit: 3, resourceVersion: String(at), resourceVersionMatch: 'Exact' });
      for (;;) {
        pages.push(...res.items.map((o) => key(o.obj)));
        if (!res.continue) break;
        randomWrite();
        res = list(store, strategy, listNs, { labelSelector: selector, limit: 3, continue: res.continue });
      }
      assert.deepEqual(pages, modelList(state, listNs, selector), `round ${r}: paginated list at ${at}`);
      checks++;
    }
  }
  return checks;
}

it('lists, label-index lookups and paginated snapshots agree with a naive model under random writes', () => {
  expect(check(3000)).toBeGreaterThan(1000);
});
