import path from 'node:path';
import { ThreadRequests } from '../threadRequests';
import type { LogWriterReply, LogWriterRequest, LogWriterSetup, PackedLogRows } from './logWriterMessages';
import type { LogRows } from './logWrites';

/**
 * The embedded log's writes sent to its own thread (logWriter.ts). The values are copied
 * into one buffer and transferred: a value that is a view of a larger buffer (a request
 * body, a simulator batch) would otherwise be cloned with all of it.
 */
export class LogThread {
  private readonly thread: ThreadRequests<LogWriterRequest, LogWriterReply>;

  constructor(setup: LogWriterSetup) {
    this.thread = new ThreadRequests(path.join(__dirname, 'logWriterThread.cjs'), setup, "the log's writer");
  }

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
    return this.changes(this.thread.ask({ kind: 'write', rows: packed }, [values.buffer, valueEnds.buffer]));
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
