// Label selectors: the string grammar of k8s.io/apimachinery labels.Parse (lexer, parser, error
// wording and quirks copied from the apiserver), requirement matching, and the two structured forms
// (Service.spec.selector maps and metav1.LabelSelector).
import { badRequest, fieldErrorBody, type FieldError, fieldError } from './status.js';
import { isQualifiedName, isValidLabelValue } from './validation.js';

export type Operator =
  | 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Equals' | 'DoubleEquals' | 'NotEquals' | 'GreaterThan' | 'LessThan';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export interface LabelSelector {
  /** Sorted by key, as the apiserver keeps them. */
  requirements: Requirement[];
  /** True when the selector does not restrict anything (matches every object). */
  empty(): boolean;
  matches(labels: Record<string, string> | undefined): boolean;
  toString(): string;
}

// ---- requirements ----

/** Go's strconv.ParseInt(s, 10, 64). */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : undefined;
}

/** A field.Error printed the Go way: "<path>: <body>", where a nil path prints as "<nil>". */
function goFieldError(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** utilerrors.Aggregate: one message alone, several (deduplicated) as "[a, b]". */
function aggregate(errs: FieldError[]): string | undefined {
  const msgs = [...new Set(errs.map(goFieldError))];
  if (msgs.length === 0) return undefined;
  return msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
}

const child = (path: string | undefined, name: string): string => (path === undefined ? name : `${path}.${name}`);

function keyError(key: string, path: string): FieldError | undefined {
  const errs = isQualifiedName(key);
  return errs.length ? fieldError.invalid(path, key, errs.join('; ')) : undefined;
}

function operatorErrors(op: Operator, values: string[], valuesPath: string): FieldError[] {
  switch (op) {
    case 'In':
    case 'NotIn':
      // An empty Go slice built by append(nil, ...) is nil and prints as null.
      return values.length === 0 ? [fieldError.invalid(valuesPath, null, "for 'in', 'notin' operators, values set can't be empty")] : [];
    case 'Equals':
    case 'DoubleEquals':
    case 'NotEquals':
      return values.length !== 1 ? [fieldError.invalid(valuesPath, values, 'exact-match compatibility requires one single value')] : [];
    case 'Exists':
    case 'DoesNotExist':
      return values.length !== 0 ? [fieldError.invalid(valuesPath, values, 'values set must be empty for exists and does not exist')] : [];
    case 'GreaterThan':
    case 'LessThan': {
      const errs: FieldError[] = [];
      if (values.length !== 1) errs.push(fieldError.invalid(valuesPath, values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(fieldError.invalid(`${valuesPath}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      });
      return errs;
    }
  }
}

/**
 * labels.NewRequirement: validates key, operator arity and values. Returns the Go error text (an
 * aggregate of field errors) instead of throwing, so callers can wrap it as the apiserver does.
 * `path` undefined stands for Go's nil *field.Path.
 */
export function checkRequirement(key: string, operator: Operator, values: string[], path?: string): string | undefined {
  const errs: FieldError[] = [];
  const ke = keyError(key, child(path, 'key'));
  if (ke) errs.push(ke);
  const valuesPath = child(path, 'values');
  errs.push(...operatorErrors(operator, values, valuesPath));
  values.forEach((v, i) => {
    const ve = isValidLabelValue(v);
    if (ve.length) errs.push(fieldError.invalid(`${valuesPath}[${i}][${key}]`, v, ve.join('; ')));
  });
  return aggregate(errs);
}

/** Builds a validated requirement; invalid input is a 400 BadRequest with the Go message. */
export function newRequirement(key: string, operator: Operator, values: string[]): Requirement {
  const err = checkRequirement(key, operator, values);
  if (err) throw badRequest(err);
  return { key, operator, values: [...values] };
}

export function requirementMatches(r: Requirement, labels: Record<string, string> | undefined): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
  const val = has ? String(labels[r.key]) : undefined;
  switch (r.operator) {
    case 'In':
    case 'Equals':
    case 'DoubleEquals':
      return val !== undefined && r.values.includes(val);
    case 'NotIn':
    case 'NotEquals':
      return val === undefined || !r.values.includes(val);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'GreaterThan':
    case 'LessThan': {
      if (val === undefined || r.values.length !== 1) return false;
      const lv = parseInt64(val);
      const rv = parseInt64(r.values[0]);
      if (lv === undefined || rv === undefined) return false;
      return r.operator === 'GreaterThan' ? lv > rv : lv < rv;
    }
  }
}

const opText: Record<Operator, string> = {
  Equals: '=', DoubleEquals: '==', NotEquals: '!=', In: ' in ', NotIn: ' notin ', GreaterThan: '>', LessThan: '<',
  Exists: '', DoesNotExist: '',
};

export function requirementString(r: Requirement): string {
  const prefix = r.operator === 'DoesNotExist' ? '!' : '';
  if (r.operator === 'Exists' || r.operator === 'DoesNotExist') return `${prefix}${r.key}`;
  const vals = r.values.length === 1 ? r.values[0] : [...r.values].sort().join(',');
  const set = r.operator === 'In' || r.operator === 'NotIn';
  return `${r.key}${opText[r.operator]}${set ? `(${vals})` : vals}`;
}

// ---- selectors ----

function byKey(reqs: Requirement[]): Requirement[] {
  return [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A selector made of requirements (labels.internalSelector); no requirements = everything. */
export function selectorOf(requirements: Requirement[]): LabelSelector {
  const reqs = byKey(requirements);
  return {
    requirements: reqs,
    empty: () => reqs.length === 0,
    matches: (labels) => reqs.every((r) => requirementMatches(r, labels)),
    toString: () => reqs.map(requirementString).join(','),
  };
}

/** Matches every object. */
export function everything(): LabelSelector {
  return selectorOf([]);
}

/** Matches no object (labels.Nothing); not "empty", prints as "". */
export function nothing(): LabelSelector {
  return { requirements: [], empty: () => false, matches: () => false, toString: () => '' };
}

/**
 * labels.SelectorFromSet: one Equals requirement per entry, without validation. Note: as in Go, an
 * undefined or empty set matches EVERYTHING. The EndpointSlice/Endpoints controllers must treat a
 * Service without selector as "no managed endpoints" themselves before calling this.
 */
export function selectorFromSet(set: Record<string, string> | undefined): LabelSelector {
  const entries = Object.entries(set ?? {});
  return selectorOf(entries.map(([key, v]) => ({ key, operator: 'Equals', values: [String(v)] })));
}

export interface LabelSelectorRequirementJSON {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelectorJSON {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirementJSON[];
}

const exprOps: Record<string, Operator> = { In: 'In', NotIn: 'NotIn', Exists: 'Exists', DoesNotExist: 'DoesNotExist' };

/**
 * metav1.LabelSelectorAsSelector: undefined/null matches nothing, an empty selector matches
 * everything. Invalid content throws a 400 BadRequest carrying the Go error text.
 */
export function selectorFromLabelSelector(ls: LabelSelectorJSON | undefined | null): LabelSelector {
  if (ls === undefined || ls === null) return nothing();
  const labels = Object.entries(ls.matchLabels ?? {});
  const exprs = ls.matchExpressions ?? [];
  if (labels.length + exprs.length === 0) return everything();
  const reqs = labels.map(([k, v]) => newRequirement(k, 'Equals', [String(v)]));
  for (const e of exprs) {
    const op = exprOps[e.operator];
    if (!op) throw badRequest(`${JSON.stringify(e.operator)} is not a valid label selector operator`);
    reqs.push(newRequirement(e.key, op, [...(e.values ?? [])]));
  }
  return selectorOf(reqs);
}

/** labels.FormatLabels: "k=v,k2=v2" sorted, or "<none>". */
export function formatLabels(set: Record<string, string> | undefined): string {
  const s = Object.entries(set ?? {}).map(([k, v]) => `${k}=${v}`).sort().join(',');
  return s === '' ? '<none>' : s;
}

// ---- the string grammar (labels.Parse) ----
//
//   selector    ::= requirement | requirement "," selector
//   requirement ::= [!] KEY [ ("in" | "notin") "(" VALUES ")" | ("=" | "==" | "!=" | ">" | "<") VALUE ]
//
// Whitespace (space, tab, CR, LF) separates tokens. "in"/"notin" are keywords only where an
// operator is expected, so they are valid keys and values. Errors keep the Go wording.

const enum Tok {
  Error, EndOfString, ClosedPar, Comma, DoesNotExist, DoubleEquals, Equals, GreaterThan, Identifier, In, LessThan,
  NotEquals, NotIn, OpenPar,
}

const literalTokens: Record<string, Tok> = {
  ')': Tok.ClosedPar, ',': Tok.Comma, '!': Tok.DoesNotExist, '==': Tok.DoubleEquals, '=': Tok.Equals,
  '>': Tok.GreaterThan, in: Tok.In, '<': Tok.LessThan, '!=': Tok.NotEquals, notin: Tok.NotIn, '(': Tok.OpenPar,
};

const lookupToken = (s: string): Tok | undefined =>
  Object.prototype.hasOwnProperty.call(literalTokens, s) ? literalTokens[s] : undefined;

interface Item {
  tok: Tok;
  lit: string;
}

const isWhitespace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string): boolean => '=!(),><'.includes(c) && c !== '';

/** The Go lexer reads byte by byte and treats a NUL (or the end) as "no character". */
function lex(s: string): Item[] {
  let pos = 0;
  const read = (): string => (pos < s.length ? s[pos++] : '\0');
  const items: Item[] = [];
  for (;;) {
    let c = read();
    while (isWhitespace(c)) c = read();
    if (c === '\0') {
      items.push({ tok: Tok.EndOfString, lit: '' });
      return items;
    }
    pos--;
    items.push(isSpecial(c) ? scanSpecial() : scanIdentifier());
  }

  function scanIdentifier(): Item {
    let buf = '';
    for (;;) {
      const c = read();
      if (c === '\0') break;
      if (isSpecial(c) || isWhitespace(c)) {
        pos--;
        break;
      }
      buf += c;
    }
    return { tok: lookupToken(buf) ?? Tok.Identifier, lit: buf };
  }

  // Longest run of symbols that still forms an operator: "!=" vs "!", "==" vs "=".
  function scanSpecial(): Item {
    let buf = '';
    let last: Item | undefined;
    for (;;) {
      const c = read();
      if (c === '\0') break;
      if (!isSpecial(c)) {
        pos--;
        break;
      }
      buf += c;
      const t = lookupToken(buf);
      if (t !== undefined) last = { tok: t, lit: buf };
      else if (last) {
        pos--;
        break;
      }
    }
    return last ?? { tok: Tok.Error, lit: `error expected: keyword found '${buf}'` };
  }
}

const binaryOperators = 'in, notin, =, ==, !=, gt, lt';
const operatorTokens: Partial<Record<Tok, Operator>> = {
  [Tok.In]: 'In', [Tok.Equals]: 'Equals', [Tok.DoubleEquals]: 'DoubleEquals', [Tok.GreaterThan]: 'GreaterThan',
  [Tok.LessThan]: 'LessThan', [Tok.NotIn]: 'NotIn', [Tok.NotEquals]: 'NotEquals',
};

class Parser {
  private position = 0;
  constructor(private readonly items: Item[]) {}

  /** In value position "in" and "notin" are plain identifiers. */
  private peek(values: boolean): Item {
    const it = this.items[this.position];
    return values && (it.tok === Tok.In || it.tok === Tok.NotIn) ? { tok: Tok.Identifier, lit: it.lit } : it;
  }

  private next(values: boolean): Item {
    const it = this.peek(values);
    this.position++;
    return it;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.peek(true);
      if (tok === Tok.EndOfString) return reqs;
      if (tok !== Tok.Identifier && tok !== Tok.DoesNotExist) {
        throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
      try {
        reqs.push(this.requirement());
      } catch (e) {
        throw new Error(`unable to parse requirement: ${(e as Error).message}`);
      }
      const after = this.next(true);
      if (after.tok === Tok.EndOfString) return reqs;
      if (after.tok !== Tok.Comma) throw new Error(`found '${after.lit}', expected: ',' or 'end of string'`);
      const following = this.peek(true);
      if (following.tok !== Tok.Identifier && following.tok !== Tok.DoesNotExist) {
        throw new Error(`found '${following.lit}', expected: identifier after ','`);
      }
    }
  }

  private requirement(): Requirement {
    let tok = this.next(true);
    let operator: Operator | undefined;
    if (tok.tok === Tok.DoesNotExist) {
      operator = 'DoesNotExist';
      tok = this.next(true);
    }
    if (tok.tok !== Tok.Identifier) throw new Error(`found '${tok.lit}', expected: identifier`);
    const key = tok.lit;
    const ke = keyError(key, '<nil>');
    if (ke) throw new Error(goFieldError(ke));
    const la = this.peek(true).tok;
    if (operator === undefined && (la === Tok.EndOfString || la === Tok.Comma)) operator = 'Exists';
    if (operator !== undefined) return this.build(key, operator, []);
    const op = this.operator();
    const values = op === 'In' || op === 'NotIn' ? this.valueSet() : this.exactValue();
    // sets.String.List(): values are deduplicated and sorted before the requirement is built.
    return this.build(key, op, [...new Set(values)].sort());
  }

  private build(key: string, operator: Operator, values: string[]): Requirement {
    const err = checkRequirement(key, operator, values);
    if (err) throw new Error(err);
    return { key, operator, values };
  }

  private operator(): Operator {
    const { tok, lit } = this.next(false);
    const op = operatorTokens[tok];
    if (!op) throw new Error(`found '${lit}', expected: ${binaryOperators}`);
    return op;
  }

  private valueSet(): string[] {
    const open = this.next(true);
    if (open.tok !== Tok.OpenPar) throw new Error(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.peek(true);
    if (tok === Tok.ClosedPar) {
      this.next(true);
      return [''];
    }
    if (tok !== Tok.Identifier && tok !== Tok.Comma) throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
    const values = this.identifierList();
    if (this.next(true).tok !== Tok.ClosedPar) throw new Error(`found '${lit}', expected: ')'`);
    return values;
  }

  /** "(a,,b)", "(,a)" and "(a,)" all include the empty value. */
  private identifierList(): string[] {
    const values: string[] = [];
    for (;;) {
      const { tok, lit } = this.next(true);
      if (tok === Tok.Identifier) {
        values.push(lit);
        const la = this.peek(true);
        if (la.tok === Tok.Comma) continue;
        if (la.tok === Tok.ClosedPar) return values;
        throw new Error(`found '${la.lit}', expected: ',' or ')'`);
      }
      if (tok !== Tok.Comma) throw new Error(`found '${lit}', expected: ',', or identifier`);
      if (values.length === 0) values.push('');
      const la = this.peek(true).tok;
      if (la === Tok.ClosedPar) {
        values.push('');
        return values;
      }
      if (la === Tok.Comma) values.push('');
    }
  }

  private exactValue(): string[] {
    const la = this.peek(true).tok;
    if (la === Tok.EndOfString || la === Tok.Comma) return [''];
    const { tok, lit } = this.next(true);
    if (tok === Tok.Identifier) return [lit];
    throw new Error(`found '${lit}', expected: identifier`);
  }
}

/** The requirements of a selector string, or throws a plain Error with the Go message. */
export function parseRequirements(s: string): Requirement[] {
  return new Parser(lex(s)).parse();
}

/** labels.Parse for the labelSelector query parameter; malformed input is a 400 BadRequest. */
export function parseLabelSelector(s: string): LabelSelector {
  try {
    return selectorOf(parseRequirements(s));
  } catch (e) {
    throw badRequest((e as Error).message);
  }
}
