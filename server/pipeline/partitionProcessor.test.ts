import { describe, expect, it } from 'vitest';
import { summarize } from './aggregateQuery';
import type { Bucket } from './bucket';
import type { LogRecord } from './logRecord';
import type { Outcome } from './outcome';
import { PartitionProcessor } from './partitionProcessor';
import { DEFAULT_PIPELINE_OPTIONS, type PipelineOptions } from './pipelineOptions';
import { T0, TestLog, testEvent } from './testing';

const LATENESS = DEFAULT_PIPELINE_OPTIONS.allowedLatenessMs;
const GRACE = DEFAULT_PIPELINE_OPTIONS.windowGraceMs;

function setup(options: Partial<PipelineOptions> = {}) {
  const processor = new PartitionProcessor(0, { ...DEFAULT_PIPELINE_OPTIONS, ...options });
  const log = new TestLog();
  const feed = (event: unknown, appendTime = T0 + 1_000): Outcome => processor.process(log.record(event, { appendTime }));
  const total = () => summarize([processor], T0 - 3_600_000, T0 + 3_600_000, processor.watermark);
  return { processor, feed, total };
}

describe('PartitionProcessor: counting', () => {
  it('counts a valid event by event time and its input by append time', () => {
    const { processor, feed } = setup();
    const outcome = feed(testEvent({ time: T0 + 200 }), T0 + 5_300);
    expect(outcome.kind).toBe('ok');
    const eventBucket = processor.buckets.get(T0)!;
    const arrivalBucket = processor.buckets.get(T0 + 5_000)!;
    expect(eventBucket).toMatchObject({ events: 1, inputs: 0 });
    expect(arrivalBucket).toMatchObject({ events: 0, inputs: 1 });
    const eventSecond = summarize([processor], T0, T0 + 1_000, null);
    expect(eventSecond).toMatchObject({
      events: 1,
      inputs: 0,
      byType: { 'shipment.arrived_at_hub': 1 },
      byRegion: { 'eu-west': 1 },
      byCarrier: { DHL: 1 },
      byFacility: { 'AMS-3': 1 },
    });
  });

  it('measures latency as append time minus event time', () => {
    const { feed, total } = setup();
    feed(testEvent({ time: T0 }), T0 + 2_000);
    const latency = total().latencyMs!;
    expect(latency.p50).toBeGreaterThanOrEqual(2_000 * 0.99);
    expect(latency.p50).toBeLessThanOrEqual(2_000 * 1.01);
  });

  it('dead-letters by append time with the reason, and never stops on a bad input', () => {
    const { feed, total } = setup();
    const bad = feed('{{{');
    expect(bad).toMatchObject({ kind: 'deadLetter', rejection: { reason: 'invalid_json' } });
    expect(feed(testEvent()).kind).toBe('ok');
    const summary = total();
    expect(summary.inputs).toBe(2);
    expect(summary.events).toBe(1);
    expect(summary.deadLetters).toEqual({ total: 1, byReason: { invalid_json: 1 } });
    expect(summary.errorRate).toBe(0.5);
  });

  it('turns a throwing fold into a processing_error dead letter and goes on', () => {
    class FaultyProcessor extends PartitionProcessor {
      protected override fold(record: LogRecord, arrival: Bucket): Outcome {
        if (record.offset === 0) throw new Error('boom');
        return super.fold(record, arrival);
      }
    }
    const processor = new FaultyProcessor(0, DEFAULT_PIPELINE_OPTIONS);
    const log = new TestLog();
    expect(processor.process(log.record(testEvent()))).toMatchObject({
      kind: 'deadLetter',
      rejection: { reason: 'processing_error', error: 'boom' },
    });
    expect(processor.process(log.record(testEvent())).kind).toBe('ok');
  });

  it('counts exceptions, future schemas and the exception rate', () => {
    const { feed, total } = setup();
    feed(testEvent({ type: 'shipment.exception', data: { exceptionCode: 'DAMAGED' } }));
    feed(testEvent({ dataschema: 'urn:waybill:shipment:3' }));
    feed(testEvent({ subject: 'SHP-2' }));
    feed(testEvent({ subject: 'SHP-3' }));
    const summary = total();
    expect(summary).toMatchObject({ events: 4, exceptions: 1, futureSchema: 1, exceptionRate: 0.25 });
  });
});

describe('PartitionProcessor: duplicates', () => {
  it('counts a second event with the same source and id as a duplicate and changes nothing else', () => {
    const { feed, total } = setup();
    const event = testEvent({ id: 'same', sequence: 1 });
    expect(feed(event).kind).toBe('ok');
    expect(feed(event).kind).toBe('duplicate');
    expect(total()).toMatchObject({ inputs: 2, events: 1, duplicates: 1, outOfOrder: 0 });
  });

  it('treats the same id from another source as another event', () => {
    const { feed, total } = setup();
    feed(testEvent({ id: 'same', source: '/hubs/A' }));
    expect(feed(testEvent({ id: 'same', source: '/hubs/B' })).kind).toBe('ok');
    expect(total()).toMatchObject({ events: 2, duplicates: 0 });
  });

  it('does not confuse source and id that concatenate alike', () => {
    const { feed, total } = setup();
    feed(testEvent({ source: '/a', id: 'bc' }));
    feed(testEvent({ source: '/ab', id: 'c' }));
    expect(total().duplicates).toBe(0);
  });
});

describe('PartitionProcessor: watermark, grace and late events', () => {
  it('keeps the watermark at the highest event time minus the allowed lateness', () => {
    const { processor, feed } = setup();
    expect(processor.watermark).toBeNull();
    feed(testEvent({ time: T0 + 10_000 }), T0 + 11_000);
    feed(testEvent({ time: T0 + 2_000 }), T0 + 11_000);
    expect(processor.watermark).toBe(T0 + 10_000 - LATENESS);
  });

  it('does not let an event stamped ahead of the log move the watermark past the append time', () => {
    const { processor, feed } = setup();
    // Four minutes ahead: within the allowed skew, so counted, but the producer's clock is wrong.
    expect(feed(testEvent({ time: T0 + 240_000 }), T0 + 10_000).kind).toBe('ok');
    expect(processor.watermark).toBe(T0 + 10_000 - LATENESS);
    // Everyone else's events of a few seconds ago are still on time.
    expect(feed(testEvent({ time: T0 + 5_000 }), T0 + 11_000).kind).toBe('ok');
  });

  it('accepts an event one millisecond before its bucket closes, and calls it late exactly at the grace edge', () => {
    // The bucket [T0, T0 + 1 s) is final once T0 + 1 s + grace <= watermark.
    const edge = T0 + 1_000 + GRACE + LATENESS; // the max event time that puts the watermark exactly on the edge
    const open = setup();
    open.feed(testEvent({ time: edge - 1 }), edge);
    expect(open.feed(testEvent({ time: T0 + 999 }), edge).kind).toBe('ok');

    const closed = setup();
    closed.feed(testEvent({ time: edge }), edge);
    const late = closed.feed(testEvent({ time: T0 + 999 }), edge + 500);
    expect(late.kind).toBe('late');
    const summary = closed.total();
    expect(summary).toMatchObject({ inputs: 2, events: 1, late: 1 });
    // Late counts by append time, never in the final bucket.
    expect(closed.processor.buckets.get(T0)?.events ?? 0).toBe(0);
    expect(closed.processor.buckets.get(edge)!.late).toBe(1);
  });

  it('counts a late copy of a seen event as late, not as a duplicate', () => {
    const { feed, total } = setup();
    const event = testEvent({ id: 'x', time: T0 });
    feed(event);
    feed(testEvent({ time: T0 + 120_000 }), T0 + 120_000);
    expect(feed(event, T0 + 121_000).kind).toBe('late');
    expect(total()).toMatchObject({ late: 1, duplicates: 0, events: 2 });
  });
});

describe('PartitionProcessor: shipment state', () => {
  it('flags a lower sequence as out of order, still counting it, and a jump as a gap', () => {
    const { feed, total } = setup();
    expect(feed(testEvent({ sequence: 1, time: T0 })).kind).toBe('ok');
    expect(feed(testEvent({ sequence: 3, time: T0 + 100 })).kind).toBe('ok');
    expect(feed(testEvent({ sequence: 2, time: T0 + 50 })).kind).toBe('outOfOrder');
    expect(feed(testEvent({ sequence: 4, time: T0 + 200 })).kind).toBe('ok');
    expect(total()).toMatchObject({ events: 4, outOfOrder: 1, sequenceGaps: 1 });
  });

  it('flags only a lower sequence: a repeated one (another event, same position) is neither out of order nor a gap', () => {
    const { feed, total } = setup();
    feed(testEvent({ sequence: 1, time: T0 }));
    expect(feed(testEvent({ sequence: 1, time: T0 + 100 })).kind).toBe('ok');
    expect(feed(testEvent({ sequence: 2, time: T0 + 200 })).kind).toBe('ok');
    expect(total()).toMatchObject({ events: 3, outOfOrder: 0, sequenceGaps: 0 });
  });

  it('keeps sequences apart per shipment', () => {
    const { feed, total } = setup();
    feed(testEvent({ subject: 'A', sequence: 5 }));
    feed(testEvent({ subject: 'B', sequence: 1 }));
    expect(total()).toMatchObject({ outOfOrder: 0, sequenceGaps: 0 });
  });

  it('measures leg durations, lead time and SLA breaches', () => {
    const { feed, total } = setup();
    const promisedAt = new Date(T0 + 10_000).toISOString();
    feed(testEvent({ subject: 'S', type: 'shipment.created', time: T0, data: { promisedAt } }), T0 + 20_000);
    feed(testEvent({ subject: 'S', type: 'shipment.picked_up', time: T0 + 4_000 }), T0 + 20_000);
    feed(testEvent({ subject: 'S', type: 'device.telemetry', time: T0 + 5_000, data: { temperatureC: 3 } }), T0 + 20_000);
    feed(testEvent({ subject: 'S', type: 'shipment.delivered', time: T0 + 12_000 }), T0 + 20_000);
    feed(testEvent({ subject: 'on-time', type: 'shipment.created', time: T0, data: { promisedAt } }), T0 + 20_000);
    feed(testEvent({ subject: 'on-time', type: 'shipment.delivered', time: T0 + 9_000 }), T0 + 20_000);
    const summary = total();
    expect(summary).toMatchObject({ deliveries: 2, slaBreaches: 1 });
    // Legs of S: 4 s and 8 s (telemetry is no leg); of on-time: 9 s.
    expect(Math.abs(summary.legDurationMs!.p50 - 8_000)).toBeLessThanOrEqual(80);
    // Lead times 12 s (S) and 9 s (on-time); a sketch's median of two is the lower one.
    expect(summary.leadTimeMs!.p50).toBeGreaterThanOrEqual(9_000 * 0.99);
    expect(summary.leadTimeMs!.p50).toBeLessThanOrEqual(9_000 * 1.01);
  });
});

describe('PartitionProcessor: dimensions and retention', () => {
  it('folds values beyond the cap into other', () => {
    const { feed, total } = setup({ maxDimensionValues: 2 });
    for (const carrier of ['A', 'B', 'C', 'D', 'A']) feed(testEvent({ data: { carrier } }));
    expect(total().byCarrier).toEqual({ A: 2, B: 1, other: 2 });
  });

  it('forgets buckets, dedupe keys and shipments older than the retention', () => {
    const retentionMs = 60_000;
    const { processor, feed } = setup({ retentionMs, allowedLatenessMs: 0, windowGraceMs: 0 });
    const event = testEvent({ id: 'kept-a-while', time: T0 });
    feed(event, T0);
    feed(testEvent({ time: T0 + 30_000 }), T0 + 30_000);
    expect(feed(event, T0 + 30_500).kind).toBe('late');
    feed(testEvent({ time: T0 + 61_500 }), T0 + 61_500);
    expect(processor.buckets.has(T0)).toBe(false);
    expect(processor.buckets.has(T0 + 30_000)).toBe(true);
  });
});

describe('PartitionProcessor: replay', () => {
  it('gives the same aggregates when the same records are replayed into a new processor', () => {
    const log = new TestLog();
    const records: LogRecord[] = [];
    for (let i = 0; i < 500; i += 1) {
      const appendTime = T0 + i * 97;
      const event = i % 17 === 0 ? '{bad' : testEvent({ id: `e${i % 450}`, subject: `S${(i % 450) % 13}`, sequence: (i * 7) % 11, time: appendTime - (i % 9) * 1_500 });
      records.push(log.record(event, { appendTime, raw: typeof event === 'string' }));
    }
    const first = new PartitionProcessor(0, DEFAULT_PIPELINE_OPTIONS);
    const second = new PartitionProcessor(0, DEFAULT_PIPELINE_OPTIONS);
    const firstOutcomes = records.map((record) => first.process(record).kind);
    const secondOutcomes = records.map((record) => second.process(record).kind);
    expect(secondOutcomes).toEqual(firstOutcomes);
    const range = [T0 - 60_000, T0 + 120_000] as const;
    expect(summarize([second], ...range, null)).toEqual(summarize([first], ...range, null));
    expect(new Set(firstOutcomes)).toEqual(new Set(['ok', 'duplicate', 'outOfOrder', 'deadLetter']));
  });
});

describe('PartitionProcessor: duplicates within a busy shipment', () => {
  it('recognises a copy of the first event of a shipment with hundreds of events', () => {
    const { feed, total } = setup();
    const first = testEvent({ id: 'reading-0', type: 'device.telemetry', subject: 'TRACKED', data: { temperatureC: 4 } });
    feed(first);
    for (let i = 1; i < 300; i += 1) feed(testEvent({ id: `reading-${i}`, type: 'device.telemetry', subject: 'TRACKED', data: { temperatureC: 4 } }));
    expect(feed(first).kind).toBe('duplicate');
    expect(feed(testEvent({ id: 'reading-299', source: '/devices/other', type: 'device.telemetry', subject: 'TRACKED', data: { temperatureC: 4 } })).kind).toBe('ok');
    expect(total()).toMatchObject({ events: 301, duplicates: 1 });
  });
});
