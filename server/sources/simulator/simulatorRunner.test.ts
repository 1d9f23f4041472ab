import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ShipmentTrafficGenerator, type SimulatedInput } from './shipmentTraffic';
import { SimulatorRunner } from './simulatorRunner';

describe('SimulatorRunner', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('sends nothing while Waybill is behind, and does not make up for it afterwards', async () => {
    const sent: SimulatedInput[] = [];
    let behind = false;
    const runner = new SimulatorRunner({
      traffic: new ShipmentTrafficGenerator({ seed: 7, runId: 'test' }),
      rate: 100,
      send: async (inputs) => void sent.push(...inputs),
      holdBack: () => behind,
      clock: Date.now,
    });
    runner.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent.length).toBe(100);
    behind = true;
    await vi.advanceTimersByTimeAsync(3_000);
    expect(sent.length).toBe(100);
    expect(runner.heldBackCount).toBeGreaterThanOrEqual(290);
    behind = false;
    await vi.advanceTimersByTimeAsync(1_000);
    // Back at its rate: one second's worth, not the three seconds held back as well.
    expect(sent.length).toBeGreaterThanOrEqual(190);
    expect(sent.length).toBeLessThanOrEqual(210);
    await runner.stop();
  });
});
