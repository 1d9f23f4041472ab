import {
  CLOUDEVENTS_BATCH_CONTENT_TYPE,
  CLOUDEVENTS_CONTENT_TYPE,
  NDJSON_CONTENT_TYPE,
} from '../../lib/contract/eventTypes';
import { ApiError } from './apiError';

/**
 * Splits an ingest body into its items, as bytes, in the order sent: one structured
 * CloudEvent, a batch (a JSON array), or NDJSON (one event per line). Each item is then
 * judged on its own, so one bad line never costs the others.
 */
export function splitIngestBody(body: Buffer, contentType: string | undefined): Uint8Array[] {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (body.length === 0) throw new ApiError('bad_request', 'the request body is empty');
  switch (mediaType) {
    case CLOUDEVENTS_CONTENT_TYPE:
    case 'application/json':
      return [body];
    case CLOUDEVENTS_BATCH_CONTENT_TYPE:
      return splitBatch(body);
    case NDJSON_CONTENT_TYPE:
    case 'application/ndjson':
      return splitLines(body);
    default:
      throw new ApiError(
        'unsupported_media_type',
        `content-type must be ${CLOUDEVENTS_CONTENT_TYPE}, ${CLOUDEVENTS_BATCH_CONTENT_TYPE} or ${NDJSON_CONTENT_TYPE}, got ${JSON.stringify(contentType ?? '')}`,
      );
  }
}

/** Strict: a byte that is not UTF-8 is an error, not a replacement character. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function splitBatch(body: Buffer): Uint8Array[] {
  let text: string;
  try {
    // A leading byte-order mark is dropped, as for a single event or an NDJSON line.
    text = utf8.decode(body);
  } catch {
    // Re-encoded item by item, a bad byte would silently become U+FFFD: refused, as a single event's would be.
    throw new ApiError('invalid_json', 'a batch must be UTF-8 (RFC 8259); this one holds bytes that are not; nothing of this batch was taken');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ApiError('invalid_json', `a batch must be a JSON array: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new ApiError('invalid_json', 'a batch must be a JSON array');
  return parsed.map((item, index) => {
    let text: string;
    try {
      text = JSON.stringify(item) ?? 'null';
    } catch {
      // JSON.parse takes nesting that JSON.stringify cannot write back (thousands deep).
      throw new ApiError('invalid_json', `batch item ${index} is nested too deeply to be taken; nothing of this batch was taken`);
    }
    return Buffer.from(text);
  });
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

function splitLines(body: Buffer): Uint8Array[] {
  const items: Uint8Array[] = [];
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf(NEWLINE, start);
    if (end === -1) end = body.length;
    let lineEnd = end;
    if (lineEnd > start && body[lineEnd - 1] === CARRIAGE_RETURN) lineEnd -= 1;
    const line = body.subarray(start, lineEnd);
    if (line.some((byte) => byte !== 0x20 && byte !== 0x09)) items.push(line);
    start = end + 1;
  }
  return items;
}
