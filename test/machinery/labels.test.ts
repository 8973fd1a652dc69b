import { describe, expect, it } from 'vitest';
import {
  formatLabels, newRequirement, parseLabelSelector, selectorFromLabelSelector, selectorFromSet, type Requirement,
} from '../../src/machinery/labels.js';
import { isStatusError } from '../../src/machinery/status.js';

function parseError(s: string): { code: number; reason?: string; message: string } {
  try {
    parseLabelSelector(s);
  } catch (e) {
    if (!isStatusError(e)) throw e;
    return { code: e.code, reason: e.reason, message: e.status.message ?? '' };
  }
  throw new Error(`expected ${JSON.stringify(s)} to fail`);
}

const keyRegexMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
  "alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is " +
  "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const valueRegexMsg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', " +
  "and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345', regex used " +
  "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('parseLabelSelector: accepted forms', () => {
  const cases: [string, Requirement[], string][] = [
    ['', [], ''],
    ['   ', [], ''],
    ['app=web', [{ key: 'app', operator: 'Equals', values: ['web'] }], 'app=web'],
    ['app==web', [{ key: 'app', operator: 'DoubleEquals', values: ['web'] }], 'app==web'],
    ['app!=web', [{ key: 'app', operator: 'NotEquals', values: ['web'] }], 'app!=web'],
    ['tier in (b,a)', [{ key: 'tier', operator: 'In', values: ['a', 'b'] }], 'tier in (a,b)'],
    ['tier notin (a)', [{ key: 'tier', operator: 'NotIn', values: ['a'] }], 'tier notin (a)'],
    ['tier in (a,a,b)', [{ key: 'tier', operator: 'In', values: ['a', 'b'] }], 'tier in (a,b)'],
    ['app', [{ key: 'app', operator: 'Exists', values: [] }], 'app'],
    ['!app', [{ key: 'app', operator: 'DoesNotExist', values: [] }], '!app'],
    ['gen>5', [{ key: 'gen', operator: 'GreaterThan', values: ['5'] }], 'gen>5'],
    ['gen<10', [{ key: 'gen', operator: 'LessThan', values: ['10'] }], 'gen<10'],
    ['app=', [{ key: 'app', operator: 'Equals', values: [''] }], 'app='],
    ['x in ()', [{ key: 'x', operator: 'In', values: [''] }], 'x in ()'],
    ['x in (a,,b)', [{ key: 'x', operator: 'In', values: ['', 'a', 'b'] }], 'x in (,a,b)'],
    ['x in (,a)', [{ key: 'x', operator: 'In', values: ['', 'a'] }], 'x in (,a)'],
    ['x in (a,)', [{ key: 'x', operator: 'In', values: ['', 'a'] }], 'x in (,a)'],
    // "in" and "notin" are keywords only in operator position.
    ['in=notin', [{ key: 'in', operator: 'Equals', values: ['notin'] }], 'in=notin'],
    ['x in (in,notin)', [{ key: 'x', operator: 'In', values: ['in', 'notin'] }], 'x in (in,notin)'],
    ['example.com/app=web', [{ key: 'example.com/app', operator: 'Equals', values: ['web'] }], 'example.com/app=web'],
    // Whitespace (space, tab, CR, LF) around tokens; requirements come back sorted by key.
    ['  b = 1 ,\ta\n', [
      { key: 'a', operator: 'Exists', values: [] },
      { key: 'b', operator: 'Equals', values: ['1'] },
    ], 'a,b=1'],
    ['app=web,tier notin (a,b),!legacy', [
      { key: 'app', operator: 'Equals', values: ['web'] },
      { key: 'legacy', operator: 'DoesNotExist', values: [] },
      { key: 'tier', operator: 'NotIn', values: ['a', 'b'] },
    ], 'app=web,!legacy,tier notin (a,b)'],
  ];
  it.each(cases)('%j', (input, reqs, str) => {
    const sel = parseLabelSelector(input);
    expect(sel.requirements).toEqual(reqs);
    expect(sel.toString()).toBe(str);
    expect(sel.empty()).toBe(reqs.length === 0);
  });
});

describe('parseLabelSelector: errors are 400 BadRequest with the apiserver wording', () => {
  const cases: [string, string][] = [
    ['app=web,', "found '', expected: identifier after ','"],
    [',app', "found ',', expected: !, identifier, or 'end of string'"],
    ['app=web tier', "found 'tier', expected: ',' or 'end of string'"],
    ['!app=web', "found '=', expected: ',' or 'end of string'"],
    ['app web', "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x=(a)', "unable to parse requirement: found '(', expected: identifier"],
    ['x>a', "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer"],
    ['x>99999999999999999999', 'unable to parse requirement: values[0]: Invalid value: "99999999999999999999": ' +
      "for 'Gt', 'Lt' operators, the value must be an integer"],
    ['x@y=a', `unable to parse requirement: <nil>: Invalid value: "x@y": name part ${keyRegexMsg}`],
    ['a/b/c=x', `unable to parse requirement: <nil>: Invalid value: "a/b/c": a valid label key ${keyRegexMsg}` +
      " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"],
    ['/a', 'unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty'],
    [`${'k'.repeat(64)}=v`, `unable to parse requirement: <nil>: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 bytes`],
    ['x=a@b', `unable to parse requirement: values[0][x]: Invalid value: "a@b": ${valueRegexMsg}`],
    ['x>-1', `unable to parse requirement: values[0][x]: Invalid value: "-1": ${valueRegexMsg}`],
    [`x=${'v'.repeat(64)}`, `unable to parse requirement: values[0][x]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 bytes`],
    // Values are sorted before validation, so the index is the sorted position.
    ['x in (z@z,a)', `unable to parse requirement: values[1][x]: Invalid value: "z@z": ${valueRegexMsg}`],
  ];
  it.each(cases)('%j', (input, message) => {
    expect(parseError(input)).toEqual({ code: 400, reason: 'BadRequest', message });
  });
});

describe('LabelSelector.matches', () => {
  const labels = { app: 'web', tier: 'front', gen: '7', name: 'x' };
  const cases: [string, Record<string, string> | undefined, boolean][] = [
    ['', labels, true],
    ['', undefined, true],
    ['app=web', labels, true],
    ['app==web', labels, true],
    ['app=db', labels, false],
    ['app!=db', labels, true],
    ['missing!=x', labels, true],
    ['app!=web', labels, false],
    ['tier in (front,back)', labels, true],
    ['tier in (back)', labels, false],
    ['missing in (a)', labels, false],
    ['tier notin (back)', labels, true],
    ['missing notin (a)', labels, true],
    ['tier notin (front)', labels, false],
    ['app', labels, true],
    ['missing', labels, false],
    ['!missing', labels, true],
    ['!app', labels, false],
    ['gen>5', labels, true],
    ['gen>7', labels, false],
    ['gen<8', labels, true],
    ['name>1', labels, false],
    ['missing<1', labels, false],
    ['app=web,tier=front', labels, true],
    ['app=web,tier=back', labels, false],
    ['app', undefined, false],
    ['!app', undefined, true],
  ];
  it.each(cases)('%j on %j → %s', (sel, l, want) => {
    expect(parseLabelSelector(sel).matches(l)).toBe(want);
  });

  it('compares Gt/Lt as 64-bit integers', () => {
    expect(parseLabelSelector('n>9007199254740992').matches({ n: '9007199254740993' })).toBe(true);
  });
});

describe('selectorFromSet (labels.SelectorFromSet)', () => {
  it('matches everything for an undefined or empty set', () => {
    for (const set of [undefined, {}]) {
      const s = selectorFromSet(set);
      expect(s.empty()).toBe(true);
      expect(s.matches({ any: 'thing' })).toBe(true);
      expect(s.toString()).toBe('');
    }
  });
  it('builds sorted Equals requirements without validating them', () => {
    const s = selectorFromSet({ tier: 'front', app: 'web', 'bad key': 'x' });
    expect(s.toString()).toBe('app=web,bad key=x,tier=front');
    expect(s.matches({ app: 'web', tier: 'front', 'bad key': 'x', extra: '1' })).toBe(true);
    expect(s.matches({ app: 'web' })).toBe(false);
  });
});

describe('selectorFromLabelSelector (metav1.LabelSelectorAsSelector)', () => {
  it('matches nothing for a missing selector and everything for an empty one', () => {
    const none = selectorFromLabelSelector(undefined);
    expect(none.matches({})).toBe(false);
    expect(none.empty()).toBe(false);
    expect(none.toString()).toBe('');
    expect(selectorFromLabelSelector(null).matches({ a: 'b' })).toBe(false);
    const all = selectorFromLabelSelector({});
    expect(all.empty()).toBe(true);
    expect(all.matches({ a: 'b' })).toBe(true);
  });
  it('combines matchLabels and matchExpressions', () => {
    const s = selectorFromLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }, { key: 'canary', operator: 'DoesNotExist' }],
    });
    expect(s.toString()).toBe('app=web,!canary,tier notin (db)');
    expect(s.matches({ app: 'web', tier: 'front' })).toBe(true);
    expect(s.matches({ app: 'web', tier: 'db' })).toBe(false);
    expect(s.matches({ app: 'web', canary: '1' })).toBe(false);
  });
  const errors: [unknown, string][] = [
    [{ matchExpressions: [{ key: 'a', operator: 'Foo' }] }, '"Foo" is not a valid label selector operator'],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
      "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      'values: Invalid value: ["x"]: values set must be empty for exists and does not exist'],
    [{ matchLabels: { 'a b': 'x' } }, `key: Invalid value: "a b": name part ${keyRegexMsg}`],
  ];
  it.each(errors)('rejects %j', (ls, message) => {
    expect(() => selectorFromLabelSelector(ls as never)).toThrowError(message);
  });
});

describe('newRequirement', () => {
  it('aggregates several errors as [a, b]', () => {
    expect(() => newRequirement('k', 'Equals', ['a', 'b'])).toThrowError(
      'values: Invalid value: ["a","b"]: exact-match compatibility requires one single value');
    expect(() => newRequirement('k', 'GreaterThan', ['x', 'y'])).toThrowError(
      '[values: Invalid value: ["x","y"]: for \'Gt\', \'Lt\' operators, exactly one value is required, ' +
      'values[0]: Invalid value: "x": for \'Gt\', \'Lt\' operators, the value must be an integer, ' +
      'values[1]: Invalid value: "y": for \'Gt\', \'Lt\' operators, the value must be an integer]');
  });
});

describe('formatLabels', () => {
  it.each([
    [undefined, '<none>'],
    [{}, '<none>'],
    [{ b: '2', a: '1' }, 'a=1,b=2'],
  ])('%j → %s', (set, want) => {
    expect(formatLabels(set)).toBe(want);
  });
});
