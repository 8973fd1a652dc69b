import { describe, expect, it } from 'vitest';
import { fieldErrorBody, type FieldError } from '../../src/machinery/status.js';
import {
  isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPathSegmentName,
  isValidPortName, isValidPortNum, validateAnnotations, validateFinalizers, validateGenerateName, validateLabels,
  validateNoNewFinalizers, validateObjectMetaName, validateOwnerReferences,
} from '../../src/machinery/validation.js';

const label1123 = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must " +
  "start and end with an alphanumeric character (e.g. 'my-name', or '123-abc', regex used for validation is " +
  "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const subdomain1123 = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
  "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
  "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const label1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an " +
  "alphabetic character, and end with an alphanumeric character (e.g. 'my-name', or 'abc-123', regex used for " +
  "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const keyName = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
  "alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is " +
  "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const labelValue = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and " +
  "must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345', regex used for " +
  "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** Go's field.Error.Error(). */
const text = (errs: FieldError[]): string[] => errs.map((e) => `${e.field}: ${fieldErrorBody(e)}`);

describe('string validators', () => {
  const cases: [string, (v: string) => string[], string, string[]][] = [
    ['IsDNS1123Label', isDNS1123Label, 'my-name', []],
    ['IsDNS1123Label', isDNS1123Label, '123-abc', []],
    ['IsDNS1123Label', isDNS1123Label, 'a'.repeat(63), []],
    ['IsDNS1123Label', isDNS1123Label, 'a'.repeat(64), ['must be no more than 63 characters']],
    ['IsDNS1123Label', isDNS1123Label, 'a.b', ['must not contain dots']],
    ['IsDNS1123Label', isDNS1123Label, '-a', [label1123]],
    ['IsDNS1123Label', isDNS1123Label, 'A', [label1123]],
    ['IsDNS1123Label', isDNS1123Label, '', [label1123]],
    ['IsDNS1123Subdomain', isDNS1123Subdomain, 'a.b-c.d', []],
    ['IsDNS1123Subdomain', isDNS1123Subdomain, 'a'.repeat(254), ['must be no more than 253 characters']],
    ['IsDNS1123Subdomain', isDNS1123Subdomain, 'a..b', [subdomain1123]],
    ['IsDNS1123Subdomain', isDNS1123Subdomain, 'Web', [subdomain1123]],
    ['IsDNS1123Subdomain', isDNS1123Subdomain, 'a_b', [subdomain1123]],
    ['IsDNS1035Label', isDNS1035Label, 'svc-1', []],
    ['IsDNS1035Label', isDNS1035Label, '1svc', [label1035]],
    ['IsDNS1035Label', isDNS1035Label, 'svc-', [label1035]],
    ['IsDNS1035Label', isDNS1035Label, `a${'b'.repeat(63)}`, ['must be no more than 63 characters']],
    ['IsQualifiedName', isQualifiedName, 'app', []],
    ['IsQualifiedName', isQualifiedName, 'My_App.v1', []],
    ['IsQualifiedName', isQualifiedName, 'example.com/app', []],
    ['IsQualifiedName', isQualifiedName, 'kubernetes.io/role', []],
    ['IsQualifiedName', isQualifiedName, '/app', ['prefix part must be non-empty']],
    ['IsQualifiedName', isQualifiedName, 'example.com/', ['name part must be non-empty', keyName]],
    ['IsQualifiedName', isQualifiedName, '', ['name part must be non-empty', keyName]],
    ['IsQualifiedName', isQualifiedName, '_app', [keyName]],
    ['IsQualifiedName', isQualifiedName, 'k'.repeat(64), ['name part must be no more than 63 bytes']],
    ['IsQualifiedName', isQualifiedName, 'Example.com/app', [`prefix part ${subdomain1123}`]],
    ['IsQualifiedName', isQualifiedName, `${'p'.repeat(254)}/a`, ['prefix part must be no more than 253 bytes']],
    ['IsValidLabelValue', isValidLabelValue, '', []],
    ['IsValidLabelValue', isValidLabelValue, 'v1.2_3-x', []],
    ['IsValidLabelValue', isValidLabelValue, '-v', [labelValue]],
    ['IsValidLabelValue', isValidLabelValue, 'a b', [labelValue]],
    ['IsValidLabelValue', isValidLabelValue, 'v'.repeat(64), ['must be no more than 63 bytes']],
    // Lengths are UTF-8 bytes, as in Go: 32 two-byte characters are 64 bytes.
    ['IsValidLabelValue', isValidLabelValue, 'é'.repeat(32), ['must be no more than 63 bytes', labelValue]],
    ['IsValidPortName', isValidPortName, 'http', []],
    ['IsValidPortName', isValidPortName, 'h2c-8080', []],
    ['IsValidPortName', isValidPortName, 'a'.repeat(16), ['must be no more than 15 characters']],
    ['IsValidPortName', isValidPortName, 'HTTP', [
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain at least one letter (a-z)']],
    ['IsValidPortName', isValidPortName, '8080', ['must contain at least one letter (a-z)']],
    ['IsValidPortName', isValidPortName, 'a--b', ['must not contain consecutive hyphens']],
    ['IsValidPortName', isValidPortName, '-ab', ['must not begin or end with a hyphen']],
    ['IsValidPathSegmentName', (v) => isValidPathSegmentName(v), 'Any Name:1', []],
    ['IsValidPathSegmentName', (v) => isValidPathSegmentName(v), '..', ["may not be '..'"]],
    ['IsValidPathSegmentName', (v) => isValidPathSegmentName(v), 'a/b%c', ["may not contain '/'", "may not contain '%'"]],
  ];
  it.each(cases)('%s(%j)', (_name, fn, value, want) => {
    expect(fn(value)).toEqual(want);
  });
});

describe('IsValidPortNum', () => {
  it.each([[0, false], [1, true], [80, true], [65535, true], [65536, false], [-1, false], [8.5, false]])(
    '%d valid=%s', (port, ok) => {
      expect(isValidPortNum(port)).toEqual(ok ? [] : ['must be between 1 and 65535, inclusive']);
    });
});

describe('object names', () => {
  it.each([
    ['web-1', 'subdomain', []],
    ['web.v1', 'subdomain', []],
    ['web.v1', 'label', ['metadata.name: Invalid value: "web.v1": must not contain dots']],
    ['1web', 'dns1035', [`metadata.name: Invalid value: "1web": ${label1035}`]],
    ['.', 'path', ['metadata.name: Invalid value: ".": may not be \'.\'']],
    ['', 'subdomain', ['metadata.name: Required value: name or generateName is required']],
  ] as const)('%j as %s', (name, rule, want) => {
    expect(text(validateObjectMetaName(name, rule, 'metadata.name'))).toEqual(want);
  });

  it('checks generateName as a prefix, tolerating a trailing dash', () => {
    expect(validateGenerateName('web-', 'subdomain', 'metadata.generateName')).toEqual([]);
    expect(validateGenerateName('web-', 'dns1035', 'metadata.generateName')).toEqual([]);
    // The apiserver replaces the last two characters by "a" (quirk kept): "Web-" is checked as "Wea".
    expect(text(validateGenerateName('Web-', 'subdomain', 'metadata.generateName')))
      .toEqual([`metadata.generateName: Invalid value: "Web-": ${subdomain1123}`]);
    expect(validateGenerateName('a/', 'path', 'metadata.generateName')).toHaveLength(1);
  });
});

describe('validateLabels', () => {
  it('reports keys and values against the map path', () => {
    expect(text(validateLabels({ ok: 'fine', 'bad key': 'v', k: 'bad value' }, 'metadata.labels'))).toEqual([
      `metadata.labels: Invalid value: "bad key": ${keyName}`,
      `metadata.labels: Invalid value: "bad value": ${labelValue}`,
    ]);
    expect(validateLabels(undefined, 'metadata.labels')).toEqual([]);
  });
});

describe('validateAnnotations', () => {
  it('compares keys case-insensitively', () => {
    expect(validateAnnotations({ 'Example.COM/Some-Key': 'any value at all: {}' }, 'metadata.annotations')).toEqual([]);
    expect(text(validateAnnotations({ 'a b': '' }, 'metadata.annotations')))
      .toEqual([`metadata.annotations: Invalid value: "a b": ${keyName}`]);
  });
  it('limits keys plus values to 256 KiB', () => {
    expect(validateAnnotations({ k: 'v'.repeat(262143) }, 'metadata.annotations')).toEqual([]);
    expect(text(validateAnnotations({ k: 'v'.repeat(262144) }, 'metadata.annotations')))
      .toEqual(['metadata.annotations: Too long: may not be more than 262144 bytes']);
  });
});

describe('validateOwnerReferences', () => {
  const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1' };
  it('accepts complete references', () => {
    expect(validateOwnerReferences([ref, { ...ref, name: 'rs2', uid: 'u2', controller: true }], 'metadata.ownerReferences'))
      .toEqual([]);
  });
  it('requires apiVersion (with a version), kind, name and uid', () => {
    expect(text(validateOwnerReferences([{ apiVersion: 'apps/', kind: '', name: '', uid: '' }], 'metadata.ownerReferences')))
      .toEqual([
        'metadata.ownerReferences.apiVersion: Invalid value: "apps/": version must not be empty',
        'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
        'metadata.ownerReferences.name: Invalid value: "": must not be empty',
        'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
      ]);
  });
  it('refuses core Events as owners', () => {
    expect(text(validateOwnerReferences([{ apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' }], 'm.o'))).toEqual([
      'm.o: Invalid value: {"apiVersion":"v1","kind":"Event","name":"e","uid":"u"}: /v1, Kind=Event is disallowed from being an owner',
    ]);
  });
  it('allows one controller only', () => {
    const errs = validateOwnerReferences([{ ...ref, controller: true }, { ...ref, kind: 'Job', name: 'j', controller: true }], 'm.o');
    expect(errs).toHaveLength(1);
    expect(errs[0].detail).toBe('Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/rs and Job/j');
  });
});

describe('finalizers', () => {
  it('requires qualified names and forbids orphan with foregroundDeletion', () => {
    expect(validateFinalizers(['kubernetes.io/pvc-protection', 'foregroundDeletion'], 'metadata.finalizers')).toEqual([]);
    expect(text(validateFinalizers(['a b'], 'metadata.finalizers'))).toEqual([`metadata.finalizers: Invalid value: "a b": ${keyName}`]);
    expect(text(validateFinalizers(['orphan', 'foregroundDeletion'], 'metadata.finalizers'))).toEqual([
      'metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set',
    ]);
  });
  it('forbids new finalizers on an object being deleted', () => {
    expect(validateNoNewFinalizers(['a/x'], ['a/x', 'b/y'], 'metadata.finalizers')).toEqual([]);
    expect(text(validateNoNewFinalizers(['a/x', 'c/z', 'b/w'], ['a/x'], 'metadata.finalizers'))).toEqual([
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b/w", "c/z"}',
    ]);
  });
});
