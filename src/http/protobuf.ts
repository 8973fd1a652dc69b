// Request bodies in application/vnd.kubernetes.protobuf, which client-go 1.35 typed clients send with no
// JSON fallback (spec §7.4): the magic "k8s\0", then a runtime.Unknown envelope {typeMeta, raw, ...}
// whose raw bytes are the object's own message. We decode them into the JSON object a JSON client would
// have sent, so everything after the HTTP layer sees JSON only.
import { badRequest } from '../machinery/status.js';
import { jsonToMessage } from './protobuf-encode.js';
import { messageToJson, ProtobufDataError } from './protobuf-json.js';
import { messageTypeFor, protoRoot, UNKNOWN_TYPE, type MessageLookup } from './protobuf-schema.js';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';
export type { MessageLookup } from './protobuf-schema.js';

/** "k8s\0": the prefix of every Kubernetes protobuf body. */
export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** True for `application/vnd.kubernetes.protobuf`, with or without parameters. */
export function isProtobufContentType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === PROTOBUF_CONTENT_TYPE;
}

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
}

/**
 * Decodes a protobuf request body into the same JSON object a JSON client would send. `expectedKind` is
 * the kind the endpoint serves; it only improves error messages (kind checks stay with the caller).
 * Throws a 400 BadRequest StatusError on a bad magic, truncated or malformed data, or an apiVersion/kind
 * kubesim does not decode; messages follow the apiserver's decode-error wording.
 */
export function decodeProtobufObject(body: Buffer, messages: MessageLookup, expectedKind?: string): Record<string, unknown> {
  const env = readEnvelope(body, expectedKind);
  const into = expectedKind ?? env.kind;
  const cannotHandle = (why: string) =>
    badRequest(`${env.kind} in version ${JSON.stringify(versionOf(env.apiVersion))} cannot be handled as a ${into}: ${why}`);
  const type = messageTypeFor(messages, env.apiVersion, env.kind);
  if (!type) {
    throw cannotHandle(`no kind ${JSON.stringify(env.kind)} is registered for version ` +
      `${JSON.stringify(env.apiVersion)} in scheme "pkg/api/legacyscheme/scheme.go:30"`);
  }
  try {
    const msg = type.decode(env.raw) as unknown as Record<string, unknown>;
    return { apiVersion: env.apiVersion, kind: env.kind, ...messageToJson(type, msg) };
  } catch (e) {
    throw cannotHandle(reasonOf(e));
  }
}

function readEnvelope(body: Buffer, expectedKind: string | undefined): Envelope {
  const unrecognized = () =>
    badRequest(`the object provided is unrecognized (${expectedKind ?? 'protobuf'}: ${summarizeData(body)})`);
  if (body.length <= PROTOBUF_MAGIC.length || !body.subarray(0, PROTOBUF_MAGIC.length).equals(PROTOBUF_MAGIC)) {
    throw unrecognized();
  }
  const unknownType = protoRoot().lookupType(UNKNOWN_TYPE);
  let unk: Record<string, unknown>;
  try {
    unk = unknownType.decode(body.subarray(PROTOBUF_MAGIC.length)) as unknown as Record<string, unknown>;
  } catch {
    throw unrecognized();
  }
  const typeMeta = (unk.typeMeta ?? {}) as Record<string, unknown>;
  const apiVersion = typeof typeMeta.apiVersion === 'string' ? typeMeta.apiVersion : '';
  const kind = typeof typeMeta.kind === 'string' ? typeMeta.kind : '';
  if (!kind) throw unrecognized();
  if (!apiVersion) {
    throw badRequest(`${kind} in version "" cannot be handled as a ${expectedKind ?? kind}: Object 'apiVersion' is missing`);
  }
  const raw = unk.raw instanceof Uint8Array ? unk.raw : new Uint8Array(0);
  return { apiVersion, kind, raw };
}

/** "discovery.k8s.io/v1" → "v1", as the apiserver prints a GroupVersionKind's version. */
function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
}

/** Go's wording for the usual failures; protobufjs says "index out of range" where Go says EOF. */
function reasonOf(e: unknown): string {
  if (e instanceof RangeError && /index out of range/.test(e.message)) return 'unexpected EOF';
  if (e instanceof ProtobufDataError) return e.message;
  if (e instanceof Error) return `proto: ${e.message}`;
  return String(e);
}

/** The apiserver's summary of a body it cannot recognise: up to 30 bytes, as text or hex. */
function summarizeData(data: Buffer, maxLength = 30): string {
  if (data.length === 0) return '<empty>';
  const head = data.subarray(0, maxLength);
  const text = data[0] === 0x7b ? head.toString('utf8') : head.toString('hex');
  return data.length > maxLength ? `${text} ...` : text;
}

/**
 * Test helper: encodes a JSON object the way client-go would (gogo-protobuf field rules, magic and
 * envelope included). Throws a plain Error for kinds kubesim does not decode.
 */
export function encodeProtobufObject(obj: Record<string, unknown>, messages: MessageLookup): Buffer {
  const apiVersion = String(obj.apiVersion ?? '');
  const kind = String(obj.kind ?? '');
  const type = messageTypeFor(messages, apiVersion, kind);
  if (!type) throw new Error(`no protobuf message for ${apiVersion} ${kind}`);
  const raw = type.encode(type.fromObject(jsonToMessage(type, obj))).finish();
  const unknownType = protoRoot().lookupType(UNKNOWN_TYPE);
  const envelope = unknownType.fromObject({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' });
  return Buffer.concat([PROTOBUF_MAGIC, unknownType.encode(envelope).finish()]);
}
