import { Type, type Static } from '@sinclair/typebox';
import { DATA_SCHEMA_V1, DATA_SCHEMA_V2, EVENT_TYPES, EXCEPTION_CODES } from './eventTypes';
// Registers the formats below before anything compiles or checks these schemas.
import { LABEL_FORMAT, LABEL_PATTERN, URI_REFERENCE_FORMAT } from './formats';

/*
 * The one definition of the event contract (DESIGN.md section 3). The validator in
 * server/pipeline compiles these schemas and GET /api/schema publishes them, so the
 * published contract cannot drift from what is enforced. Objects stay open
 * (no additionalProperties: false): unknown fields are ignored, as a tolerant reader does.
 */

/**
 * How long the strings that become keys, dimension values or labels may be: a producer
 * must not be able to make every summary and live update megabytes long with a few
 * events. Over a limit an event is a `schema_violation` naming the field.
 */
export const STRING_LIMITS = {
  /** `id` and `subject`: parts of idempotency keys and the shipment key. */
  key: 256,
  /** `source`: a URI-reference, part of the idempotency key. */
  source: 512,
  /** Carrier, region and facility: the dimensions every bucket is split by. */
  dimension: 64,
  /** Other short labels of the envelope (`datacontenttype`, `dataschema`). */
  label: 128,
} as const;

const key = Type.String({ minLength: 1, maxLength: STRING_LIMITS.key });
/** A dimension value is a label on every chart (formats.ts: no control characters, no unpaired surrogates). */
const dimension = Type.String({ minLength: 1, maxLength: STRING_LIMITS.dimension, format: LABEL_FORMAT });
/** RFC 3339 date-time; the validator also checks that it denotes a real instant. */
export const RFC3339_PATTERN =
  '^\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})$';
const timestamp = Type.String({ pattern: RFC3339_PATTERN, description: 'RFC 3339 date-time' });

export const CloudEventEnvelopeSchema = Type.Object(
  {
    specversion: Type.Literal('1.0'),
    id: key,
    source: Type.String({
      minLength: 1,
      maxLength: STRING_LIMITS.source,
      format: URI_REFERENCE_FORMAT,
      description: 'URI-reference (RFC 3986), e.g. /hubs/AMS-3/scanner-12',
    }),
    type: Type.String({ minLength: 1, maxLength: STRING_LIMITS.label, description: `one of: ${EVENT_TYPES.join(', ')}` }),
    time: timestamp,
    subject: Type.String({ minLength: 1, maxLength: STRING_LIMITS.key, description: 'shipment id' }),
    sequence: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$', description: 'per-shipment counter' })),
    dataschema: Type.Optional(Type.String({ maxLength: STRING_LIMITS.label, pattern: '^urn:waybill:shipment:[0-9]+$' })),
    // W3C Trace Context says a malformed traceparent is ignored, not refused: it is
    // carried as sent and judged where a trace is shown (lib/traceparent.ts).
    traceparent: Type.Optional(Type.String({ maxLength: 256, description: 'W3C traceparent, e.g. 00-<trace-id>-<span-id>-01' })),
    datacontenttype: Type.Optional(Type.String({ maxLength: STRING_LIMITS.label })),
    data: Type.Optional(Type.Unknown()),
  },
  { $id: 'urn:waybill:cloudevent', title: 'Waybill CloudEvent envelope' },
);
export type CloudEventEnvelope = Static<typeof CloudEventEnvelopeSchema>;

const EventTypeSchema = Type.Union(EVENT_TYPES.map((type) => Type.Literal(type)));
const ExceptionCodeSchema = Type.Union(EXCEPTION_CODES.map((code) => Type.Literal(code)));

export const ShipmentDataV2Schema = Type.Object(
  {
    carrier: dimension,
    facility: Type.Object({ code: dimension, region: dimension }),
    geo: Type.Optional(
      Type.Object({ lat: Type.Number({ minimum: -90, maximum: 90 }), lon: Type.Number({ minimum: -180, maximum: 180 }) }),
    ),
    promisedAt: Type.Optional(timestamp),
    exceptionCode: Type.Optional(ExceptionCodeSchema),
    temperatureC: Type.Optional(Type.Number()),
    batteryPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  },
  { $id: DATA_SCHEMA_V2, title: 'Shipment event data, version 2' },
);
export type ShipmentDataV2 = Static<typeof ShipmentDataV2Schema>;

export const ShipmentDataV1Schema = Type.Object(
  {
    carrier: dimension,
    hub: dimension,
    region: dimension,
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    promisedAt: Type.Optional(timestamp),
    exceptionCode: Type.Optional(ExceptionCodeSchema),
    temperatureC: Type.Optional(Type.Number()),
  },
  { $id: DATA_SCHEMA_V1, title: 'Shipment event data, version 1' },
);
export type ShipmentDataV1 = Static<typeof ShipmentDataV1Schema>;

/** Rules that depend on the event type, beyond the shape of `data`. */
export const TYPE_RULES = {
  'shipment.exception': { requires: ['exceptionCode'] },
  'device.telemetry': { requires: ['temperatureC'] },
} as const satisfies Partial<Record<(typeof EVENT_TYPES)[number], { requires: readonly string[] }>>;

/** The JSON Schema document served by GET /api/schema. */
export function publishedContract() {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Waybill shipment events',
    description:
      'CloudEvents 1.0 in JSON. `dataschema` selects the data version; absent means version 1. ' +
      'Unknown fields are ignored. A higher data version is read as version 2 when its required fields are present.',
    envelope: CloudEventEnvelopeSchema,
    eventTypes: Type.Union([EventTypeSchema]),
    typeRules: TYPE_RULES,
    data: { [DATA_SCHEMA_V1]: publishable(ShipmentDataV1Schema), [DATA_SCHEMA_V2]: publishable(ShipmentDataV2Schema) },
  };
}

/** A schema as other validators can read it: the label format, Waybill's own, written as the pattern it means. */
function publishable<T>(schema: T): T {
  return JSON.parse(
    JSON.stringify(schema, (_key, value: unknown) => {
      if (typeof value !== 'object' || value === null || (value as { format?: unknown }).format !== LABEL_FORMAT) return value;
      const { format: _format, ...rest } = value as Record<string, unknown>;
      return { ...rest, pattern: LABEL_PATTERN };
    }),
  ) as T;
}
