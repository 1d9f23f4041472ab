import type { PackedBytes } from '../../packedBytes';
import type { FaultMix } from './shipmentTraffic';

/** What the simulator's thread is started with: its generator's options. */
export interface TrafficOptions {
  seed: number;
  runId: string;
  faults?: Partial<FaultMix>;
}

/** Asks the thread for `count` inputs generated at `now`. */
export interface TrafficRequest {
  id: number;
  count: number;
  now: number;
}

/** The answer: a key per input, and every body in one buffer. */
export interface TrafficBatch {
  id: number;
  keys: (string | null)[];
  bodies: PackedBytes;
}
