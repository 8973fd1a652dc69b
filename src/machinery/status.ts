// Every API error is a Kubernetes Status built here. Reasons, codes and message wording follow
// k8s.io/apimachinery/pkg/api/errors and pkg/util/validation/field (behaviour copied from the apiserver).

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** Thrown anywhere below HTTP; the one Fastify error handler serialises `status`. */
export class StatusError extends Error {
  readonly status: Status;
  constructor(status: Status) {
    super(status.message ?? status.reason ?? 'error');
    this.status = status;
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): string | undefined {
    return this.status.reason;
  }
}

export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError;
}

function failure(code: number, reason: string, message: string, details?: StatusDetails): StatusError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) status.details = details;
  return new StatusError(status);
}

/** `pods` or `endpointslices.discovery.k8s.io`: how Go's GroupResource prints. */
export function qualifiedResource(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

function gd(group: string, details: StatusDetails): StatusDetails {
  return group ? { ...details, group } : details;
}

export function notFound(resource: string, group: string, name: string): StatusError {
  return failure(404, 'NotFound', `${qualifiedResource(resource, group)} ${JSON.stringify(name)} not found`,
    gd(group, { name, kind: resource }));
}

export function alreadyExists(resource: string, group: string, name: string): StatusError {
  return failure(409, 'AlreadyExists', `${qualifiedResource(resource, group)} ${JSON.stringify(name)} already exists`,
    gd(group, { name, kind: resource }));
}

export function conflict(resource: string, group: string, name: string, why?: string): StatusError {
  const detail = why ?? 'the object has been modified; please apply your changes to the latest version and try again';
  return failure(409, 'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(resource, group)} ${JSON.stringify(name)}: ${detail}`,
    gd(group, { name, kind: resource }));
}

/** A conflict whose message is given whole (server-side apply field conflicts). */
export function conflictMessage(message: string, details: StatusDetails): StatusError {
  return failure(409, 'Conflict', message, details);
}

export function badRequest(message: string): StatusError {
  return failure(400, 'BadRequest', message);
}

export function unauthorized(message = 'Unauthorized'): StatusError {
  return failure(401, 'Unauthorized', message);
}

export function forbidden(resource: string, group: string, name: string, why: string, causes?: StatusCause[]): StatusError {
  const subject = name ? `${qualifiedResource(resource, group)} ${JSON.stringify(name)}` : qualifiedResource(resource, group);
  const details: StatusDetails = gd(group, { name, kind: resource });
  if (causes) details.causes = causes;
  return failure(403, 'Forbidden', `${subject} is forbidden: ${why}`, details);
}

export function methodNotAllowed(verb: string, resource: string): StatusError {
  return failure(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind ${JSON.stringify(resource)}`);
}

export function notAcceptable(accepted: string[]): StatusError {
  return failure(406, 'NotAcceptable', `only the following media types are accepted: ${accepted.join(', ')}`);
}

export function expired(message: string): StatusError {
  return failure(410, 'Expired', message);
}

export function gone(message: string): StatusError {
  return failure(410, 'Gone', message);
}

export function requestEntityTooLarge(message: string): StatusError {
  return failure(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`);
}

export function unsupportedMediaType(accepted: string[]): StatusError {
  return failure(415, 'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
}

export function tooManyRequests(message: string, retryAfterSeconds: number): StatusError {
  return failure(429, 'TooManyRequests', message, { retryAfterSeconds });
}

export function internalError(message: string): StatusError {
  return failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
}

export function serviceUnavailable(message: string): StatusError {
  return failure(503, 'ServiceUnavailable', message);
}

export function timeout(message: string, causes?: StatusCause[]): StatusError {
  return failure(504, 'Timeout', `Timeout: ${message}`, causes ? { causes } : undefined);
}

/** A Status with an arbitrary code and reason, e.g. for fault injection. */
export function statusWithCode(code: number, reason: string, message: string, details?: StatusDetails): StatusError {
  return failure(code, reason, message, details);
}

export function success(details?: StatusDetails): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  if (details) s.details = details;
  return s;
}

// ---- field errors (k8s.io/apimachinery/pkg/util/validation/field) ----

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

const typeText: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** Marker for "no bad value to print" (Go's omitValue). */
export const OMIT = Symbol('omit');

export interface FieldError {
  type: FieldErrorType;
  field: string;
  badValue?: unknown;
  detail?: string;
}

function printValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === null || v === undefined) return 'null';
  return JSON.stringify(v);
}

/** The part after "<field>: " in Go's field.Error.Error(). */
export function fieldErrorBody(e: FieldError): string {
  let s = typeText[e.type];
  const valueless = e.type === 'FieldValueRequired' || e.type === 'FieldValueForbidden' ||
    e.type === 'FieldValueTooLong' || e.type === 'InternalError' || e.badValue === OMIT || !('badValue' in e);
  if (!valueless) s += `: ${printValue(e.badValue)}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

export const fieldError = {
  required: (field: string, detail?: string): FieldError => ({ type: 'FieldValueRequired', field, detail }),
  invalid: (field: string, badValue: unknown, detail?: string): FieldError =>
    ({ type: 'FieldValueInvalid', field, badValue, detail }),
  notSupported: (field: string, badValue: unknown, supported: string[]): FieldError => ({
    type: 'FieldValueNotSupported', field, badValue,
    detail: supported.length ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : undefined,
  }),
  forbidden: (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail }),
  duplicate: (field: string, badValue: unknown): FieldError => ({ type: 'FieldValueDuplicate', field, badValue }),
  notFound: (field: string, badValue: unknown): FieldError => ({ type: 'FieldValueNotFound', field, badValue }),
  tooLong: (field: string, maxLength: number): FieldError =>
    ({ type: 'FieldValueTooLong', field, detail: `may not be more than ${maxLength} bytes` }),
  tooMany: (field: string, actual: number, max: number): FieldError => ({
    type: 'FieldValueTooMany', field, badValue: actual, detail: `must have at most ${max} items`,
  }),
  typeInvalid: (field: string, badValue: unknown, detail: string): FieldError =>
    ({ type: 'FieldValueTypeInvalid', field, badValue, detail }),
};

/** 422 Invalid: `<Kind>[.<group>] "<name>" is invalid: <errors>` with one cause per field error. */
export function invalid(kind: string, group: string, name: string, errors: readonly FieldError[]): StatusError {
  const parts = errors.map((e) => (e.field ? `${e.field}: ${fieldErrorBody(e)}` : fieldErrorBody(e)));
  const joined = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  const causes: StatusCause[] = errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field }));
  return failure(422, 'Invalid', `${qualifiedResource(kind, group)} ${JSON.stringify(name)} is invalid: ${joined}`,
    gd(group, { name, kind, causes }));
}

/** The apiserver's 404 for a path it does not serve at all. */
export function pageNotFound(): StatusError {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** 405 for a method the path does not serve at all (POST on an object URL, PUT on a collection). */
export function methodNotAllowedHere(): StatusError {
  return failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}
