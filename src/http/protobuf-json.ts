// Decoded protobuf message → the JSON a Go client would have sent for the same object. Go's JSON encoder
// is the reference: omitempty zero values vanish, pointers and non-omitempty fields keep them, present
// structs stay (even empty), inline structs merge into their parent. Field shapes: proto/README.md.
import type protobuf from 'protobufjs';
import { fieldShape, messageOf, SPECIAL } from './protobuf-schema.js';

type Json = unknown;
type Message = Record<string, unknown>;

/** A conversion failure with the Go-like reason; protobuf.ts wraps it into a 400. */
export class ProtobufDataError extends Error {}

const own = (m: object, k: string): boolean => Object.prototype.hasOwnProperty.call(m, k);

export function messageToJson(type: protobuf.Type, msg: Message): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const field of type.fieldsArray) {
    if (!own(msg, field.name)) continue;
    const value = msg[field.name];
    const shape = fieldShape(field);
    if (field.map) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length) out[field.name] = Object.fromEntries(entries.map(([k, v]) => [k, valueToJson(field, v)]));
    } else if (field.repeated) {
      const items = value as unknown[];
      if (items.length) out[field.name] = items.map((v) => valueToJson(field, v));
    } else if (shape.inline) {
      Object.assign(out, messageToJson(messageOf(field)!, value as Message));
    } else {
      const json = valueToJson(field, value);
      if (json === undefined) continue;
      if (isZero(json) && !shape.pointer && !shape.always) continue;
      out[field.name] = json;
    }
  }
  return out;
}

/** The zero values Go's omitempty drops; structs (objects) are never dropped by it. */
function isZero(v: Json): boolean {
  return v === '' || v === 0 || v === false;
}

function valueToJson(field: protobuf.FieldBase, value: unknown): Json {
  const type = messageOf(field);
  if (type) return messageValueToJson(type, value as Message);
  switch (field.type) {
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return toNumber(value);
    case 'bytes':
      return Buffer.from(value as Uint8Array).toString('base64');
    default:
      return value;
  }
}

function messageValueToJson(type: protobuf.Type, msg: Message): Json {
  switch (type.fullName) {
    case SPECIAL.time:
      return timeToJson(msg, false);
    case SPECIAL.microTime:
      return timeToJson(msg, true);
    case SPECIAL.intOrString:
      return intOrStringToJson(msg);
    case SPECIAL.quantity:
      return own(msg, 'string') ? msg.string : '0';
    case SPECIAL.fieldsV1:
      return fieldsV1ToJson(msg);
    case SPECIAL.rawExtension:
      return rawExtensionToJson(msg);
    default:
      return messageToJson(type, msg);
  }
}

/** runtime.RawExtension (ControllerRevision.data): `raw` holds the embedded object's JSON. */
function rawExtensionToJson(msg: Message): Json {
  const raw = own(msg, 'raw') ? Buffer.from(msg.raw as Uint8Array) : Buffer.alloc(0);
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ProtobufDataError('RawExtension does not hold JSON');
  }
}

function toNumber(v: unknown): number {
  return typeof v === 'number' ? v : (v as { toNumber(): number }).toNumber();
}

// Go's lower and upper bounds for a time that RFC 3339 can print with a four-digit year.
const MIN_SECONDS = -62167219200; // 0000-01-01T00:00:00Z
const MAX_SECONDS = 253402300799; // 9999-12-31T23:59:59Z

/**
 * metav1.Time keeps whole seconds only (the apiserver drops nanos on decode); MicroTime keeps
 * microseconds. An empty message is the zero time, which JSON shows as null: we leave it out.
 */
function timeToJson(msg: Message, micro: boolean): string | undefined {
  if (!own(msg, 'seconds') && !own(msg, 'nanos')) return undefined;
  let seconds = own(msg, 'seconds') ? toNumber(msg.seconds) : 0;
  let micros = micro && own(msg, 'nanos') ? Math.trunc((msg.nanos as number) / 1000) : 0;
  seconds += Math.floor(micros / 1e6);
  micros -= Math.floor(micros / 1e6) * 1e6;
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) throw new ProtobufDataError(`time out of range: ${seconds}s`);
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  return micro ? `${base}.${String(micros).padStart(6, '0')}Z` : `${base}Z`;
}

function intOrStringToJson(msg: Message): number | string {
  const kind = own(msg, 'type') ? toNumber(msg.type) : 0;
  if (kind === 0) return own(msg, 'intVal') ? (msg.intVal as number) : 0;
  if (kind === 1) return own(msg, 'strVal') ? (msg.strVal as string) : '';
  throw new ProtobufDataError('impossible IntOrString.Type');
}

function fieldsV1ToJson(msg: Message): Json {
  const raw = own(msg, 'Raw') ? Buffer.from(msg.Raw as Uint8Array) : Buffer.alloc(0);
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ProtobufDataError('FieldsV1 does not hold JSON');
  }
}
