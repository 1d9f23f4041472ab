import { describe, expect, it } from 'vitest';
import { seriesOf, summarize } from './aggregateQuery';
import { classifyInput } from './classifyInput';
import { Rejection } from './deadLetter';
import type { LogRecord } from './logRecord';
import { Pipeline } from './pipeline';
import { DEFAULT_PIPELINE_OPTIONS } from './pipelineOptions';
import { T0, TestLog, testEvent } from './testing';

describe('Pipeline', () => {
  it('keeps state per partition and merges partitions into one summary', () => {
    const pipeline = new Pipeline();
    const log = new TestLog();
    pipeline.process(log.record(testEvent({ id: 'a', data: { carrier: 'DHL' } }), { partition: 0 }));
    pipeline.process(log.record(testEvent({ id: 'b', data: { carrier: 'UPS' } }), { partition: 5 }));
    pipeline.process(log.record('nope', { partition: 5, raw: true }));
    expect(pipeline.partitions().map((p) => p.partition)).toEqual([0, 5]);
    const summary = summarize(pipeline.partitions(), T0 - 10_000, T0 + 10_000, null);
    expect(summary).toMatchObject({ inputs: 3, events: 2, byCarrier: { DHL: 1, UPS: 1 }, deadLetters: { total: 1 } });
  });

  it('drops a revoked partition\'s state', () => {
    const pipeline = new Pipeline();
    const log = new TestLog();
    pipeline.process(log.record(testEvent(), { partition: 2 }));
    pipeline.revoke(2);
    expect(summarize(pipeline.partitions(), T0 - 10_000, T0 + 10_000, null).events).toBe(0);
  });

  it('does not let an idle partition hold the global watermark back', () => {
    const pipeline = new Pipeline({ allowedLatenessMs: 0 });
    const log = new TestLog();
    pipeline.process(log.record(testEvent({ time: T0 }), { partition: 0, appendTime: T0 }));
    pipeline.process(log.record(testEvent({ time: T0 + 60_000 }), { partition: 1, appendTime: T0 + 60_000 }));
    pipeline.process(log.record(testEvent({ time: T0 + 50_000 }), { partition: 2, appendTime: T0 + 55_000 }));
    // Partition 0 has had no append for a minute of the log's time: only 1 and 2 count, the slower wins.
    expect(pipeline.globalWatermark(10_000)).toBe(T0 + 50_000);
    // With a longer idle timeout partition 0 is active again and holds the watermark back.
    expect(pipeline.globalWatermark(120_000)).toBe(T0);
    expect(new Pipeline().globalWatermark(10_000)).toBeNull();
  });

  it('builds series points per step, split by a dimension', () => {
    const pipeline = new Pipeline();
    const log = new TestLog();
    for (let i = 0; i < 6; i += 1) {
      pipeline.process(log.record(testEvent({ time: T0 + i * 1_000, data: { facility: { code: 'X', region: i < 4 ? 'eu' : 'us' } } })));
    }
    const series = seriesOf(pipeline.partitions(), T0 + 500, T0 + 6_000, 2_000, 'region');
    expect(series.from).toBe(T0);
    expect(series.points.map((p) => [p.t - T0, p.events, p.split])).toEqual([
      [0, 2, { eu: 2 }],
      [2_000, 2, { eu: 2 }],
      [4_000, 2, { us: 2 }],
    ]);
  });

  it('folds an event a front door validated exactly as it folds the same bytes', () => {
    // Every outcome: ok, a duplicate, out of order, late, a sequence gap, and inputs no front door passes.
    const log = new TestLog();
    const second = testEvent({ id: 'b', subject: 'SHP-1', sequence: 2, time: T0 + 2_000 });
    const inputs: { value: unknown; raw?: boolean; appendTime: number }[] = [
      { value: testEvent({ id: 'a', subject: 'SHP-1', sequence: 1, time: T0 + 1_000 }), appendTime: T0 + 1_000 },
      { value: second, appendTime: T0 + 2_000 },
      { value: second, appendTime: T0 + 2_500 },
      { value: testEvent({ id: 'c', subject: 'SHP-1', sequence: 5, time: T0 + 3_000 }), appendTime: T0 + 3_000 },
      { value: testEvent({ id: 'd', subject: 'SHP-1', sequence: 4, time: T0 + 3_500 }), appendTime: T0 + 3_500 },
      { value: testEvent({ id: 'e', subject: 'SHP-2', time: T0 + 600_000 }), appendTime: T0 + 600_000 },
      { value: testEvent({ id: 'f', subject: 'SHP-3', time: T0 }), appendTime: T0 + 600_500 },
      { value: '{"nope"', raw: true, appendTime: T0 + 601_000 },
      { value: testEvent({ id: 'g', time: T0 + 3_600_000 }), appendTime: T0 + 601_000 },
    ];
    const records = inputs.map(({ value, raw, appendTime }) => log.record(value, { appendTime, raw, partition: 1 }));
    // As POST /api/events judges them: at a time before their append.
    const handedOver = records.map((record): LogRecord => {
      const classified = classifyInput(record.value!, record.appendTime - 50, DEFAULT_PIPELINE_OPTIONS);
      return classified instanceof Rejection ? record : { ...record, validatedEvent: classified };
    });
    expect(handedOver.filter((record) => record.validatedEvent !== undefined)).toHaveLength(7);

    const fromBytes = new Pipeline();
    const fromFrontDoor = new Pipeline();
    const outcomes = records.map((record) => fromBytes.process(record));
    expect(handedOver.map((record) => fromFrontDoor.process(record))).toEqual(outcomes);
    expect(new Set(outcomes.map((outcome) => outcome.kind))).toEqual(new Set(['ok', 'duplicate', 'outOfOrder', 'late', 'deadLetter']));
    const range = [T0 - 10_000, T0 + 3_700_000] as const;
    expect(summarize(fromFrontDoor.partitions(), ...range, null)).toEqual(summarize(fromBytes.partitions(), ...range, null));
  });

  it('takes a front door\'s event without parsing the bytes again', () => {
    const log = new TestLog();
    const record = log.record(testEvent({ id: 'x', data: { carrier: 'DHL' } }));
    const other = classifyInput(log.record(testEvent({ id: 'y', data: { carrier: 'UPS' } })).value!, T0, DEFAULT_PIPELINE_OPTIONS);
    if (other instanceof Rejection) throw other;
    const pipeline = new Pipeline();
    // Not how it is used (the event must be the bytes'), but the only way to see which one is folded.
    pipeline.process({ ...record, validatedEvent: other });
    expect(summarize(pipeline.partitions(), T0 - 10_000, T0 + 10_000, null).byCarrier).toEqual({ UPS: 1 });
  });
});
