import { Worker } from 'node:worker_threads';

/** A request or an answer that carries the number its answer is matched by. */
export interface Numbered {
  id: number;
}

/** A request before it is numbered; each member of a union on its own. */
type Unnumbered<Request> = Request extends unknown ? Omit<Request, 'id'> : never;

/**
 * A worker thread that answers numbered requests, in order: the simulator's generator
 * and the embedded log's writer. Started on first use, and again after it died (what it
 * was asked then fails, with the reason). It keeps the process alive only while
 * something asked of it is unanswered.
 */
export class ThreadRequests<Request extends Numbered, Answer extends Numbered> {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (answer: Answer) => void; reject: (error: Error) => void }>();
  private readonly unanswered = new Set<Promise<Answer>>();

  constructor(
    private readonly entry: string,
    private readonly workerData: unknown,
    /** Names the thread in errors: "the log's writer". */
    private readonly name: string,
  ) {}

  /** Sends `request` (its id is set here) and resolves with the answer that carries its id. */
  ask(request: Unnumbered<Request>, transfer: ArrayBuffer[] = []): Promise<Answer> {
    const worker = this.started();
    const id = this.nextId++;
    const answer = new Promise<Answer>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.unanswered.add(answer);
    const forget = () => this.unanswered.delete(answer);
    answer.then(forget, forget);
    worker.ref();
    worker.postMessage({ ...request, id }, transfer);
    return answer;
  }

  /** Ends the thread: at once, failing what is unanswered with `reason`; or, without one, once everything is answered. */
  async close(reason?: string): Promise<void> {
    const worker = this.worker;
    if (reason !== undefined) this.failAll(new Error(reason));
    else await Promise.allSettled([...this.unanswered]);
    if (!worker) return;
    this.worker = null;
    await worker.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.entry, { workerData: this.workerData });
    worker.on('message', (answer: Answer) => this.answered(answer));
    worker.on('error', (error) => this.failAll(new Error(`${this.name} stopped: ${error.message}`)));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return; // closed
      this.worker = null;
      this.failAll(new Error(`${this.name} exited (code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private answered(answer: Answer): void {
    const waiting = this.waiting.get(answer.id);
    if (!waiting) return;
    this.waiting.delete(answer.id);
    if (this.waiting.size === 0) this.worker?.unref();
    waiting.resolve(answer);
  }

  private failAll(error: Error): void {
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    this.worker?.unref();
    for (const { reject } of waiting) reject(error);
  }
}
