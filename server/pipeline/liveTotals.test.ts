import { describe, expect, it } from 'vitest';
import { EXCEPTION_CODES } from '../../lib/contract/eventTypes';
import { mergeRange, pointOf, seriesOf, summaryOf } from './aggregateQuery';
import { liveEndOf, LiveTotals } from './liveTotals';
import { Pipeline } from './pipeline';
import { T0, TestLog, testEvent } from './testing';

const PARTITIONS = 4;
const SPAN_MS = 10 * 60_000;
const REGIONS = ['eu-west', 'eu-north', 'us-east', 'ap-south'];
const CARRIERS = ['DHL', 'UPS', 'GLS'];
const TYPES = ['shipment.arrived_at_hub', 'shipment.departed_hub', 'shipment.exception', 'shipment.delivered'];

/** A seeded generator of numbers in [0, 1): the same traffic on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A pipeline fed mixed traffic on a clock of its own: events a little behind the clock
 * and some too late, duplicates, exceptions with codes, and inputs that are not JSON.
 */
function trafficOnAClock(seed: number) {
  const pipeline = new Pipeline({ allowedLatenessMs: 2_000, windowGraceMs: 1_000 });
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const log = new TestLog();
  const sent: Record<string, unknown>[] = [];
  let now = T0 + 123;
  return {
    pipeline,
    get now() {
      return now;
    },
    /** Moves the clock on and appends `count` inputs at the new time. */
    step(ms: number, count: number) {
      now += ms;
      for (let i = 0; i < count; i += 1) {
        const partition = Math.floor(random() * PARTITIONS);
        const roll = random();
        let value: unknown;
        if (roll < 0.03) value = new TextEncoder().encode('{not json');
        else if (roll < 0.08 && sent.length > 0) value = pick(sent);
        else {
          const type = pick(TYPES);
          const event = testEvent({
            // Mostly just behind the clock; one in ten far enough behind to be late.
            time: now - (roll < 0.18 ? 5_000 + random() * 20_000 : random() * 1_500),
            subject: `SHP-${Math.floor(random() * 500)}`,
            type,
            data: {
              carrier: pick(CARRIERS),
              facility: { code: `F-${Math.floor(random() * 9)}`, region: pick(REGIONS) },
              ...(type === 'shipment.exception' ? { exceptionCode: pick(EXCEPTION_CODES) } : {}),
            },
          });
          sent.push(event);
          if (sent.length > 200) sent.shift();
          value = event;
        }
        pipeline.process(log.record(value, { partition, appendTime: now }));
      }
    },
    changes() {
      const changed = new Set<number>();
      for (const processor of pipeline.partitions()) processor.takeChangedSeconds(changed);
      return changed;
    },
  };
}

describe('LiveTotals', () => {
  it('keeps windows and step series equal to a merge from scratch, tick after tick', () => {
    const traffic = trafficOnAClock(7);
    traffic.step(0, 2_000);
    const live = new LiveTotals(SPAN_MS);
    live.advance(traffic.pipeline.partitions(), traffic.changes(), false, traffic.now);
    const current = live.window(60_000);
    const previous = live.window(60_000, 60_000);
    // A chart's point shows only latency of the sketches: its steps keep only that one.
    const steps = live.steps(5_000, 5 * 60_000, ['latency']);
    let ticks = 0;
    // Ticks of uneven length, some crossing several seconds, some skipping whole windows;
    // over two minutes of steady traffic first, so windows slide past seconds with data.
    const schedule = [
      ...Array.from({ length: 24 }, () => [[100, 10], [250, 25], [1_700, 60], [40, 2], [0, 5], [3_000, 90]] as const).flat(),
      [61_000, 200],
      [900, 40],
      [100, 0],
      [5_000, 120],
      [121_000, 50],
      [700, 30],
    ] as const;
    for (const [ms, count] of schedule) {
      traffic.step(ms, count);
      live.advance(traffic.pipeline.partitions(), traffic.changes(), false, traffic.now);
      ticks += 1;
      const histories = traffic.pipeline.partitions();
      const end = liveEndOf(traffic.now);
      expect(summaryOf(current.totals, 0, 0, null)).toEqual(summaryOf(mergeRange(histories, end - 60_000, end), 0, 0, null));
      expect(summaryOf(previous.totals, 0, 0, null)).toEqual(summaryOf(mergeRange(histories, end - 120_000, end - 60_000), 0, 0, null));
      const first = steps.firstStepAt(end);
      const expected = seriesOf(histories, first, end, 5_000, 'region').points;
      expect(steps.ordered().map(([t, totals]) => pointOf(totals, t, 'region'))).toEqual(expected);
      expect(expected).toHaveLength(60);
    }
    expect(ticks).toBe(schedule.length);
    const last = summaryOf(current.totals, 0, 0, null);
    // The mix reached every kind of figure the windows keep.
    expect(last.events).toBeGreaterThan(0);
    expect(last.deadLetters.total).toBeGreaterThan(0);
    expect(last.duplicates + last.late).toBeGreaterThan(0);
    expect(last.latencyMs).not.toBeNull();
  });

  it('tells which steps the last advance changed, the step that just began included', () => {
    const traffic = trafficOnAClock(11);
    const live = new LiveTotals(SPAN_MS);
    live.advance(traffic.pipeline.partitions(), traffic.changes(), false, traffic.now);
    const steps = live.steps(5_000, 5 * 60_000);
    live.advance(traffic.pipeline.partitions(), traffic.changes(), false, traffic.now);
    expect(steps.changedSteps.size).toBe(0);

    traffic.step(100, 50);
    live.advance(traffic.pipeline.partitions(), traffic.changes(), false, traffic.now);
    const stepNow = Math.floor(traffic.now / 5_000) * 5_000;
    expect([...steps.changedSteps]).toContain(stepNow);
    expect(steps.changedSteps.size).toBeLessThanOrEqual(2);

    // Quiet seconds: a step boundary crossed without events still brings its (empty) step.
    traffic.step(5_000, 0);
    live.advance(traffic.pipeline.partitions(), traffic.changes(), false, traffic.now);
    expect([...steps.changedSteps]).toContain(Math.floor(traffic.now / 5_000) * 5_000);
  });

  it('merges everything again on reset, when partitions come or go', () => {
    const traffic = trafficOnAClock(3);
    traffic.step(0, 1_000);
    const live = new LiveTotals(SPAN_MS);
    live.advance(traffic.pipeline.partitions(), traffic.changes(), false, traffic.now);
    const current = live.window(60_000);
    traffic.pipeline.revoke(0);
    traffic.step(100, 100);
    live.advance(traffic.pipeline.partitions(), traffic.changes(), true, traffic.now);
    const end = liveEndOf(traffic.now);
    expect(summaryOf(current.totals, 0, 0, null)).toEqual(summaryOf(mergeRange(traffic.pipeline.partitions(), end - 60_000, end), 0, 0, null));
  });

  it('refuses a window reaching past its span', () => {
    const live = new LiveTotals(60_000);
    live.advance([], new Set(), false, 0);
    expect(() => live.window(60_000, 60_000)).toThrow(/span/);
  });
});
