// The JSONPath subset of k8s.io/client-go/util/jsonpath that printer columns use (the apiserver
// wraps a column's jsonPath in `{...}` and evaluates it with missing keys allowed): `.a.b`,
// `['a.b']`, `[0]`, `[-1]`, `[1:3]`, `[*]`, `.*`, `..name`, and filters
// `[?(@.type=="Ready")]` with ==, !=, <, <=, >, >= against string, number and boolean literals, or
// `[?(@.x)]` for presence. Behaviour copied from client-go; the parser is ours.
import { fieldError, type FieldError } from '../machinery/status.js';
import { isObject } from './util.js';

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'recursive'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'index'; i: number }
  | { kind: 'slice'; start?: number; end?: number }
  | { kind: 'filter'; path: Step[]; op?: string; value?: unknown };

const cache = new Map<string, Step[] | Error>();

function parseLiteral(s: string): unknown {
  const t = s.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t !== '' && !Number.isNaN(Number(t))) return Number(t);
  return t;
}

function parseBracket(body: string): Step {
  const b = body.trim();
  if (b === '*') return { kind: 'wildcard' };
  if (/^-?\d+$/.test(b)) return { kind: 'index', i: Number(b) };
  const slice = /^(-?\d*):(-?\d*)(?::\d*)?$/.exec(b);
  if (slice) {
    return { kind: 'slice', start: slice[1] ? Number(slice[1]) : undefined, end: slice[2] ? Number(slice[2]) : undefined };
  }
  if ((b.startsWith("'") && b.endsWith("'")) || (b.startsWith('"') && b.endsWith('"'))) return { kind: 'field', name: b.slice(1, -1) };
  const filter = /^\?\(\s*@((?:\.[^\s=!<>]+|\[[^\]]*\])*)\s*(?:(==|!=|<=|>=|<|>)\s*(.+?))?\s*\)$/.exec(b);
  if (filter) {
    return { kind: 'filter', path: parseSteps(filter[1]), op: filter[2], value: filter[3] === undefined ? undefined : parseLiteral(filter[3]) };
  }
  throw new Error(`unrecognized character in action: ${b}`);
}

function parseSteps(src: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '.') {
      const recursive = src[i + 1] === '.';
      i += recursive ? 2 : 1;
      let j = i;
      while (j < src.length && src[j] !== '.' && src[j] !== '[') j++;
      const name = src.slice(i, j);
      i = j;
      if (name === '*') steps.push({ kind: 'wildcard' });
      else if (recursive) steps.push({ kind: 'recursive', name });
      else if (name) steps.push({ kind: 'field', name });
    } else if (c === '[') {
      let depth = 0;
      let j = i;
      for (; j < src.length; j++) {
        if (src[j] === '[') depth++;
        else if (src[j] === ']' && --depth === 0) break;
      }
      if (j >= src.length) throw new Error('unclosed array expect ]');
      steps.push(parseBracket(src.slice(i + 1, j)));
      i = j + 1;
    } else if (c === '$' && i === 0) {
      i++;
    } else {
      let j = i;
      while (j < src.length && src[j] !== '.' && src[j] !== '[') j++;
      steps.push({ kind: 'field', name: src.slice(i, j) });
      i = j;
    }
  }
  return steps;
}

function compile(path: string): Step[] | Error {
  let steps = cache.get(path);
  if (steps === undefined) {
    let src = path.trim();
    if (src.startsWith('{') && src.endsWith('}')) src = src.slice(1, -1);
    try {
      steps = parseSteps(src.trim());
    } catch (e) {
      steps = e as Error;
    }
    cache.set(path, steps);
  }
  return steps;
}

function compare(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    default:
      if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) return false;
      if (op === '<') return (a as number) < (b as number);
      if (op === '<=') return (a as number) <= (b as number);
      if (op === '>') return (a as number) > (b as number);
      return (a as number) >= (b as number);
  }
}

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.keys(v).sort().map((k) => v[k]);
  return [];
}

function descendants(v: unknown, name: string, out: unknown[]): void {
  if (isObject(v) && name in v) out.push(v[name]);
  for (const c of children(v)) descendants(c, name, out);
}

function step(values: unknown[], s: Step): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    switch (s.kind) {
      case 'field':
        if (isObject(v) && s.name in v) out.push(v[s.name]);
        break;
      case 'recursive':
        descendants(v, s.name, out);
        break;
      case 'wildcard':
        out.push(...children(v));
        break;
      case 'index':
        if (Array.isArray(v)) {
          const i = s.i < 0 ? v.length + s.i : s.i;
          if (i >= 0 && i < v.length) out.push(v[i]);
        }
        break;
      case 'slice':
        if (Array.isArray(v)) out.push(...v.slice(s.start ?? 0, s.end ?? v.length));
        break;
      case 'filter':
        for (const item of children(v)) {
          const found = run([item], s.path);
          if (s.op === undefined ? found.length > 0 : found.some((f) => compare(f, s.op!, s.value))) out.push(item);
        }
        break;
    }
  }
  return out;
}

function run(values: unknown[], steps: Step[]): unknown[] {
  let cur = values;
  for (const s of steps) {
    cur = step(cur, s);
    if (cur.length === 0) break;
  }
  return cur;
}

/** Every match of `path` in `obj` (empty when nothing matches or the path does not parse). */
export function evalJSONPathAll(obj: unknown, path: string): unknown[] {
  const steps = compile(path);
  if (steps instanceof Error) return [];
  return run([obj], steps);
}

/** The first match of a printer column's JSONPath, or undefined. */
export function evalJSONPath(obj: unknown, path: string): unknown {
  return evalJSONPathAll(obj, path)[0];
}

/** Whether client-go's parser accepts `{<path>}`. */
export function isValidJSONPath(path: string): boolean {
  return !(compile(path) instanceof Error);
}

/** validateSimpleJSONPath (apiextensions validation.go): `.`-rooted dot paths. */
export function validateSimpleJSONPath(s: string, path: string): FieldError[] {
  if (s.length === 0) return [fieldError.invalid(path, s, 'must not be empty')];
  if (s[0] !== '.') return [fieldError.invalid(path, s, 'must be a simple json path starting with .')];
  return [];
}
