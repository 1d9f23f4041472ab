import { parseTimestamp } from './parseTimestamp';

/** What a dead letter's payload says about itself, as far as it can be read. */
export interface DeadLetterFields {
  type: string | null;
  subject: string | null;
  source: string | null;
  id: string | null;
  eventTime: number | null;
  region: string | null;
  carrier: string | null;
  facility: string | null;
}

const NOTHING: DeadLetterFields = {
  type: null,
  subject: null,
  source: null,
  id: null,
  eventTime: null,
  region: null,
  carrier: null,
  facility: null,
};

const utf8 = new TextDecoder('utf-8', { fatal: false });
/** Payloads larger than this are not parsed again: a dead letter for size says nothing more. */
const MAX_PEEK_BYTES = 64 * 1024;

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' && value.length <= 512 ? value : null;
}

/**
 * Best-effort reading of an input that was refused, so operators can still find it by
 * type, shipment or source: whichever attributes are there and are strings. Never throws;
 * only dead letters pay for it, so it stays off the path of valid events.
 */
export function deadLetterFields(value: Uint8Array | null, headers: Readonly<Record<string, string>> | undefined): DeadLetterFields {
  let event: Record<string, unknown> = {};
  if (headers?.ce_specversion !== undefined) {
    event = { type: headers.ce_type, subject: headers.ce_subject, source: headers.ce_source, id: headers.ce_id, time: headers.ce_time };
  } else if (value && value.byteLength > 0 && value.byteLength <= MAX_PEEK_BYTES) {
    try {
      const parsed: unknown = JSON.parse(utf8.decode(value));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return NOTHING;
      event = parsed as Record<string, unknown>;
    } catch {
      return NOTHING;
    }
  } else {
    return NOTHING;
  }
  const data = typeof event.data === 'object' && event.data !== null ? (event.data as Record<string, unknown>) : {};
  const facility = typeof data.facility === 'object' && data.facility !== null ? (data.facility as Record<string, unknown>) : {};
  const time = text(event.time);
  const eventTime = time === null ? Number.NaN : parseTimestamp(time);
  return {
    type: text(event.type),
    subject: text(event.subject),
    source: text(event.source),
    id: text(event.id),
    eventTime: Number.isNaN(eventTime) ? null : eventTime,
    region: text(facility.region) ?? text(data.region),
    carrier: text(data.carrier),
    facility: text(facility.code) ?? text(data.hub),
  };
}
