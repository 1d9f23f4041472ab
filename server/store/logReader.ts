import { parentPort, workerData } from 'node:worker_threads';
import { packBytes, transferOf } from '../packedBytes';
import type { LogReaderReply, LogReaderRequest, LogReaderSetup, PackedLogRecords } from './logReaderMessages';
import { READ_RECORDS_SQL, type StoredRecord } from './logRows';
import { openSqlite } from './sqlite';
import { lowerThisThreadsPriority } from '../threadPriority';

/*
 * The embedded log's reads for a rebuild, on a thread of their own (logReadThread.ts):
 * stepping SQLite through a million records is about 3 µs a record, a quarter of the
 * rebuild on the server's thread (measured), which the fold can use instead while the next
 * run is read here. WAL lets this connection read beside the writer's.
 */

lowerThisThreadsPriority();
const port = parentPort!;
const setup = workerData as LogReaderSetup;
const read = openSqlite(setup.dataDir).prepare(READ_RECORDS_SQL);
const EMPTY = new Uint8Array(0);

function packed(partition: number, rows: StoredRecord[]): PackedLogRecords {
  const nullValues: number[] = [];
  const values = rows.map((row, index) => {
    if (row.value !== null) return row.value;
    nullValues.push(index);
    return EMPTY;
  });
  return {
    partition,
    offsets: rows.map((row) => row.offset),
    appendTimes: rows.map((row) => row.append_time),
    keys: rows.map((row) => row.key),
    values: packBytes(values),
    nullValues,
    headers: rows.map((row) => row.headers),
  };
}

port.on('message', (request: LogReaderRequest) => {
  try {
    const records = packed(request.partition, read.all(request.partition, request.fromOffset, request.limit) as StoredRecord[]);
    const reply: LogReaderReply = { id: request.id, ok: true, records };
    port.postMessage(reply, transferOf(records.values));
  } catch (error) {
    const reply: LogReaderReply = { id: request.id, ok: false, message: (error as Error).message };
    port.postMessage(reply);
  }
});
