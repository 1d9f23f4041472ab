import { parentPort, workerData } from 'node:worker_threads';
import { packBytes, transferOf } from '../../packedBytes';
import { ShipmentTrafficGenerator } from './shipmentTraffic';
import type { TrafficBatch, TrafficOptions, TrafficRequest } from './trafficWorkerMessages';
import { lowerThisThreadsPriority } from '../../threadPriority';

/* The simulator's thread (trafficThread.ts): generates what it is asked for and sends the bodies as one transferred buffer. */

lowerThisThreadsPriority();
const generator = new ShipmentTrafficGenerator(workerData as TrafficOptions);

parentPort!.on('message', ({ id, count, now }: TrafficRequest) => {
  const inputs = generator.take(count, now);
  const bodies = packBytes(inputs.map((input) => Buffer.from(input.body)));
  const batch: TrafficBatch = { id, keys: inputs.map((input) => input.key), bodies };
  parentPort!.postMessage(batch, transferOf(bodies));
});
