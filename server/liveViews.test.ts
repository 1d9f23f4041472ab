import { describe, expect, it } from 'vitest';
import { STRING_LIMITS } from '../lib/contract/schemas';
import type { OverviewSelection, TvSelection } from '../lib/live';
import { Pipeline } from './pipeline/pipeline';
import { TestLog, testEvent } from './pipeline/testing';
import { LiveViews } from './liveViews';
import { ReadModel } from './readModel';

const PARTITIONS = 6;
const OVERVIEW: OverviewSelection = { view: 'overview', by: 'facility', window: '5m' };
const TV: TvSelection = { view: 'tv', window: '1m', region: null, carrier: null };
const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('live views and summaries whatever the producers send', () => {
  it('grow by less than a fixed bound when thousands of distinct, maximally long values arrive', () => {
    const pipeline = new Pipeline();
    for (let partition = 0; partition < PARTITIONS; partition += 1) pipeline.assign(partition);
    const readModel = new ReadModel(pipeline, { mode: 'embedded', progress: { state: 'live', replayed: 0, total: 0, progress: 1 }, lagRecords: () => 0, connected: true });
    const views = new LiveViews(readModel);
    const log = new TestLog();
    const now = Date.now();
    let subjects = 0;
    const fold = (data: () => Record<string, unknown>, count: number, at: number) => {
      for (let i = 0; i < count; i += 1) {
        const event = testEvent({ time: at - 2_000, subject: `SHP-${(subjects += 1)}`, data: data() });
        pipeline.process(log.record(event, { partition: subjects % PARTITIONS, appendTime: at - 1_000 }));
      }
    };
    const sizes = (at: number) => {
      views.tick(at);
      const points = views.changedPoints(OVERVIEW);
      return {
        update: bytesOf(views.overviewUpdate(OVERVIEW, points, 1)),
        points: points.length,
        tv: bytesOf(views.tvFrame(TV)),
        summary: bytesOf(readModel.summary(at - 60_000, at + 1_000)),
      };
    };

    fold(() => ({ carrier: 'DHL', facility: { code: 'AMS-3', region: 'eu-west' } }), 500, now);
    const before = sizes(now);

    // Distinct values at the longest the contract allows, spread over every partition:
    // each partition admits its own hundred, so merged they name six times as many.
    let distinct = 0;
    const long = () => `${(distinct += 1)}-`.padEnd(STRING_LIMITS.dimension, 'x');
    fold(() => ({ carrier: long(), facility: { code: long(), region: long() } }), 6_000, now + 1_000);
    const after = sizes(now + 1_000);

    const cap = readModel.maxBreakdownNames;
    // One name in a breakdown: its quotes, a colon, a count and a comma beside the value.
    const perName = STRING_LIMITS.dimension + 16;
    const summaryBound = 3 * (cap + 1) * perName;
    expect(after.summary - before.summary).toBeLessThan(summaryBound);
    // A pushed update holds the minute's summary and the points that changed, each split by facility.
    expect(after.update - before.update).toBeLessThan(summaryBound + Math.max(1, after.points) * (cap + 1) * perName);
    // The wall shows regions only.
    expect(after.tv - before.tv).toBeLessThan(2 * (cap + 1) * perName);
    // Nothing was dropped on the way: the folded names still add up to every event.
    const summary = readModel.summary(now - 60_000, now + 2_000);
    expect(Object.values(summary.byCarrier).reduce((sum, count) => sum + count, 0)).toBe(6_500);
    expect(Object.keys(summary.byCarrier)).toHaveLength(cap + 1);
    console.log(
      `bounded live views: 6,000 distinct ${STRING_LIMITS.dimension}-character values per dimension over ${PARTITIONS} partitions; ` +
        `summary ${before.summary} → ${after.summary} B, update ${before.update} → ${after.update} B, wall frame ${before.tv} → ${after.tv} B`,
    );
  });
});
