import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TrafficSource } from './simulatorRunner';
import type { TrafficRequest, TrafficBatch, TrafficOptions } from './trafficWorkerMessages';

/** A simulated input as a producer hands it over: its key, and its body as bytes. */
export interface EncodedInput {
  key: string | null;
  value: Buffer;
}

const WORKER_ENTRY = path.join(__dirname, 'trafficWorkerThread.cjs');

/**
 * The simulator's generator in a thread of its own. Generating 10,000 events a second
 * and encoding them takes about a fifth of the server's event loop (measured under the
 * live-path benchmark), time the live updates and the fold then wait for; in its own
 * thread it costs the loop only the batch's arrival: one buffer of all the bodies,
 * transferred, not copied, and a key per input. Deterministic as the generator is: one
 * request at a time, answered in order.
 */
export class TrafficThread implements TrafficSource<EncodedInput> {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (inputs: EncodedInput[]) => void; reject: (error: Error) => void }>();

  constructor(private readonly options: TrafficOptions) {}

  take(count: number, now: number): Promise<EncodedInput[]> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, count, now } satisfies TrafficRequest);
    });
  }

  /** Ends the thread; a batch still asked for is refused. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.failAll(new Error('the simulator was stopped'));
    if (worker) await worker.terminate();
  }

  /** The thread, started on first use and again after it died (its next batch then starts a new run). */
  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_ENTRY, { workerData: this.options });
    worker.unref();
    worker.on('message', (batch: TrafficBatch) => this.arrived(batch));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return; // closed
      this.worker = null;
      this.failAll(new Error(`the simulator thread exited (code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private arrived(batch: TrafficBatch): void {
    const waiting = this.waiting.get(batch.id);
    if (!waiting) return;
    this.waiting.delete(batch.id);
    const inputs: EncodedInput[] = new Array(batch.keys.length);
    let start = 0;
    for (let i = 0; i < batch.keys.length; i += 1) {
      const end = batch.ends[i]!;
      inputs[i] = { key: batch.keys[i]!, value: Buffer.from(batch.bytes, start, end - start) };
      start = end;
    }
    waiting.resolve(inputs);
  }

  private failAll(error: Error): void {
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const { reject } of waiting) reject(error);
  }
}
