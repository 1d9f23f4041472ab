import { describe, expect, it } from 'vitest';
import { seriesOf, summarize } from './aggregateQuery';
import { Pipeline } from './pipeline';
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
});
