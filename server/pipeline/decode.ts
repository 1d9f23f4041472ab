import { reject, Rejection } from './deadLetter';

/** The CloudEvents Kafka binding's header prefix for binary mode. */
const BINARY_HEADER_PREFIX = 'ce_';
const ENVELOPE_HEADERS = ['specversion', 'id', 'source', 'type', 'time', 'subject', 'sequence', 'dataschema', 'traceparent'];

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The event object, or why there is none. */
export type Decoded = Record<string, unknown> | Rejection;

/**
 * Bytes to a CloudEvent object. Structured mode (the whole event as the value) is the
 * default; binary mode (`ce_*` headers, data as the value) is recognised by its
 * `ce_specversion` header. The size limit is checked before any parsing so an oversized
 * input costs nothing but its length.
 */
export function decodeRecord(
  value: Uint8Array | null,
  headers: Readonly<Record<string, string>> | undefined,
  maxEventBytes: number,
): Decoded {
  const size = value?.byteLength ?? 0;
  if (size > maxEventBytes) {
    return reject('too_large', `event is ${size} bytes, over the limit of ${maxEventBytes}`);
  }
  if (headers && headers[`${BINARY_HEADER_PREFIX}specversion`] !== undefined) {
    return decodeBinaryMode(value, headers);
  }
  if (!value || size === 0) return reject('invalid_json', 'empty value');
  const parsed = parseJson(value);
  if (parsed instanceof Rejection) return parsed;
  if (!isPlainObject(parsed)) return reject('invalid_json', `expected a JSON object, got ${describeJsonType(parsed)}`);
  return parsed;
}

function decodeBinaryMode(value: Uint8Array | null, headers: Readonly<Record<string, string>>): Decoded {
  const event: Record<string, unknown> = {};
  for (const attribute of ENVELOPE_HEADERS) {
    const header = headers[BINARY_HEADER_PREFIX + attribute];
    if (header !== undefined) event[attribute] = header;
  }
  if (value && value.byteLength > 0) {
    const parsed = parseJson(value);
    if (parsed instanceof Rejection) return parsed;
    event.data = parsed;
  }
  return event;
}

function parseJson(value: Uint8Array): unknown {
  let text: string;
  try {
    text = utf8.decode(value);
  } catch {
    return reject('invalid_json', 'value is not valid UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return reject('invalid_json', `not JSON: ${(error as Error).message}`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
