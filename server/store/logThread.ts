import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LogWriterReply, LogWriterRequest, LogWriterSetup, PackedLogRows } from './logWriterMessages';
import type { LogRows } from './logWrites';

const WORKER_ENTRY = path.join(__dirname, 'logWriterThread.cjs');

/**
 * The embedded log's writes sent to its own thread (logWriter.ts). The values are copied
 * into one buffer and transferred: a value that is a view of a larger buffer (a request
 * body, a simulator batch) would otherwise be cloned with all of it. A thread that dies
 * fails what it was asked, and the next request starts a new one.
 */
export class LogThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (changes: number) => void; reject: (error: Error) => void }>();
  private readonly inFlight = new Set<Promise<number>>();

  constructor(private readonly setup: LogWriterSetup) {}

  write(rows: LogRows): Promise<number> {
    const valueEnds = new Uint32Array(rows.values.length);
    let total = 0;
    for (let i = 0; i < rows.values.length; i += 1) {
      total += rows.values[i]!.byteLength;
      valueEnds[i] = total;
    }
    const values = new Uint8Array(total);
    for (let i = 0; i < rows.values.length; i += 1) values.set(rows.values[i]!, i === 0 ? 0 : valueEnds[i - 1]!);
    const packed: PackedLogRows = { ...rows, values: values.buffer, valueEnds };
    return this.send({ id: 0, kind: 'write', rows: packed }, [values.buffer, valueEnds.buffer]);
  }

  deleteBefore(time: number, limit: number | null): Promise<number> {
    return this.send({ id: 0, kind: 'delete', time, limit }, []);
  }

  /** Ends the thread once what it was asked is done. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await Promise.allSettled(this.inFlight);
    this.worker = null;
    await worker.terminate();
  }

  private send(request: LogWriterRequest, transfer: ArrayBuffer[]): Promise<number> {
    const worker = this.started();
    const id = this.nextId++;
    const answer = new Promise<number>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.inFlight.add(answer);
    // A write asked for keeps the process alive until it is durable; an idle thread does not.
    worker.ref();
    const settle = () => {
      this.inFlight.delete(answer);
      if (this.inFlight.size === 0) worker.unref();
    };
    answer.then(settle, settle);
    worker.postMessage({ ...request, id }, transfer);
    return answer;
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_ENTRY, { workerData: this.setup });
    worker.on('message', (reply: LogWriterReply) => this.replied(reply));
    worker.on('error', (error) => this.failAll(new Error(`the log's writer stopped: ${error.message}`)));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return; // closed
      this.worker = null;
      this.failAll(new Error(`the log's writer exited (code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private replied(reply: LogWriterReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    if (reply.ok) waiting.resolve(reply.changes);
    else waiting.reject(new Error(reply.message));
  }

  private failAll(error: Error): void {
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const { reject } of waiting) reject(error);
  }
}
