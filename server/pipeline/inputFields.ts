import { decodeRecord } from './decode';
import { deadLetterFields } from './deadLetterFields';
import { Rejection } from './deadLetter';

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

const DATASCHEMA_PREFIX = 'urn:waybill:shipment:';

/**
 * The fields of an event the pipeline accepted, so valid by the contract: no check needs
 * doing again, only the layout of its data version read as the upcast reads it (version 1
 * flat `hub` and `region`, version 2 and newer `facility`).
 */
function acceptedFields(event: Record<string, unknown>): InputFields | null {
  const data = event.data as Record<string, unknown> | undefined;
  if (typeof data !== 'object' || data === null) return null;
  const schema = event.dataschema;
  const versionOne = schema === undefined || schema === `${DATASCHEMA_PREFIX}1`;
  const facility = (versionOne ? null : data.facility) as { code?: unknown; region?: unknown } | null;
  const region = versionOne ? data.region : facility?.region;
  const code = versionOne ? data.hub : facility?.code;
  const strings = [event.type, event.subject, event.source, event.id, region, data.carrier, code];
  if (!strings.every((value) => typeof value === 'string')) return null;
  return {
    type: event.type as string,
    subject: event.subject as string,
    source: event.source as string,
    id: event.id as string,
    region: region as string,
    carrier: data.carrier as string,
    facility: code as string,
  };
}

/**
 * An input's fields, read again from its bytes away from the per-event path (the event
 * index's writer, or a query of inputs not stored yet). An input the pipeline accepted is
 * decoded the same way and read in the layout of its version, so the fields are exactly
 * those it counted; a dead letter says what it can.
 */
export function inputFields(
  value: Uint8Array | null,
  headers: Readonly<Record<string, string>> | undefined,
  key: string | null,
  accepted: boolean,
): InputFields {
  if (accepted) {
    const decoded = decodeRecord(value, headers, Number.POSITIVE_INFINITY);
    const fields = decoded instanceof Rejection ? null : acceptedFields(decoded);
    if (fields) return fields;
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
