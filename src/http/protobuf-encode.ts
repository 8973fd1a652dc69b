// JSON object → message shaped the way gogo-protobuf writes it from a Go struct: non-pointer fields are
// always written (zero values and empty structs included), pointers only when set. Used by tests to
// produce the bytes client-go would send; the apiserver side of kubesim only decodes.
import type protobuf from 'protobufjs';
import { fieldShape, messageOf, SPECIAL } from './protobuf-schema.js';

type Message = Record<string, unknown>;

export function jsonToMessage(type: protobuf.Type, json: Record<string, unknown>): Message {
  const out: Message = {};
  for (const field of type.fieldsArray) {
    const shape = fieldShape(field);
    if (shape.inline) {
      out[field.name] = jsonToMessage(messageOf(field)!, json);
      continue;
    }
    const value = json[field.name];
    if (field.map) {
      if (value && typeof value === 'object') out[field.name] = mapValues(field, value as Record<string, unknown>);
    } else if (field.repeated) {
      if (Array.isArray(value) && value.length) out[field.name] = value.map((v) => valueToMessage(field, v));
    } else if (value !== undefined && value !== null) {
      out[field.name] = valueToMessage(field, value);
    } else if (!shape.pointer) {
      out[field.name] = zeroOf(field);
    }
  }
  return out;
}

function mapValues(field: protobuf.FieldBase, obj: Record<string, unknown>): Message {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, valueToMessage(field, v)]));
}

function valueToMessage(field: protobuf.FieldBase, value: unknown): unknown {
  const type = messageOf(field);
  if (!type) return field.type === 'bytes' ? Buffer.from(String(value), 'base64') : value;
  switch (type.fullName) {
    case SPECIAL.time:
      return { seconds: Math.floor(Date.parse(String(value)) / 1000), nanos: 0 };
    case SPECIAL.microTime:
      return microTime(String(value));
    case SPECIAL.intOrString:
      return typeof value === 'number' ? { type: 0, intVal: value, strVal: '' } : { type: 1, intVal: 0, strVal: value };
    case SPECIAL.quantity:
      return { string: String(value) };
    case SPECIAL.fieldsV1:
      return { Raw: Buffer.from(JSON.stringify(value)) };
    case SPECIAL.rawExtension:
      return { raw: Buffer.from(JSON.stringify(value)) };
    default:
      return jsonToMessage(type, value as Record<string, unknown>);
  }
}

/** What gogo writes for a non-pointer field holding Go's zero value. */
function zeroOf(field: protobuf.FieldBase): unknown {
  const type = messageOf(field);
  if (!type) return field.type === 'string' ? '' : field.type === 'bool' ? false : field.type === 'bytes' ? Buffer.alloc(0) : 0;
  switch (type.fullName) {
    case SPECIAL.time:
    case SPECIAL.microTime:
    case SPECIAL.fieldsV1:
    case SPECIAL.rawExtension:
      return {}; // zero times and empty raw bytes marshal to nothing
    case SPECIAL.intOrString:
      return { type: 0, intVal: 0, strVal: '' };
    case SPECIAL.quantity:
      return { string: '0' };
    default:
      return jsonToMessage(type, {});
  }
}

function microTime(text: string): { seconds: number; nanos: number } {
  const ms = Date.parse(text);
  const fraction = /\.(\d+)/.exec(text)?.[1] ?? '';
  const micros = Number((fraction + '000000').slice(0, 6));
  return { seconds: Math.floor(ms / 1000), nanos: micros * 1000 };
}
