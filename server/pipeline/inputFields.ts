import { decodeRecord } from './decode';
import { deadLetterFields } from './deadLetterFields';
import { Rejection } from './deadLetter';
import { validateEvent } from './validate';

/** What the event index keeps of an input besides its numbers: the values filters match. */
export interface InputFields {
  type: string | null;
  subject: string | null;
  source: string | null;
  id: string | null;
  region: string | null;
  carrier: string | null;
  facility: string | null;
}

/**
 * An input's fields, read again from its bytes away from the per-event path (the event
 * index's writer, or a query of inputs not stored yet). An input the pipeline accepted is
 * decoded and validated the same way, so the fields are exactly those it counted (version
 * 1 upcast, newer versions read as version 2); limits need no second check. A dead letter
 * says what it can.
 */
export function inputFields(
  value: Uint8Array | null,
  headers: Readonly<Record<string, string>> | undefined,
  key: string | null,
  accepted: boolean,
  appendTime: number,
): InputFields {
  if (accepted) {
    const decoded = decodeRecord(value, headers, Number.POSITIVE_INFINITY);
    const event = decoded instanceof Rejection ? decoded : validateEvent(decoded, appendTime, Number.POSITIVE_INFINITY);
    if (!(event instanceof Rejection)) {
      return {
        type: event.type,
        subject: event.subject,
        source: event.source,
        id: event.id,
        region: event.data.facility.region,
        carrier: event.data.carrier,
        facility: event.data.facility.code,
      };
    }
  }
  const fields = deadLetterFields(value, headers);
  return {
    type: fields.type,
    subject: fields.subject ?? key,
    source: fields.source,
    id: fields.id,
    region: fields.region,
    carrier: fields.carrier,
    facility: fields.facility,
  };
}
