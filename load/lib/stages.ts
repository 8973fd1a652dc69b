// Attribution of V8 CPU-profile samples to the pod pipeline's stages, on two axes:
// WHO did the work (the innermost actor frame on the stack: the POST handler, the simulated
// scheduler or kubelet, the Event recorders, the EndpointSlice / Endpoints controllers, other
// controllers) and WHAT it was (the outermost write-path phase below that actor: decode, defaulting,
// validation, admission, managedFields, store, watch; else a copy or the controller's planning).
// Rules match a frame's url (file) and function name; paths are matched from `src/` on, so the same
// rules fit src/ under tsx and a checkout anywhere.

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber?: number;
  columnNumber?: number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

/** The part of a V8 `Profiler.Profile` the attribution reads. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export const WHO = ['POST handler', 'scheduler', 'kubelet', 'events', 'EndpointSlice ctrl', 'Endpoints ctrl', 'other ctrls', 'GC (V8)', 'other'] as const;
/**
 * http: fastify/node HTTP, routing, body parse, rendering the answer; compare: the write path's
 * no-op and spec-change checks; store: the store's write (freeze, resourceVersion, event log,
 * listeners' bookkeeping); write: the registry's write path outside the named phases (mutate,
 * updateFrom, status isolation); read: get/list through the registry or store; plan: the actor's
 * own code (a controller's planning, the kubelet building status, the scheduler choosing a node);
 * copy: object copies outside those phases.
 */
export const WHAT = ['http', 'decode', 'default', 'validate', 'admission', 'managedFields', 'compare', 'store', 'write', 'watch', 'read', 'plan', 'copy', 'gc', 'other'] as const;
export type Who = (typeof WHO)[number];
export type What = (typeof WHAT)[number];

interface Rule<T> {
  is: T;
  url?: RegExp;
  fn?: RegExp;
}

const src = (p: string) => new RegExp(`/src/${p}`);

/** Innermost match wins: an actor called from another actor's write (a store listener) is that actor's work. */
export const WHO_RULES: Rule<Who>[] = [
  { is: 'events', url: src('simulator/events\\.') },
  { is: 'events', url: src('controllers/recorder\\.') },
  { is: 'scheduler', url: src('simulator/engine\\.'), fn: /^(PodEngine\.)?schedule$/ },
  // The engine's named methods are the kubelet stand-in; its closures (a mutate callback inside
  // schedule) belong to the method around them, and pod-status/stages/scheduler/ipam are the
  // actors' own work, not actors.
  { is: 'kubelet', url: src('simulator/engine\\.'), fn: /^(PodEngine\.)?[A-Za-z_$][\w$]*$/ },
  { is: 'kubelet', url: src('simulator/(index|timeline|node-agent|metrics|logs)\\.') },
  { is: 'EndpointSlice ctrl', url: src('controllers/endpointslice/') },
  { is: 'Endpoints ctrl', url: src('controllers/endpoints/') },
  // Shared controller plumbing (queues, the pod→Service map) belongs to whoever calls it.
  { is: 'other ctrls', url: src('controllers/(?!base\\.|queue\\.|podmap\\.)') },
  { is: 'POST handler', url: src('http/(routes|resources)\\.') },
];

/** Node's and fastify's HTTP machinery: the POST handler's when no actor frame is on the stack. */
const HTTP_INFRA = /node_modules\/(fastify|@fastify|find-my-way|avvio|light-my-request|fast-json-stringify|secure-json-parse|fast-querystring|fast-decode-uri-component|abstract-logging|pino|process-warning|toad-cache|rfdc|ws)\/|^node:(_http|http|net|stream|internal\/(http|stream|streams|net))|^node:internal\/(js_stream|stream_base)|^node:events$/;

/** Phases of the write path: the outermost one below the actor names the sample (but see OVERRIDES). */
export const PHASE_RULES: Rule<What>[] = [
  { is: 'http', url: src('http/body\\.'), fn: /^parse|JSON/ },
  { is: 'http', url: src('http/(render|negotiate)\\.') },
  { is: 'decode', url: src('http/body\\.') },
  { is: 'decode', url: src('registry/writes\\.'), fn: /checkSchema/ },
  { is: 'decode', url: src('registry/schema') },
  { is: 'decode', url: src('registry/objectmeta\\.'), fn: /^checkBody$/ },
  { is: 'admission', url: src('registry/admission\\.') },
  { is: 'validate', url: src('registry/objectmeta\\.'), fn: /^validate/ },
  { is: 'validate', url: src('registry/kinds/'), fn: /validat/i },
  { is: 'validate', url: src('machinery/validation') },
  { is: 'default', url: src('registry/objectmeta\\.'), fn: /^(resetServerOwnedOnCreate|carryOverOnUpdate)$/ },
  { is: 'default', url: src('registry/kinds/'), fn: /prepareFor|default|canonicali[sz]e|normali[sz]e|qosClass/i },
  { is: 'managedFields', url: src('registry/writes\\.'), fn: /trackFields/ },
  { is: 'compare', url: src('registry/writes\\.'), fn: /^(sameObject|specChanged)$/ },
  { is: 'managedFields', url: src('machinery/patch/') },
  { is: 'watch', url: src('storage/watch\\.') },
  { is: 'watch', url: src('http/watch') },
  { is: 'read', url: src('registry/(registry|list)\\.'), fn: /^(get|tryGet|list|count|listByLabels)$/ },
  { is: 'read', url: src('registry/list\\.') },
  { is: 'read', url: src('storage/store\\.'), fn: /^(get|list|listByLabels|count)$/ },
  { is: 'store', url: src('storage/') },
];

/** An inner phase that names the sample although an outer phase encloses it: [outer, inner]. */
const OVERRIDES: ReadonlyArray<readonly [What, What]> = [['store', 'watch'], ['decode', 'http']];

/** Without a write-path phase: an object copy, else the actor's own work. */
const COPY_RULES: Rule<What>[] = [
  { is: 'copy', url: src('util/copy\\.') },
  { is: 'copy', fn: /^(structuredClone|clone|deepFreeze)$/ },
];
const WRITE_RULES: Rule<What>[] = [{ is: 'write', url: src('registry/(writes|registry|patch|delete)\\.') }];
const PLAN_RULES: Rule<What>[] = [{ is: 'plan', url: src('(controllers|simulator)/') }];

function matches<T>(rules: Rule<T>[], f: CallFrame): T | undefined {
  for (const r of rules) {
    if (r.url && !r.url.test(f.url)) continue;
    if (r.fn && !r.fn.test(f.functionName)) continue;
    return r.is;
  }
  return undefined;
}

/** WHO and WHAT of one stack, given root first. */
export function classify(stack: readonly CallFrame[]): { who: Who; what: What } {
  const leaf = stack[stack.length - 1];
  if (leaf?.functionName === '(garbage collector)') return { who: 'GC (V8)', what: 'gc' };
  let actorAt = -1;
  let who: Who = 'other';
  for (let i = stack.length - 1; i >= 0; i--) {
    const w = matches(WHO_RULES, stack[i]);
    if (w) {
      who = w;
      actorAt = i;
      break;
    }
  }
  if (actorAt < 0 && stack.some((f) => HTTP_INFRA.test(f.url))) who = 'POST handler';
  const below = stack.slice(actorAt + 1);
  let what: What | undefined;
  for (const f of below) {
    const p = matches(PHASE_RULES, f);
    if (!p) continue;
    if (what === undefined) what = p;
    else if (OVERRIDES.some(([outer, inner]) => outer === what && inner === p)) what = p;
  }
  if (what === undefined) {
    if (below.some((f) => matches(COPY_RULES, f))) what = 'copy';
    // The registry's own code, when the leaf is in it or right below it (its callbacks are the caller's).
    else if (below.length && matches(WRITE_RULES, below[below.length - 1])) what = 'write';
    else if (below.length > 1 && matches(WRITE_RULES, below[below.length - 2]) && !/\/src\//.test(below[below.length - 1].url)) what = 'write';
    else if (who === 'POST handler' && (actorAt >= 0 || below.some((f) => HTTP_INFRA.test(f.url)))) what = 'http';
    else if (stack.slice(actorAt).some((f) => matches(PLAN_RULES, f))) what = 'plan';
    else what = 'other';
  }
  return { who, what };
}

/** One row of the single-axis table: what issue 16 asks to see per pod. */
export const STAGES = [
  'HTTP (routing, body parse, negotiation, response)', 'decode', 'defaulting', 'validation', 'admission', 'managedFields',
  'store and write path (copies, freeze, resourceVersion, event log)', 'watch encode/fan-out', 'scheduler binding', 'simulated kubelet status writes',
  'Events', 'EndpointSlice controller', 'Endpoints controller', 'other controllers', 'GC (V8)', 'other',
] as const;
export type Stage = (typeof STAGES)[number];

/** The create path is split by phase; every other actor is one stage (watch fan-out apart, whoever wrote). */
export function stageOf(who: Who, what: What): Stage {
  if (who === 'GC (V8)') return 'GC (V8)';
  if (what === 'watch') return 'watch encode/fan-out';
  switch (who) {
    case 'scheduler': return 'scheduler binding';
    case 'kubelet': return 'simulated kubelet status writes';
    case 'events': return 'Events';
    case 'EndpointSlice ctrl': return 'EndpointSlice controller';
    case 'Endpoints ctrl': return 'Endpoints controller';
    case 'other ctrls': return 'other controllers';
    case 'other': return 'other';
    default: break;
  }
  switch (what) {
    case 'http': return 'HTTP (routing, body parse, negotiation, response)';
    case 'decode': return 'decode';
    case 'default': return 'defaulting';
    case 'validate': return 'validation';
    case 'admission': return 'admission';
    case 'managedFields': return 'managedFields';
    case 'compare': case 'store': case 'write': case 'copy': case 'read': return 'store and write path (copies, freeze, resourceVersion, event log)';
    default: return 'other';
  }
}

export interface Attribution {
  /** µs of sampled, non-idle time. */
  totalUs: number;
  idleUs: number;
  byStage: Map<Stage, number>;
  /** `${who}\t${what}` → µs */
  byWhoWhat: Map<string, number>;
  /** Self time by function (`name url:line`) → µs, for the frames that matter most. */
  self: Map<string, number>;
}

/** Sums each sample's time delta into its stage (a sample's time is the delta that follows it). */
export function attribute(profile: CpuProfile): Attribution {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const memo = new Map<number, { who: Who; what: What; stage: Stage } | null>();
  const out: Attribution = { totalUs: 0, idleUs: 0, byStage: new Map(), byWhoWhat: new Map(), self: new Map() };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i];
    const dt = deltas[i + 1] ?? 0;
    let c = memo.get(id);
    if (c === undefined) {
      const stack: CallFrame[] = [];
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) stack.push(byId.get(n)!.callFrame);
      stack.reverse();
      const leaf = stack[stack.length - 1];
      if (leaf.functionName === '(idle)') c = null;
      else {
        const { who, what } = classify(stack);
        c = { who, what, stage: stageOf(who, what) };
      }
      memo.set(id, c);
    }
    if (c === null) {
      out.idleUs += dt;
      continue;
    }
    out.totalUs += dt;
    out.byStage.set(c.stage, (out.byStage.get(c.stage) ?? 0) + dt);
    const k = `${c.who}\t${c.what}`;
    out.byWhoWhat.set(k, (out.byWhoWhat.get(k) ?? 0) + dt);
    const f = byId.get(id)!.callFrame;
    // Line numbers of src/ frames are the transpiled module's (tsx), not the source's: left out.
    const file = f.url.replace(/^.*\/(src|node_modules)\//, '$1/');
    const name = `${f.functionName || '(anonymous)'} ${file}${file.startsWith('src/') || !file ? '' : `:${(f.lineNumber ?? 0) + 1}`}`;
    out.self.set(name, (out.self.get(name) ?? 0) + dt);
  }
  return out;
}

const pct = (v: number, total: number) => `${((100 * v) / Math.max(1, total)).toFixed(1)}%`;
const us = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

/** Markdown: µs per pod and share, by stage; then WHO × WHAT in µs per pod; then the top self frames. */
export function formatAttribution(a: Attribution, pods: number, topSelf = 15): string {
  const lines: string[] = [];
  lines.push('| stage | µs per pod | share |', '|---|---:|---:|');
  for (const s of STAGES) {
    const v = a.byStage.get(s) ?? 0;
    if (v === 0) continue;
    lines.push(`| ${s} | ${us(v / pods)} | ${pct(v, a.totalUs)} |`);
  }
  lines.push(`| **total (busy)** | **${us(a.totalUs / pods)}** | 100% |`, '');
  const whats = WHAT.filter((w) => WHO.some((h) => a.byWhoWhat.has(`${h}\t${w}`)));
  lines.push(`| µs per pod: who \\ what | ${whats.join(' | ')} | total |`, `|---|${whats.map(() => '---:').join('|')}|---:|`);
  for (const h of WHO) {
    const vals = whats.map((w) => a.byWhoWhat.get(`${h}\t${w}`) ?? 0);
    const sum = vals.reduce((x, y) => x + y, 0);
    if (sum === 0) continue;
    lines.push(`| ${h} | ${vals.map((v) => (v ? us(v / pods) : '')).join(' | ')} | ${us(sum / pods)} |`);
  }
  const col = whats.map((w) => WHO.reduce((s, h) => s + (a.byWhoWhat.get(`${h}\t${w}`) ?? 0), 0));
  lines.push(`| **total** | ${col.map((v) => us(v / pods)).join(' | ')} | ${us(a.totalUs / pods)} |`);
  if (topSelf > 0) {
    lines.push('', '| top self time | µs per pod | share |', '|---|---:|---:|');
    for (const [name, v] of [...a.self].sort((x, y) => y[1] - x[1]).slice(0, topSelf)) {
      lines.push(`| \`${name.replace(/\|/g, '\\|')}\` | ${us(v / pods)} | ${pct(v, a.totalUs)} |`);
    }
  }
  return lines.join('\n');
}
