import path from 'node:path';
import { unpackBytes } from '../../packedBytes';
import { ThreadRequests } from '../../threadRequests';
import type { TrafficSource } from './simulatorRunner';
import type { TrafficBatch, TrafficOptions, TrafficRequest } from './trafficWorkerMessages';

/** A simulated input as a producer hands it over: its key, and its body as bytes. */
export interface EncodedInput {
  key: string | null;
  value: Buffer;
}

/**
 * The simulator's generator in a thread of its own. Generating 10,000 events a second
 * and encoding them takes about a fifth of the server's event loop (measured under the
 * live-path benchmark), time the live updates and the fold then wait for; in its own
 * thread it costs the loop only the batch's arrival: one buffer of all the bodies,
 * transferred, not copied, and a key per input. Deterministic as the generator is: one
 * request at a time, answered in order.
 */
export class TrafficThread implements TrafficSource<EncodedInput> {
  private readonly thread: ThreadRequests<TrafficRequest, TrafficBatch>;

  constructor(options: TrafficOptions) {
    this.thread = new ThreadRequests(path.join(__dirname, 'trafficWorkerThread.cjs'), options, "the simulator's thread");
  }

  async take(count: number, now: number): Promise<EncodedInput[]> {
    const batch = await this.thread.ask({ count, now });
    const bodies = unpackBytes(batch.bodies);
    return batch.keys.map((key, i) => ({ key, value: bodies[i]! }));
  }

  /** Ends the thread; a batch still asked for is refused. */
  close(): Promise<void> {
    return this.thread.close('the simulator was stopped');
  }
}
