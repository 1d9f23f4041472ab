import { parentPort, workerData } from 'node:worker_threads';
import { ShipmentTrafficGenerator } from './shipmentTraffic';
import type { TrafficBatch, TrafficOptions, TrafficRequest } from './trafficWorkerMessages';

/* The simulator's thread (trafficThread.ts): generates what it is asked for and sends the bodies as one transferred buffer. */

const generator = new ShipmentTrafficGenerator(workerData as TrafficOptions);

parentPort!.on('message', ({ id, count, now }: TrafficRequest) => {
  const inputs = generator.take(count, now);
  const ends = new Uint32Array(inputs.length);
  let total = 0;
  for (let i = 0; i < inputs.length; i += 1) {
    total += Buffer.byteLength(inputs[i]!.body);
    ends[i] = total;
  }
  const bytes = new ArrayBuffer(total);
  const view = Buffer.from(bytes);
  for (let i = 0; i < inputs.length; i += 1) view.write(inputs[i]!.body, i === 0 ? 0 : ends[i - 1]!);
  const batch: TrafficBatch = { id, keys: inputs.map((input) => input.key), bytes, ends };
  parentPort!.postMessage(batch, [bytes, ends.buffer]);
});
