import path from 'node:path';
import { unpackBytes } from '../packedBytes';
import type { LogRecord } from '../pipeline/logRecord';
import { ThreadRequests } from '../threadRequests';
import type { LogReaderReply, LogReaderRequest, LogReaderSetup, PackedLogRecords } from './logReaderMessages';
import { parseHeaders } from './logRows';

/**
 * Runs of the embedded log read on a thread of their own (logReader.ts), for a rebuild
 * that reads ahead while it folds. The records' values are views of the one buffer each
 * run arrives in.
 */
export class LogReadThread {
  private readonly thread: ThreadRequests<LogReaderRequest, LogReaderReply>;

  constructor(setup: LogReaderSetup) {
    this.thread = new ThreadRequests(path.join(__dirname, 'logReaderThread.cjs'), setup, "the log's reader");
  }

  async read(partition: number, fromOffset: number, limit: number): Promise<LogRecord[]> {
    const reply = await this.thread.ask({ kind: 'read', partition, fromOffset, limit });
    if (!reply.ok) throw new Error(reply.message);
    return unpacked(reply.records);
  }

  /** Ends the thread at once: a read still running is of no use to a closed log. */
  close(): Promise<void> {
    return this.thread.close('the log is closed');
  }
}

function unpacked(records: PackedLogRecords): LogRecord[] {
  const values: (Uint8Array | null)[] = unpackBytes(records.values);
  for (const index of records.nullValues) values[index] = null;
  return records.offsets.map((offset, index) => ({
    partition: records.partition,
    offset,
    appendTime: records.appendTimes[index]!,
    key: records.keys[index]!,
    value: values[index]!,
    headers: parseHeaders(records.headers[index]!),
  }));
}
