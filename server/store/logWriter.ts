import { parentPort, workerData } from 'node:worker_threads';
import { unpackBytes } from '../packedBytes';
import type { LogWriterReply, LogWriterRequest, LogWriterSetup, PackedLogRows } from './logWriterMessages';
import { logWrites, type LogRows } from './logWrites';
import { openSqlite } from './sqlite';
import { lowerThisThreadsPriority } from '../threadPriority';

/*
 * The embedded log's writer, on a thread of its own (logThread.ts): inserting
 * 10,000 records a second and committing them is about a sixth of the event loop
 * (measured under the live-path benchmark), time live updates and the fold then wait for.
 * Requests are handled in the order sent; the log sends one write at a time.
 */

lowerThisThreadsPriority();
const port = parentPort!;
const setup = workerData as LogWriterSetup;
const writes = logWrites(openSqlite(setup.dataDir, setup.sync));

function unpacked(rows: PackedLogRows): LogRows {
  return { ...rows, values: unpackBytes(rows.values) };
}

port.on('message', (request: LogWriterRequest) => {
  let reply: LogWriterReply;
  try {
    if (request.kind === 'write') {
      writes.write(unpacked(request.rows));
      reply = { id: request.id, ok: true, changes: request.rows.offsets.length };
    } else {
      reply = { id: request.id, ok: true, changes: writes.deleteBefore(request.time, request.limit) };
    }
  } catch (error) {
    reply = { id: request.id, ok: false, message: (error as Error).message };
  }
  port.postMessage(reply);
});
