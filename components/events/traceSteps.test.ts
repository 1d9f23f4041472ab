import { describe, expect, it } from 'vitest';
import { traceTimeline } from './traceSteps';

describe('traceTimeline', () => {
  it('gives the time between each step of a fully traced event', () => {
    const timeline = traceTimeline({ traceparent: null, traceId: null, traceUrl: null, eventTime: 1_000, appendTime: 1_250, processedAt: 1_262, firstPushedAt: 1_400 });
    expect(timeline.steps.map((step) => step.at)).toEqual([1_000, 1_250, 1_262, 1_400]);
    expect(timeline.gaps.map((gap) => gap.durationMs)).toEqual([250, 12, 138]);
    expect(timeline.totalMs).toBe(400);
  });

  it('leaves a gap unknown when a step has not happened yet', () => {
    const timeline = traceTimeline({ traceparent: null, traceId: null, traceUrl: null, eventTime: 1_000, appendTime: 1_250, processedAt: 1_262, firstPushedAt: null });
    expect(timeline.gaps.map((gap) => gap.durationMs)).toEqual([250, 12, null]);
    expect(timeline.totalMs).toBe(262);
  });

  it('has no event time for a dead letter, so the first gap is unknown', () => {
    const timeline = traceTimeline({ traceparent: null, traceId: null, traceUrl: null, eventTime: null, appendTime: 5_000, processedAt: 5_003, firstPushedAt: null });
    expect(timeline.gaps[0]!.durationMs).toBeNull();
    expect(timeline.gaps[1]!.durationMs).toBe(3);
  });

  it('keeps a negative gap when the producer clock ran ahead of the log', () => {
    const timeline = traceTimeline({ traceparent: null, traceId: null, traceUrl: null, eventTime: 2_000, appendTime: 1_900, processedAt: null, firstPushedAt: null });
    expect(timeline.gaps[0]!.durationMs).toBe(-100);
  });
});
