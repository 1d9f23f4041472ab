import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { Type, type TSchema } from '@sinclair/typebox';
import { ValueErrorType } from '@sinclair/typebox/errors';
import { CURRENT_DATA_VERSION, isEventType } from '../../lib/contract/eventTypes';
import { isLabel, isUriReference, LABEL_FORMAT, URI_REFERENCE_FORMAT } from '../../lib/contract/formats';
import {
  CloudEventEnvelopeSchema,
  RFC3339_PATTERN,
  ShipmentDataV1Schema,
  ShipmentDataV2Schema,
  TYPE_RULES,
  type CloudEventEnvelope,
  type ShipmentDataV1,
  type ShipmentDataV2,
} from '../../lib/contract/schemas';
import { reject, Rejection, TooFarAhead } from './deadLetter';
import { isPlainObject } from './decode';
import type { ShipmentEvent } from './shipmentEvent';
import { parseTimestamp } from './parseTimestamp';
import { upcastV1ToV2 } from './upcast';

// Compiled once: the checks run on every event, the error walk only on failures.
const envelopeCheck = TypeCompiler.Compile(CloudEventEnvelopeSchema);
const dataV1Check = TypeCompiler.Compile(ShipmentDataV1Schema);
const dataV2Check = TypeCompiler.Compile(ShipmentDataV2Schema);

/**
 * The same schemas without what code below checks on the fields themselves: the formats
 * (called through TypeBox's registry, a lookup and a call per field) and the envelope's
 * time pattern (parseTimestamp reads the same language and more strictly). These run on
 * every event; an event one of them or the code refuses is then judged by the whole
 * schema, so its reason and message are the whole schema's.
 */
function withoutCodedChecks<T extends TSchema>(schema: T): T {
  return strip(schema) as T;
}

/** A copy without the coded checks; spreading keeps TypeBox's symbol keys, which JSON would drop. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string | symbol, unknown> = { ...(value as Record<string | symbol, unknown>) };
  for (const key of Object.keys(copy)) copy[key] = strip(copy[key]);
  if (copy.format === LABEL_FORMAT || copy.format === URI_REFERENCE_FORMAT) delete copy.format;
  if (copy.pattern === RFC3339_PATTERN) delete copy.pattern;
  return copy;
}
const envelopeFastCheck = TypeCompiler.Compile(withoutCodedChecks(CloudEventEnvelopeSchema));
const dataV1FastCheck = TypeCompiler.Compile(withoutCodedChecks(ShipmentDataV1Schema));
const dataV2FastCheck = TypeCompiler.Compile(withoutCodedChecks(ShipmentDataV2Schema));
type DataV2Field = keyof ShipmentDataV2;
const REQUIRED_V2_FIELDS = (ShipmentDataV2Schema.required ?? []) as DataV2Field[];
const dataV2RequiredCheck = TypeCompiler.Compile(Type.Pick(ShipmentDataV2Schema, REQUIRED_V2_FIELDS));
/** One check per optional version 2 field, for reading newer versions field by field. */
const OPTIONAL_V2_FIELD_CHECKS = (Object.keys(ShipmentDataV2Schema.properties) as DataV2Field[])
  .filter((field) => !REQUIRED_V2_FIELDS.includes(field))
  .map((field) => [field, TypeCompiler.Compile(Type.Pick(ShipmentDataV2Schema, [field]))] as const);

const DATASCHEMA_PREFIX = 'urn:waybill:shipment:';

/** The event, or why it is not one. */
export type Validated = ShipmentEvent | Rejection;

/**
 * A decoded object to a ShipmentEvent, or the reason it is not one. `appendTime` bounds
 * how far in the future an event time may lie: one producer with a wrong clock must not
 * drag the watermark ahead and turn everyone else's events late.
 */
export function validateEvent(raw: Record<string, unknown>, appendTime: number, maxFutureSkewMs: number): Validated {
  if (!envelopeFastCheck.Check(raw) || !isUriReference((raw as CloudEventEnvelope).source)) return envelopeRejection(raw);
  const envelope = raw as CloudEventEnvelope;
  const time = parseTimestamp(envelope.time);
  if (Number.isNaN(time)) {
    // Outside the pattern's language, the pattern says so, as the whole schema would.
    if (!envelopeCheck.Check(raw)) return envelopeRejection(raw);
    return reject('invalid_envelope', `/time: not a valid instant: ${envelope.time}`);
  }
  if (time > appendTime + maxFutureSkewMs) {
    return new TooFarAhead('invalid_envelope', `/time: ${envelope.time} is more than ${maxFutureSkewMs} ms after the append time`);
  }
  if (!isEventType(envelope.type)) {
    return reject('schema_violation', `/type: unknown event type ${JSON.stringify(envelope.type)}`);
  }
  // A well-formed version too large for a safe integer is still just a higher version.
  const dataVersion =
    envelope.dataschema === undefined ? 1 : Math.min(Number(envelope.dataschema.slice(DATASCHEMA_PREFIX.length)), Number.MAX_SAFE_INTEGER);
  if (dataVersion < 1) {
    return reject('invalid_envelope', `/dataschema: unknown schema ${envelope.dataschema}`);
  }
  let data = readData(envelope.data, dataVersion);
  if (data instanceof Rejection) return data;
  // The pattern admits dates such as February 30th; a promise must be a real instant.
  // Parsed here, once, for the shipment state to use.
  let promisedAt: number | null = null;
  if (data.promisedAt !== undefined) {
    promisedAt = parseTimestamp(data.promisedAt);
    if (Number.isNaN(promisedAt)) {
      if (dataVersion <= CURRENT_DATA_VERSION) return reject('schema_violation', `/data/promisedAt: not a valid instant: ${data.promisedAt}`);
      // A newer version's promise in another form is left out, like its other changed fields.
      const { promisedAt: _changed, ...rest } = data;
      data = rest;
      promisedAt = null;
    }
  }
  const typeRule = TYPE_RULES[envelope.type as keyof typeof TYPE_RULES];
  if (typeRule) {
    for (const field of typeRule.requires) {
      if (data[field as keyof ShipmentDataV2] === undefined) {
        // For a newer version, a field its type needs is one of its required fields.
        const reason = dataVersion > CURRENT_DATA_VERSION ? 'unsupported_schema' : 'schema_violation';
        return reject(reason, `/data/${field}: required for ${envelope.type}`);
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
    promisedAt,
  };
}

function readData(data: unknown, version: number): ShipmentDataV2 | Rejection {
  if (!isPlainObject(data)) {
    return reject('schema_violation', '/data: expected an object');
  }
  if (version === 1) {
    if (!dataV1FastCheck.Check(data) || !hasLabelsV1(data as ShipmentDataV1)) {
      return reject('schema_violation', firstError(dataV1Check, data, '/data'));
    }
    return upcastV1ToV2(data as ShipmentDataV1);
  }
  if (version > CURRENT_DATA_VERSION) return readNewerData(data, version);
  if (!dataV2FastCheck.Check(data) || !hasLabelsV2(data as ShipmentDataV2)) {
    return reject('schema_violation', firstError(dataV2Check, data, '/data'));
  }
  return data as ShipmentDataV2;
}

function hasLabelsV1(data: ShipmentDataV1): boolean {
  return isLabel(data.carrier) && isLabel(data.hub) && isLabel(data.region);
}

function hasLabelsV2(data: ShipmentDataV2): boolean {
  return isLabel(data.carrier) && isLabel(data.facility.code) && isLabel(data.facility.region);
}

/**
 * A newer version, read as version 2 when its required fields are there: the version 2
 * fields it carries in their version 2 form are kept, the others (changed or new) are
 * left out, as a tolerant reader does.
 */
function readNewerData(data: Record<string, unknown>, version: number): ShipmentDataV2 | Rejection {
  if (!dataV2RequiredCheck.Check(data)) {
    // A value over its limit is over it in every version.
    const error = dataV2RequiredCheck.Errors(data).First();
    if (error?.type === ValueErrorType.StringMaxLength) return reject('schema_violation', `/data${error.path}: ${error.message}`);
    return reject(
      'unsupported_schema',
      `version ${version} cannot be read as version ${CURRENT_DATA_VERSION}: ${firstError(dataV2RequiredCheck, data, '/data')}`,
    );
  }
  if (dataV2Check.Check(data)) return data as ShipmentDataV2;
  const fields: Record<string, unknown> = data;
  const readable: Record<string, unknown> = { carrier: fields.carrier, facility: fields.facility };
  for (const [field, check] of OPTIONAL_V2_FIELD_CHECKS) {
    const value = fields[field];
    if (value !== undefined && check.Check({ [field]: value })) readable[field] = value;
  }
  return readable as ShipmentDataV2;
}

/**
 * Why an object is not an envelope. A string over its length limit is a
 * `schema_violation` (the contract bounds it, the envelope is otherwise whole); a
 * `source` that is no URI-reference says so rather than quoting the pattern.
 */
function envelopeRejection(raw: Record<string, unknown>): Rejection {
  const error = envelopeCheck.Errors(raw).First();
  if (!error) return reject('invalid_envelope', '/: invalid');
  if (error.type === ValueErrorType.StringMaxLength) return reject('schema_violation', `${error.path}: ${error.message}`);
  if (error.path === '/source' && error.type === ValueErrorType.StringFormat) {
    return reject('invalid_envelope', '/source: not a URI-reference (RFC 3986): percent-encode spaces, quotes, brackets and non-ASCII characters');
  }
  return reject('invalid_envelope', `${error.path || '/'}: ${error.message}`);
}

function firstError<T extends TSchema>(check: TypeCheck<T>, value: unknown, prefix = ''): string {
  const error = check.Errors(value).First();
  if (!error) return `${prefix || '/'}: invalid`;
  // The label format's name says nothing to a producer; its meaning does.
  const message =
    error.type === ValueErrorType.StringFormat && error.schema.format === LABEL_FORMAT
      ? 'control characters and unpaired surrogates are not allowed in a label'
      : error.message;
  return `${prefix}${error.path || ''}: ${message}`;
}
