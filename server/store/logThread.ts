import path from 'node:path';
import { packBytes, transferOf } from '../packedBytes';
import { ThreadRequests } from '../threadRequests';
import type { LogWriterReply, LogWriterRequest, LogWriterSetup, PackedLogRows } from './logWriterMessages';
import type { LogRows } from './logWrites';

/**
 * The embedded log's writes sent to its own thread (logWriter.ts). The values are copied
 * into one transferred buffer (packedBytes.ts): a value that is a view of a larger buffer
 * (a request body, a simulator batch) would otherwise be cloned with all of it.
 */
export class LogThread {
  private readonly thread: ThreadRequests<LogWriterRequest, LogWriterReply>;

  constructor(setup: LogWriterSetup) {
    this.thread = new ThreadRequests(path.join(__dirname, 'logWriterThread.cjs'), setup, "the log's writer");
  }

  write(rows: LogRows): Promise<number> {
    const values = packBytes(rows.values);
    const packed: PackedLogRows = { ...rows, values };
    return this.changes(this.thread.ask({ kind: 'write', rows: packed }, transferOf(values)));
  }

  deleteBefore(time: number, limit: number | null): Promise<number> {
    return this.changes(this.thread.ask({ kind: 'delete', time, limit }));
  }

  /** Ends the thread once what it was asked is done. */
  close(): Promise<void> {
    return this.thread.close();
  }

  private async changes(reply: Promise<LogWriterReply>): Promise<number> {
    const answer = await reply;
    if (!answer.ok) throw new Error(answer.message);
    return answer.changes;
  }
}
