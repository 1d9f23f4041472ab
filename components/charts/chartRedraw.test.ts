import { describe, expect, it } from 'vitest';
import { LIVE_WINDOWS } from '../../lib/live';
import { redrawDelayMs, redrawIntervalMs } from './chartRedraw';

describe('chart redraws', () => {
  it('draws about as often as the time axis moves a pixel, within bounds', () => {
    expect(redrawIntervalMs(LIVE_WINDOWS['5m'].durationMs)).toBe(300);
    expect(redrawIntervalMs(LIVE_WINDOWS['15m'].durationMs)).toBe(900);
    expect(redrawIntervalMs(LIVE_WINDOWS['1h'].durationMs)).toBe(3_600);
    expect(redrawIntervalMs(10_000)).toBe(250);
    expect(redrawIntervalMs(24 * 3_600_000)).toBe(5_000);
  });

  it('holds a new value until the interval since the last draw has passed', () => {
    expect(redrawDelayMs(10_100, 10_000, 900)).toBe(800);
    expect(redrawDelayMs(10_900, 10_000, 900)).toBe(0);
    expect(redrawDelayMs(50_000, 10_000, 900)).toBe(0);
  });
});
