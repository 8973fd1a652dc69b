// Request bodies: JSON, YAML and protobuf for writes; the four patch media types for PATCH.
// Malformed input is a 400 Status, an unknown media type a 415, never a 500.
import { parse as parseYAML } from 'yaml';
import { badRequest, unsupportedMediaType } from '../machinery/status.js';
import { markNullFree } from '../registry/writes.js';
import { decodeProtobufObject, PROTOBUF_CONTENT_TYPE, type MessageLookup } from './protobuf.js';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const WRITE_TYPES = ['application/json', 'application/yaml', PROTOBUF_CONTENT_TYPE];
const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

function parseJSON(buf: Buffer, what: string, onText?: (v: unknown, text: string) => void): unknown {
  const text = buf.toString('utf8');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw badRequest(`${what}: ${(e as Error).message}`);
  }
  onText?.(v, text);
  return v;
}

/** YAML that is really JSON parses as JSON (faster, and errors read like the apiserver's). */
export function parseYAMLOrJSON(buf: Buffer, what: string): unknown {
  const text = buf.toString('utf8');
  if (/^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // fall through: YAML is a superset and may still parse it
    }
  }
  try {
    return parseYAML(text, { maxAliasCount: 100 });
  } catch (e) {
    throw badRequest(`${what}: error converting YAML to JSON: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Decodes a create/update body (POST, PUT). */
export function decodeObjectBody(contentType: string | undefined, body: unknown, messages: MessageLookup | false): unknown {
  const buf = toBuffer(body);
  const mt = mediaType(contentType) || 'application/json';
  if (buf.length === 0) throw badRequest('the body of the request was empty');
  if (mt === 'application/json' || mt === '*/*') return parseJSON(buf, 'couldn\'t get version/kind; json parse error', markNullFree);
  if (mt === 'application/yaml' || mt === 'application/x-yaml' || mt === 'text/yaml') return parseYAMLOrJSON(buf, 'error decoding YAML');
  // Custom resources have no protobuf encoding: their endpoints accept JSON and YAML only.
  if (mt === PROTOBUF_CONTENT_TYPE && messages) return decodeProtobufObject(buf, messages);
  throw unsupportedMediaType(messages ? WRITE_TYPES : WRITE_TYPES.slice(0, 2));
}

/** Decodes DeleteOptions from a DELETE body (JSON or protobuf); an empty body means none. */
export function decodeOptionalBody(contentType: string | undefined, body: unknown, messages: MessageLookup | false): unknown {
  const buf = toBuffer(body);
  if (buf.length === 0) return undefined;
  return decodeObjectBody(contentType, buf, messages);
}

export function patchTypeOf(contentType: string | undefined): PatchType {
  const t = PATCH_TYPES[mediaType(contentType)];
  if (!t) throw unsupportedMediaType(Object.keys(PATCH_TYPES).filter((k) => !k.endsWith('cbor')));
  return t;
}

export function decodePatchBody(type: PatchType, body: unknown): unknown {
  const buf = toBuffer(body);
  if (buf.length === 0) throw badRequest('the body of the request was empty');
  if (type === 'apply') return parseYAMLOrJSON(buf, 'error decoding YAML');
  return parseJSON(buf, 'error decoding patch');
}

function toBuffer(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  return Buffer.from(JSON.stringify(body));
}
