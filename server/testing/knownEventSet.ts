import { CLOUDEVENTS_BATCH_CONTENT_TYPE, CLOUDEVENTS_CONTENT_TYPE, NDJSON_CONTENT_TYPE } from '../../lib/contract/eventTypes';
import type { Summary } from '../../lib/summary';
import { postEvents } from './runningServer';

/** A summary without what depends on when and where it ran: quantiles, watermark, range, and how final it is. */
export function countsOf(summary: Summary) {
  const {
    latencyMs: _latency,
    leadTimeMs: _leadTime,
    legDurationMs: _legDuration,
    watermark: _watermark,
    from: _from,
    to: _to,
    rebuilding: _rebuilding,
    partialRange: _partialRange,
    partial: _partial,
    missingPartitions: _missingPartitions,
    stalePartitions: _stalePartitions,
    ...counts
  } = summary;
  return counts;
}

/**
 * A known set of shipment events mixing every case of the processing semantics (valid
 * events of every version, duplicates, the same id from two sources, out-of-order and
 * gapped sequences, a late event, exceptions, telemetry, SLA breach and every reason a
 * producer can cause a dead letter), with the figures /api/summary must answer for it.
 * Event times sit about ten minutes before `now`. Embedded and Kafka mode are tested
 * against the same set and the same figures.
 */
export function knownEventSet(now: number) {
  const T = Math.floor((now - 10 * 60_000) / 60_000) * 60_000;
  const at = (offsetMs: number) => new Date(T + offsetMs).toISOString();

  let counter = 0;
  function event(subject: string, type: string, offsetMs: number, extra: Record<string, unknown> = {}) {
    const { data, sequence, ...rest } = extra as { data?: Record<string, unknown>; sequence?: number };
    return {
      specversion: '1.0',
      id: `it-${++counter}`,
      source: '/hubs/AMS-3/scanner-1',
      type,
      time: at(offsetMs),
      subject,
      dataschema: 'urn:waybill:shipment:2',
      ...(sequence === undefined ? {} : { sequence: String(sequence) }),
      data: { carrier: 'DHL', facility: { code: 'AMS-3', region: 'eu-west' }, ...data },
      ...rest,
    };
  }

  const uk = { carrier: 'UPS', facility: { code: 'LHR-4', region: 'uk' } };
  const aCreated = event('A', 'shipment.created', 0, { sequence: 1, data: { promisedAt: at(5_000) } });
  const aPickedUp = event('A', 'shipment.picked_up', 1_000, { sequence: 2 });
  const dException = event('D', 'shipment.exception', 5_000, { sequence: 1, data: { exceptionCode: 'DAMAGED' } });
  const versionOne = {
    specversion: '1.0',
    id: 'it-v1',
    source: '/legacy/scanner',
    type: 'shipment.created',
    time: at(1_500),
    subject: 'F',
    sequence: '1',
    data: { carrier: 'UPS', hub: 'FRA-1', region: 'eu-central', lat: 50.04, lon: 8.56 },
  };

  const batch = [
    aPickedUp,
    event('A', 'shipment.delivered', 8_000, { sequence: 3 }),
    event('B', 'shipment.created', 500, { sequence: 1, data: { ...uk, promisedAt: at(60_000) } }),
    event('B', 'shipment.delivered', 3_000, { sequence: 2, data: uk }),
    event('C', 'shipment.arrived_at_hub', 2_000, { sequence: 1 }),
    event('C', 'shipment.departed_hub', 4_000, { sequence: 3 }),
    event('C', 'shipment.arrived_at_hub', 3_000, { sequence: 2 }),
    dException,
    event('E', 'device.telemetry', 6_000, { data: { temperatureC: 4.2, batteryPct: 77 } }),
    versionOne,
    event('G', 'shipment.created', 2_500, { sequence: 1, dataschema: 'urn:waybill:shipment:3', data: { handlingUnits: 2 } }),
    aPickedUp, // duplicate
    { ...event('H', 'shipment.arrived_at_hub', 7_000), id: 'shared-id', source: '/hubs/AMS-3/scanner-1' },
    { ...event('H', 'shipment.arrived_at_hub', 7_000), id: 'shared-id', source: '/hubs/FRA-1/scanner-2' },
  ];

  const ndjsonLines = [
    JSON.stringify(dException), // duplicate
    'not json',
    '[1,2]',
    JSON.stringify({ ...event('X', 'shipment.created', 0), time: undefined }),
    JSON.stringify(event('X', 'shipment.teleported', 0)),
    JSON.stringify({ ...event('X', 'shipment.created', 0), dataschema: 'urn:waybill:shipment:4', data: { site: 'AMS' } }),
    JSON.stringify(event('X', 'shipment.created', 0, { data: { notes: 'x'.repeat(70 * 1024) } })),
    // Last: L advances its partition's watermark two minutes, then a scan from T arrives late.
    JSON.stringify(event('L', 'shipment.arrived_at_hub', 120_000)),
    JSON.stringify(event('L', 'shipment.arrived_at_hub', 0)),
  ];

  /** Every item in the order it must be appended: the single event, the batch, the NDJSON lines. */
  const allItems: string[] = [JSON.stringify(aCreated), ...batch.map((item) => JSON.stringify(item)), ...ndjsonLines];

  const expectedCounts = {
    inputs: 24,
    events: 15,
    byType: {
      'shipment.created': 4,
      'shipment.picked_up': 1,
      'shipment.delivered': 2,
      'shipment.arrived_at_hub': 5,
      'shipment.departed_hub': 1,
      'shipment.exception': 1,
      'device.telemetry': 1,
    },
    byRegion: { 'eu-west': 12, 'eu-central': 1, uk: 2 },
    byCarrier: { DHL: 12, UPS: 3 },
    byFacility: { 'AMS-3': 12, 'FRA-1': 1, 'LHR-4': 2 },
    exceptions: 1,
    deadLetters: {
      total: 6,
      byReason: { invalid_json: 2, invalid_envelope: 1, schema_violation: 1, unsupported_schema: 1, too_large: 1 },
    },
    duplicates: 2,
    late: 1,
    outOfOrder: 1,
    sequenceGaps: 1,
    futureSchema: 1,
    deliveries: 2,
    slaBreaches: 1,
    errorRate: 0.25,
    exceptionRate: 1 / 15,
  };

  return { T, at, aCreated, batch, ndjsonLines, allItems, expectedCounts };
}

/** Posts the set through the three bodies POST /api/events takes, in its order; the three answers. */
export async function postKnownEventSet(url: string, set: Pick<ReturnType<typeof knownEventSet>, 'aCreated' | 'batch' | 'ndjsonLines'>) {
  return {
    single: await postEvents(url, CLOUDEVENTS_CONTENT_TYPE, JSON.stringify(set.aCreated)),
    batched: await postEvents(url, CLOUDEVENTS_BATCH_CONTENT_TYPE, JSON.stringify(set.batch)),
    lines: await postEvents(url, NDJSON_CONTENT_TYPE, set.ndjsonLines.join('\n')),
  };
}
