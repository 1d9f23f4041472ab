import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import { CURRENT_DATA_VERSION, isEventType } from '../../lib/contract/eventTypes';
import {
  CloudEventEnvelopeSchema,
  ShipmentDataV1Schema,
  ShipmentDataV2Schema,
  TYPE_RULES,
  type CloudEventEnvelope,
  type ShipmentDataV1,
  type ShipmentDataV2,
} from '../../lib/contract/schemas';
import { reject, Rejection } from './deadLetter';
import { isPlainObject } from './decode';
import type { ShipmentEvent } from './shipmentEvent';
import { parseTimestamp } from './parseTimestamp';
import { upcastV1ToV2 } from './upcast';

// Compiled once: the checks run on every event, the error walk only on failures.
const envelopeCheck = TypeCompiler.Compile(CloudEventEnvelopeSchema);
const dataV1Check = TypeCompiler.Compile(ShipmentDataV1Schema);
const dataV2Check = TypeCompiler.Compile(ShipmentDataV2Schema);

const DATASCHEMA_PREFIX = 'urn:waybill:shipment:';

/** The event, or why it is not one. */
export type Validated = ShipmentEvent | Rejection;

/**
 * A decoded object to a ShipmentEvent, or the reason it is not one. `appendTime` bounds
 * how far in the future an event time may lie: one producer with a wrong clock must not
 * drag the watermark ahead and turn everyone else's events late.
 */
export function validateEvent(raw: Record<string, unknown>, appendTime: number, maxFutureSkewMs: number): Validated {
  if (!envelopeCheck.Check(raw)) {
    return reject('invalid_envelope', firstError(envelopeCheck, raw));
  }
  const envelope = raw as CloudEventEnvelope;
  const time = parseTimestamp(envelope.time);
  if (Number.isNaN(time)) {
    return reject('invalid_envelope', `/time: not a valid instant: ${envelope.time}`);
  }
  if (time > appendTime + maxFutureSkewMs) {
    return reject('invalid_envelope', `/time: ${envelope.time} is more than ${maxFutureSkewMs} ms after the append time`);
  }
  if (!isEventType(envelope.type)) {
    return reject('schema_violation', `/type: unknown event type ${JSON.stringify(envelope.type)}`);
  }
  const dataVersion = envelope.dataschema === undefined ? 1 : Number(envelope.dataschema.slice(DATASCHEMA_PREFIX.length));
  if (!Number.isSafeInteger(dataVersion) || dataVersion < 1) {
    return reject('invalid_envelope', `/dataschema: unknown schema ${envelope.dataschema}`);
  }
  const data = readData(envelope.data, dataVersion);
  if (data instanceof Rejection) return data;
  const typeRule = TYPE_RULES[envelope.type as keyof typeof TYPE_RULES];
  if (typeRule) {
    for (const field of typeRule.requires) {
      if (data[field as keyof ShipmentDataV2] === undefined) {
        return reject('schema_violation', `/data/${field}: required for ${envelope.type}`);
      }
    }
  }
  return {
    id: envelope.id,
    source: envelope.source,
    type: envelope.type,
    time,
    subject: envelope.subject,
    sequence: envelope.sequence === undefined ? null : Number(envelope.sequence),
    dataVersion,
    traceparent: envelope.traceparent ?? null,
    data,
  };
}

function readData(data: unknown, version: number): ShipmentDataV2 | Rejection {
  if (!isPlainObject(data)) {
    return reject('schema_violation', '/data: expected an object');
  }
  if (version === 1) {
    if (!dataV1Check.Check(data)) return reject('schema_violation', firstError(dataV1Check, data, '/data'));
    return upcastV1ToV2(data as ShipmentDataV1);
  }
  if (dataV2Check.Check(data)) return data as ShipmentDataV2;
  if (version > CURRENT_DATA_VERSION) {
    return reject('unsupported_schema', `version ${version} cannot be read as version ${CURRENT_DATA_VERSION}: ${firstError(dataV2Check, data, '/data')}`);
  }
  return reject('schema_violation', firstError(dataV2Check, data, '/data'));
}

function firstError<T extends TSchema>(check: TypeCheck<T>, value: unknown, prefix = ''): string {
  const error = check.Errors(value).First();
  if (!error) return `${prefix || '/'}: invalid`;
  return `${prefix}${error.path || ''}: ${error.message}`;
}
