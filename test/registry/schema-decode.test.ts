// The Go decoder texts kubesim reproduces for values the apiserver cannot decode.
import { describe, expect, it } from 'vitest';
import {
  base64Error, jsonKind, jsonKindForInteger, quantityError, timeError, unmarshalError,
} from '../../src/registry/schema-decode.js';

const FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

describe('resource.Quantity', () => {
  it.each(['100m', '1.5Gi', '2', '0', '+1', '-1k', '1e3', '1E-2', '.5', '1.', 'Mi', ' 1Gi ', 0.5, 3, -2])(
    'accepts %j', (v) => expect(quantityError(v)).toBeUndefined());
  it.each([
    ['', FORMAT_WRONG], ['abc', FORMAT_WRONG], ['1Qi', FORMAT_WRONG], ['1.2.3', FORMAT_WRONG], ['1 Gi', FORMAT_WRONG],
    [true, FORMAT_WRONG], [{}, FORMAT_WRONG], ['1ki', "unable to parse quantity's suffix"],
    ['1e', "unable to parse quantity's suffix"], ['5mm', "unable to parse quantity's suffix"],
  ])('rejects %j', (v, msg) => expect(quantityError(v)).toBe(msg));
});

describe('metav1.Time and MicroTime (time.Parse with RFC 3339 layouts)', () => {
  const L = '"2006-01-02T15:04:05Z07:00"';
  it.each(['2024-01-01T00:00:00Z', '2024-02-29T23:59:59+01:00', '2024-01-01T00:00:00.5Z', '2024-01-01T1:02:03Z'])(
    'Time accepts %s', (v) => expect(timeError(v)).toBeUndefined());
  it.each([
    ['x', `parsing time "x" as ${L}: cannot parse "x" as "2006"`],
    ['2024-01-01', `parsing time "2024-01-01" as ${L}: cannot parse "" as "T"`],
    ['2024-01-01 00:00:00Z', `parsing time "2024-01-01 00:00:00Z" as ${L}: cannot parse " 00:00:00Z" as "T"`],
    ['2024-01-01T00:00:00', `parsing time "2024-01-01T00:00:00" as ${L}: cannot parse "" as "Z07:00"`],
    ['2024-13-01T00:00:00Z', 'parsing time "2024-13-01T00:00:00Z": month out of range'],
    ['2023-02-29T00:00:00Z', 'parsing time "2023-02-29T00:00:00Z": day out of range'],
    ['2024-01-01T24:00:00Z', 'parsing time "2024-01-01T24:00:00Z": hour out of range'],
    ['2024-01-01T00:00:00Zjunk', 'parsing time "2024-01-01T00:00:00Zjunk": extra text: "junk"'],
    [5, 'json: cannot unmarshal number into Go value of type string'],
  ])('Time rejects %j', (v, msg) => expect(timeError(v)).toBe(msg));
  it('MicroTime needs exactly six fractional digits, like RFC3339Micro', () => {
    expect(timeError('2024-01-01T00:00:00.123456Z', true)).toBeUndefined();
    expect(timeError('2024-01-01T00:00:00Z', true)).toBe(
      'parsing time "2024-01-01T00:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"');
  });
});

describe('[]byte fields (padded base64, newlines skipped)', () => {
  it.each(['', 'YWJj', 'YW==', 'YWI=', 'YWJj\nZGVm', 'YWJjZA==\n'])('accepts %j', (v) => expect(base64Error(v)).toBeUndefined());
  it.each([
    ['abc!', 3], ['YWJ', 0], ['Y===', 1], ['YQ=', 3], ['YWJjZA==x', 8], ['YW=j', 2], ['héllo===', 1],
  ])('rejects %j at byte %i', (v, at) => expect(base64Error(v)).toBe(`illegal base64 data at input byte ${at}`));
});

describe('encoding/json UnmarshalTypeError', () => {
  it.each([['s', 'string'], [1, 'number'], [true, 'bool'], [[], 'array'], [{}, 'object']])(
    'names %j as %s', (v, kind) => expect(jsonKind(v)).toBe(kind));
  it('quotes the literal of a number that does not fit an integer', () => {
    expect(jsonKindForInteger(1.5)).toBe('number 1.5');
    expect(jsonKindForInteger('80')).toBe('string');
  });
  it('names the struct and the JSON field path, or just the Go value at the top', () => {
    expect(unmarshalError('string', 'int32', 'ServicePort', 'spec.ports.port'))
      .toBe('json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32');
    expect(unmarshalError('array', 'v1.Pod')).toBe('json: cannot unmarshal array into Go value of type v1.Pod');
  });
});
