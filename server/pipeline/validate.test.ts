import { describe, expect, it } from 'vitest';
import { DATA_SCHEMA_V1 } from '../../lib/contract/eventTypes';
import { LABEL_FORMAT, URI_REFERENCE_FORMAT } from '../../lib/contract/formats';
import { CloudEventEnvelopeSchema, ShipmentDataV1Schema, ShipmentDataV2Schema, STRING_LIMITS } from '../../lib/contract/schemas';
import { T0, testEvent } from './testing';
import { Rejection } from './deadLetter';
import type { ShipmentEvent } from './shipmentEvent';
import { validateEvent } from './validate';

function accepted(result: ShipmentEvent | Rejection): ShipmentEvent {
  if (result instanceof Rejection) throw new Error(`rejected: ${result.reason}: ${result.error}`);
  return result;
}

const APPEND = T0 + 1_000;
const SKEW = 5 * 60_000;
const validate = (event: Record<string, unknown>) => validateEvent(event, APPEND, SKEW);

describe('validateEvent: the envelope', () => {
  it('accepts a version 2 event and reads its event time', () => {
    const event = accepted(validate(testEvent({ sequence: 7, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' })));
    expect(event).toMatchObject({ time: T0, sequence: 7, dataVersion: 2, subject: 'SHP-1' });
    expect(event.traceparent).toMatch(/^00-/);
  });

  it.each(['specversion', 'id', 'source', 'type', 'time', 'subject'])('refuses an event without %s as invalid_envelope', (attribute) => {
    const event = testEvent();
    delete event[attribute];
    const result = validate(event);
    expect(result).toBeInstanceOf(Rejection);
    expect(result).toMatchObject({ reason: 'invalid_envelope', error: expect.stringContaining(attribute) });
  });

  it.each([
    ['specversion 0.3', { specversion: '0.3' }],
    ['an empty id', { id: '' }],
    ['a time without zone', { time: '2026-03-01T12:00:00' }],
    ['a time that is no instant', { time: '2026-13-45T12:00:00Z' }],
    ['a numeric sequence', { sequence: 5 as unknown as string }],
    ['a traceparent that is not a string', { traceparent: 42 }],
  ])('refuses %s as invalid_envelope', (_label, overrides) => {
    const event = { ...testEvent(), ...overrides };
    expect(validate(event)).toMatchObject({ reason: 'invalid_envelope' });
  });

  it('refuses an event time beyond the allowed skew after its append time, and accepts one at the limit', () => {
    expect(validate(testEvent({ time: APPEND + SKEW + 1 }))).toMatchObject({ reason: 'invalid_envelope' });
    accepted(validate(testEvent({ time: APPEND + SKEW })));
  });

  it('refuses an unknown type as schema_violation', () => {
    expect(validate(testEvent({ type: 'shipment.teleported' }))).toMatchObject({ reason: 'schema_violation' });
  });

  it('ignores unknown fields (tolerant reader)', () => {
    accepted(validate(testEvent({ extension: 'x', data: { carrier: 'DHL', facility: { code: 'A', region: 'r', floor: 3 }, colour: 'red' } })));
  });
});

describe('validateEvent: strings bounded in length', () => {
  const overLimit = (limit: number) => 'x'.repeat(limit + 1);

  it.each([
    ['/id', { id: overLimit(STRING_LIMITS.key) }],
    ['/subject', { subject: overLimit(STRING_LIMITS.key) }],
    ['/source', { source: `/${overLimit(STRING_LIMITS.source)}` }],
    ['/datacontenttype', { datacontenttype: overLimit(STRING_LIMITS.label) }],
    ['/data/carrier', { data: { carrier: overLimit(STRING_LIMITS.dimension) } }],
    ['/data/facility/code', { data: { facility: { code: overLimit(STRING_LIMITS.dimension), region: 'eu-west' } } }],
    ['/data/facility/region', { data: { facility: { code: 'AMS-3', region: overLimit(STRING_LIMITS.dimension) } } }],
  ])('refuses %s over its limit as schema_violation, naming the field', (field, overrides) => {
    const result = validate(testEvent(overrides));
    expect(result).toMatchObject({ reason: 'schema_violation', error: expect.stringMatching(new RegExp(`^${field}: .*length`)) });
  });

  it('takes every string at its limit', () => {
    const at = (limit: number) => 'y'.repeat(limit);
    accepted(
      validate(
        testEvent({
          id: at(STRING_LIMITS.key),
          subject: at(STRING_LIMITS.key),
          source: `/${at(STRING_LIMITS.source - 1)}`,
          data: { carrier: at(STRING_LIMITS.dimension), facility: { code: at(STRING_LIMITS.dimension), region: at(STRING_LIMITS.dimension) } },
        }),
      ),
    );
  });

  it('bounds the dimensions of version 1 and of newer versions too', () => {
    const long = overLimit(STRING_LIMITS.dimension);
    const v1 = validate({ ...testEvent({ dataschema: null }), data: { carrier: 'DHL', hub: long, region: 'eu-west' } });
    expect(v1).toMatchObject({ reason: 'schema_violation', error: expect.stringMatching(/^\/data\/hub: /) });
    const v3 = validate({ ...testEvent({ dataschema: 'urn:waybill:shipment:3' }), data: { carrier: long, facility: { code: 'AMS-3', region: 'eu-west' } } });
    expect(v3).toMatchObject({ reason: 'schema_violation', error: expect.stringMatching(/^\/data\/carrier: /) });
  });

  it.each([
    ['a control character', 'DHL\u0000'],
    ['a line break', 'DHL\nExpress'],
    ['an unpaired surrogate', 'DHL\ud800'],
  ])('refuses a carrier with %s as schema_violation, saying why', (_label, carrier) => {
    expect(validate(testEvent({ data: { carrier } }))).toMatchObject({
      reason: 'schema_violation',
      error: '/data/carrier: control characters and unpaired surrogates are not allowed in a label',
    });
    expect(accepted(validate(testEvent({ data: { carrier: 'Post Zürich 😀' } }))).data.carrier).toBe('Post Zürich 😀');
  });

  it.each(['/hubs/AMS-3/scanner-12', 'https://scanners.example.com/ams?id=12#top', 'urn:waybill:hub:AMS-3', 'scanner%2012', "a-b_c.d~e!$&'()*+,;=:@"])(
    'takes the URI-reference %s as a source',
    (source) => {
      expect(accepted(validate(testEvent({ source }))).source).toBe(source);
    },
  );

  it.each(['/hubs/AMS 3', '/hubs/"AMS"', '/hubs/<AMS>', '/hubs/Zürich', '/hubs/100%', '/hubs/{id}', 'back\\slash'])(
    'refuses %s as a source: not a URI-reference',
    (source) => {
      expect(validate(testEvent({ source }))).toMatchObject({ reason: 'invalid_envelope', error: expect.stringMatching(/^\/source: not a URI-reference/) });
    },
  );
});

/** The paths under `schema` whose strings carry `format`, as lists of property names. */
function pathsWithFormat(schema: unknown, format: string, at: string[] = []): string[][] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as { format?: unknown; properties?: Record<string, unknown> };
  if (node.format === format) return [at];
  return Object.entries(node.properties ?? {}).flatMap(([name, child]) => pathsWithFormat(child, format, [...at, name]));
}

function withValueAt(object: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path as [string, ...string[]];
  return { ...object, [head]: rest.length === 0 ? value : withValueAt(object[head] as Record<string, unknown>, rest, value) };
}

describe('validateEvent: every formatted field of the contract', () => {
  // The per-event path checks these fields by name (validate.ts); the schemas say which they are.
  const v1Data = { carrier: 'UPS', hub: 'FRA-1', region: 'eu-central' };
  const cases = [
    ...pathsWithFormat(ShipmentDataV2Schema, LABEL_FORMAT).map((path) => ({ event: testEvent(), path: ['data', ...path] })),
    ...pathsWithFormat(ShipmentDataV1Schema, LABEL_FORMAT).map((path) => ({
      event: { ...testEvent({ dataschema: null }), data: v1Data } as Record<string, unknown>,
      path: ['data', ...path],
    })),
  ];

  it('finds the label fields of both versions', () => {
    expect(cases.map(({ event, path }) => `${String(event.dataschema ?? 'v1')} ${path.join('/')}`).sort()).toEqual([
      'urn:waybill:shipment:2 data/carrier',
      'urn:waybill:shipment:2 data/facility/code',
      'urn:waybill:shipment:2 data/facility/region',
      'v1 data/carrier',
      'v1 data/hub',
      'v1 data/region',
    ]);
  });

  it.each(cases)('refuses a control character in $path as the whole schema would', ({ event, path }) => {
    expect(accepted(validate(event)).subject).toBe('SHP-1');
    expect(validate(withValueAt(event, path, 'bad\u0007label'))).toMatchObject({
      reason: 'schema_violation',
      error: `/${path.join('/')}: control characters and unpaired surrogates are not allowed in a label`,
    });
  });

  it.each(pathsWithFormat(CloudEventEnvelopeSchema, URI_REFERENCE_FORMAT))('refuses a URI with a space in %s', (field) => {
    expect(validate(withValueAt(testEvent(), [field], '/a b'))).toMatchObject({ reason: 'invalid_envelope', error: expect.stringMatching(new RegExp(`^/${field}: `)) });
  });

  it('says a time outside the pattern breaks the pattern, and a time inside it that is no instant is none', () => {
    expect(validate({ ...testEvent(), time: '2026-03-01 noon' })).toMatchObject({ reason: 'invalid_envelope', error: expect.stringMatching(/^\/time: Expected string to match/) });
    expect(validate({ ...testEvent(), time: '2026-02-30T12:00:00Z' })).toMatchObject({ reason: 'invalid_envelope', error: '/time: not a valid instant: 2026-02-30T12:00:00Z' });
  });
});

describe('validateEvent: data versions', () => {
  const v1Data = { carrier: 'UPS', hub: 'FRA-1', region: 'eu-central', lat: 50.1, lon: 8.6, promisedAt: '2026-03-02T12:00:00Z' };

  it('upcasts version 1 (no dataschema) to version 2', () => {
    const event = testEvent({ dataschema: null });
    event.data = v1Data;
    const upcast = accepted(validate(event));
    expect(upcast.data).toEqual({
      carrier: 'UPS',
      facility: { code: 'FRA-1', region: 'eu-central' },
      geo: { lat: 50.1, lon: 8.6 },
      promisedAt: '2026-03-02T12:00:00Z',
    });
    expect(upcast.dataVersion).toBe(1);
  });

  it('reads an explicit version 1 dataschema the same way', () => {
    const event = testEvent({ dataschema: DATA_SCHEMA_V1 });
    event.data = v1Data;
    accepted(validate(event));
  });

  it('refuses version 1 data that lacks its hub as schema_violation', () => {
    const event = testEvent({ dataschema: null });
    event.data = { carrier: 'UPS', region: 'eu' };
    expect(validate(event)).toMatchObject({ reason: 'schema_violation' });
  });

  it('refuses version 2 data without a facility as schema_violation', () => {
    const event = testEvent();
    event.data = { carrier: 'DHL' };
    expect(validate(event)).toMatchObject({ reason: 'schema_violation' });
  });

  it('refuses a missing data object as schema_violation', () => {
    const event = testEvent();
    delete event.data;
    expect(validate(event)).toMatchObject({ reason: 'schema_violation' });
  });

  it('reads version 3 with the version 2 fields as version 2', () => {
    const event = testEvent({ dataschema: 'urn:waybill:shipment:3' });
    event.data = { carrier: 'DHL', facility: { code: 'AMS-3', region: 'eu-west' }, parcelCount: 3 };
    expect(accepted(validate(event)).dataVersion).toBe(3);
  });

  it('refuses version 3 without the version 2 fields as unsupported_schema', () => {
    const event = testEvent({ dataschema: 'urn:waybill:shipment:3' });
    event.data = { carrierRef: { name: 'DHL' }, location: 'AMS-3' };
    expect(validate(event)).toMatchObject({ reason: 'unsupported_schema' });
  });

  it('reads version 3 whose optional fields changed form as version 2 without them', () => {
    const event = testEvent({ dataschema: 'urn:waybill:shipment:3' });
    event.data = { carrier: 'DHL', facility: { code: 'AMS-3', region: 'eu-west' }, geo: '52.3,4.8', batteryPct: 80, promisedAt: '2026-02-30T12:00:00Z' };
    const read = accepted(validate(event));
    expect(read.dataVersion).toBe(3);
    expect(read.data).toEqual({ carrier: 'DHL', facility: { code: 'AMS-3', region: 'eu-west' }, batteryPct: 80 });
  });

  it('refuses version 3 without a field its type needs as unsupported_schema', () => {
    const event = testEvent({ dataschema: 'urn:waybill:shipment:3', type: 'shipment.exception' });
    expect(validate(event)).toMatchObject({ reason: 'unsupported_schema', error: expect.stringContaining('exceptionCode') });
  });

  it('reads a version too large for a safe integer as a newer version', () => {
    const event = accepted(validate(testEvent({ dataschema: 'urn:waybill:shipment:99999999999999999999' })));
    expect(event.dataVersion).toBe(Number.MAX_SAFE_INTEGER);
    expect(validate(testEvent({ dataschema: 'urn:waybill:shipment:0' }))).toMatchObject({ reason: 'invalid_envelope' });
  });

  it('refuses a promise that matches the pattern but is no real instant, in versions 1 and 2', () => {
    expect(validate(testEvent({ data: { promisedAt: '2026-02-30T12:00:00Z' } }))).toMatchObject({
      reason: 'schema_violation',
      error: expect.stringContaining('/data/promisedAt'),
    });
    const versionOne = testEvent({ dataschema: null });
    versionOne.data = { ...v1Data, promisedAt: '2026-13-01T00:00:00Z' };
    expect(validate(versionOne)).toMatchObject({ reason: 'schema_violation' });
  });

  it('requires an exception code on shipment.exception and a temperature on device.telemetry', () => {
    expect(validate(testEvent({ type: 'shipment.exception' }))).toMatchObject({ reason: 'schema_violation' });
    accepted(validate(testEvent({ type: 'shipment.exception', data: { exceptionCode: 'DAMAGED' } })));
    expect(validate(testEvent({ type: 'shipment.exception', data: { exceptionCode: 'STOLEN_BY_PIRATES' } }))).toMatchObject({
      reason: 'schema_violation',
    });
    expect(validate(testEvent({ type: 'device.telemetry' }))).toMatchObject({ reason: 'schema_violation' });
    accepted(validate(testEvent({ type: 'device.telemetry', data: { temperatureC: 4.5, batteryPct: 80 } })));
  });
});
