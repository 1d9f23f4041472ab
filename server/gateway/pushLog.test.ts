import { describe, expect, it } from 'vitest';
import { PushLog } from './pushLog';

describe('PushLog', () => {
  it('answers the first push after processing that covers the time', () => {
    const log = new PushLog(60_000);
    log.record(1_000, 0, 1_000);
    log.record(1_500, 500, 1_500);
    log.record(2_000, 1_000, 2_000);
    expect(log.firstCovering(900, 800)).toBe(1_000);
    expect(log.firstCovering(1_100, 800)).toBe(1_500);
    // Processed at 1.1 s, its bucket at 1.6 s shows first in the push at 2 s.
    expect(log.firstCovering(1_100, 1_600)).toBe(2_000);
    expect(log.firstCovering(2_100, 1_600)).toBeNull();
  });

  it('forgets pushes older than it keeps', () => {
    const log = new PushLog(1_000);
    for (let at = 0; at <= 10_000; at += 500) log.record(at, at - 500, at);
    expect(log.firstCovering(0, 100)).toBeNull();
    expect(log.firstCovering(9_400, 9_200)).toBe(9_500);
  });
});
