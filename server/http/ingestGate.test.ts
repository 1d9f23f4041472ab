import { describe, expect, it } from 'vitest';
import { ApiError } from './apiError';
import { IngestGate, type IngestGateOptions } from './ingestGate';

function gate(overrides: Partial<IngestGateOptions> = {}) {
  const world = { now: 1_000_000, lag: 0, loopDelay: 0, refused: [] as string[] };
  const instance = new IngestGate({
    maxConcurrentRequests: 2,
    maxPendingItems: 100,
    maxPipelineLagRecords: 1_000,
    maxEventLoopDelayMs: 500,
    pipelineLagRecords: () => world.lag,
    eventLoopDelayMs: () => world.loopDelay,
    onRefused: (reason) => world.refused.push(reason),
    clock: () => world.now,
    ...overrides,
  });
  return { instance, world };
}

function refusal(enter: () => unknown): ApiError {
  try {
    enter();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('IngestGate', () => {
  it('answers 429 with Retry-After past the requests in flight, and admits again once one leaves', () => {
    const { instance, world } = gate();
    const first = instance.enter();
    instance.enter();
    const error = refusal(() => instance.enter());
    expect([error.status, error.code, error.retryAfterSeconds]).toEqual([429, 'too_many_requests', 1]);
    first.leave();
    first.leave(); // a second leave changes nothing
    expect(() => instance.enter()).not.toThrow();
    expect(world.refused).toEqual(['too_many_requests']);
  });

  it('answers 503 while items wait to be durable beyond the bound (the log writer is behind)', () => {
    const { instance } = gate({ maxConcurrentRequests: 10 });
    const big = instance.enter();
    big.reserve(100);
    const error = refusal(() => instance.enter());
    expect([error.status, error.code]).toEqual([503, 'unavailable']);
    expect(error.message).toContain('log writer');
    expect(instance.state()).toMatchObject({ active: true, reason: 'log_behind', pendingItems: 100, requestsInFlight: 1 });
    big.leave();
    expect(instance.state().pendingItems).toBe(0);
    expect(() => instance.enter()).not.toThrow();
  });

  it('answers 503 while the pipeline or the event loop is behind, and tells the simulator to hold back', () => {
    const { instance, world } = gate();
    expect(instance.behind).toBe(false);
    world.lag = 1_001;
    expect(instance.behind).toBe(true);
    expect(refusal(() => instance.enter()).message).toContain('pipeline');
    world.lag = 0;
    world.loopDelay = 800;
    expect(refusal(() => instance.enter()).status).toBe(503);
    world.loopDelay = 10;
    expect(instance.behind).toBe(false);
    expect(world.refused).toEqual(['pipeline_behind', 'pipeline_behind']);
  });

  it('answers 429 while heavy ingest saturates the event loop, before requests pile up unseen in socket buffers', () => {
    let utilization = 0.95;
    const { instance, world } = gate({
      maxConcurrentRequests: 100,
      maxPendingItems: 100_000,
      eventLoopUtilization: () => utilization,
      maxEventLoopUtilization: 0.9,
      minItemsPerSecondForUtilization: 5_000,
    });
    // A busy loop with a trickle of ingest (a start, a crowded machine) is not refused.
    const trickle = instance.enter();
    trickle.reserve(200);
    trickle.leave();
    expect(() => instance.enter().leave()).not.toThrow();
    const heavy = instance.enter();
    heavy.reserve(5_000);
    heavy.leave();
    const error = refusal(() => instance.enter());
    expect([error.status, error.retryAfterSeconds]).toEqual([429, 1]);
    utilization = 0.5;
    expect(() => instance.enter()).not.toThrow();
    // Two seconds on with no ingest, the rate is gone: a saturated loop refuses nothing.
    utilization = 0.99;
    world.now += 2_000;
    expect(() => instance.enter()).not.toThrow();
    expect(world.refused).toEqual(['too_many_requests']);
  });

  it('reports back pressure as active from the first refusal until 5 s after the last', () => {
    const { instance, world } = gate();
    expect(instance.state()).toMatchObject({ active: false, since: null, refusedRequests: 0 });
    world.lag = 5_000;
    const startedAt = world.now;
    refusal(() => instance.enter());
    world.now += 3_000;
    refusal(() => instance.enter());
    world.lag = 0;
    world.now += 4_000;
    expect(instance.state()).toMatchObject({ active: true, since: startedAt, reason: 'pipeline_behind', refusedRequests: 2 });
    world.now += 1_001;
    expect(instance.state()).toMatchObject({ active: false, since: null, reason: null, refusedRequests: 2 });
  });
});
