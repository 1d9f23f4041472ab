import { describe, expect, it } from 'vitest';
import { Pipeline } from '../pipeline/pipeline';
import { DEFAULT_PIPELINE_OPTIONS } from '../pipeline/pipelineOptions';
import { T0, TestLog, testEvent } from '../pipeline/testing';
import { classifyIngestItem, judgeAtAppend } from './ingestItems';

const SKEW = DEFAULT_PIPELINE_OPTIONS.maxFutureSkewMs;
const encode = (event: Record<string, unknown>) => new TextEncoder().encode(JSON.stringify(event));

describe('ingest items judged at their append time', () => {
  it('takes an item refused as too far ahead when its append time brings it in range, keyed by its shipment', () => {
    const value = encode(testEvent({ time: T0 + SKEW + 400, subject: 'SHP-AHEAD' }));
    const item = classifyIngestItem(value, T0, DEFAULT_PIPELINE_OPTIONS);
    expect(item).toMatchObject({ key: 'SHP-AHEAD', rejection: { reason: 'invalid_envelope' }, judgedAtAppend: true });
    const items = [item];
    judgeAtAppend(items, [T0 + 500], DEFAULT_PIPELINE_OPTIONS);
    expect(items[0]).toMatchObject({ key: 'SHP-AHEAD', rejection: null });
  });

  it('keeps the refusal, with the append time in its message, when it is still too far ahead', () => {
    const items = [classifyIngestItem(encode(testEvent({ time: T0 + SKEW + 5_000 })), T0, DEFAULT_PIPELINE_OPTIONS)];
    judgeAtAppend(items, [T0 + 100], DEFAULT_PIPELINE_OPTIONS);
    expect(items[0]!.rejection).toMatchObject({ reason: 'invalid_envelope', error: expect.stringContaining('after the append time') });
  });

  it('does not judge again an item refused for anything else', () => {
    const item = classifyIngestItem(encode(testEvent({ time: T0 + SKEW + 400, subject: '' })), T0, DEFAULT_PIPELINE_OPTIONS);
    expect(item).toMatchObject({ key: null, rejection: { reason: 'invalid_envelope' } });
    expect(item.judgedAtAppend).toBeUndefined();
  });

  it('answers exactly what the pipeline then counts, whatever the delay before the append', () => {
    const log = new TestLog();
    const pipeline = new Pipeline();
    let answeredRejected = 0;
    // Event times around the limit, appended 0 to 2 s after the request's time.
    for (let step = 0; step < 400; step += 1) {
      const requestTime = T0 + step * 10_000;
      const value = encode(testEvent({ time: requestTime + SKEW - 1_000 + (step % 40) * 100, subject: `SHP-${step}` }));
      const appendTime = requestTime + (step % 7) * 300;
      const items = [classifyIngestItem(value, requestTime, DEFAULT_PIPELINE_OPTIONS)];
      judgeAtAppend(items, [appendTime], DEFAULT_PIPELINE_OPTIONS);
      if (items[0]!.rejection) answeredRejected += 1;
      const outcome = pipeline.process(log.record(value, { appendTime }));
      expect(outcome.kind === 'deadLetter', `step ${step}`).toBe(items[0]!.rejection !== null);
    }
    // Both sides of the limit were met.
    expect(answeredRejected).toBeGreaterThan(50);
    expect(answeredRejected).toBeLessThan(350);
  });
});
