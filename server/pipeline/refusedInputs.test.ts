import { describe, expect, it } from 'vitest';
import { summarize } from './aggregateQuery';
import { Pipeline } from './pipeline';
import { RefusedInputs } from './refusedInputs';

const T = Date.parse('2026-03-01T12:00:00.000Z');
const HOUR = 60 * 60_000;

describe('RefusedInputs', () => {
  it('counts refused inputs as inputs and dead letters by reason, at their append time', () => {
    const refused = new RefusedInputs(HOUR);
    refused.count(T + 200, 'invalid_json');
    refused.count(T + 900, 'too_large');
    refused.count(T + 5_000, 'invalid_json');

    const firstSecond = summarize([refused], T, T + 1_000, null);
    expect(firstSecond).toMatchObject({ inputs: 2, events: 0, deadLetters: { total: 2, byReason: { invalid_json: 1, too_large: 1 } }, errorRate: 1 });
    expect(summarize([refused], T, T + 10_000, null).deadLetters).toEqual({ total: 3, byReason: { invalid_json: 2, too_large: 1 } });
  });

  it('adds to the figures of the partitions', () => {
    const pipeline = new Pipeline();
    pipeline.process({ partition: 0, offset: 0, appendTime: T, key: 'S', value: new TextEncoder().encode('not json') });
    const refused = new RefusedInputs(HOUR);
    refused.count(T, 'schema_violation');

    const summary = summarize([...pipeline.partitions(), refused], T - 1_000, T + 1_000, null);
    expect(summary.inputs).toBe(2);
    expect(summary.deadLetters).toEqual({ total: 2, byReason: { invalid_json: 1, schema_violation: 1 } });
  });

  it('forgets seconds older than the retention once newer ones arrive', () => {
    const refused = new RefusedInputs(HOUR);
    refused.count(T, 'invalid_json');
    refused.count(T + HOUR + 1_000, 'invalid_json');
    expect([...refused.buckets.keys()]).toEqual([T + HOUR + 1_000]);
  });
});
