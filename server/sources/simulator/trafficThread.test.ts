import { afterEach, describe, expect, it } from 'vitest';
import { ShipmentTrafficGenerator } from './shipmentTraffic';
import { TrafficThread } from './trafficThread';

describe('TrafficThread', () => {
  let thread: TrafficThread | null = null;
  afterEach(async () => {
    await thread?.close();
    thread = null;
  });

  it('gives, batch after batch, what the generator gives in this thread, as bytes', async () => {
    const options = { seed: 11, runId: 'thread' };
    thread = new TrafficThread(options);
    const here = new ShipmentTrafficGenerator(options);
    // Bodies differ in length (and a malformed one may hold any bytes): each must end where it should.
    for (const [count, now] of [
      [1, 1_000_000],
      [700, 1_000_100],
      [0, 1_000_200],
      [1_300, 1_000_300],
    ] as const) {
      const [expected, actual] = [here.take(count, now), await thread.take(count, now)];
      expect(actual.map((input) => input.key)).toEqual(expected.map((input) => input.key));
      expect(actual.map((input) => input.value.toString('utf8'))).toEqual(expected.map((input) => input.body));
    }
  });

  it('refuses a batch still asked for when it is closed, and starts again when asked after', async () => {
    thread = new TrafficThread({ seed: 3, runId: 'close' });
    const refused = expect(thread.take(50_000, 1_000_000)).rejects.toThrow('stopped');
    await thread.close();
    await refused;
    const [input] = await thread.take(1, 1_000_000);
    expect(JSON.parse(input!.value.toString('utf8'))).toHaveProperty('type');
  });
});
