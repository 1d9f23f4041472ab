import { parentPort, workerData } from 'node:worker_threads';
import { encodeBlock } from './indexBlock';
import { openIndexDatabase } from './indexSchema';
import type { WriterReply, WriterRequest } from './indexWriterMessages';
import { WordTableCopy } from './wordTable';
import { lowerThisThreadsPriority } from '../threadPriority';

/*
 * The event index's writer, on a thread of its own: encodes full blocks and writes them,
 * so the pipeline's thread only fills columns. Requests are handled in the order sent.
 */

lowerThisThreadsPriority();
const port = parentPort!;
const db = openIndexDatabase((workerData as { dataDir: string }).dataDir);
const statements = {
  insertBlock: db.prepare(
    'INSERT OR REPLACE INTO index_blocks (partition, first_offset, last_offset, count, min_append, max_append, min_event, max_event, ' +
      'outcomes, reasons, dictionary, bloom, columns, texts, strings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ),
  insertReplay: db.prepare('INSERT OR IGNORE INTO index_replays (replay_of, ref, partition, append_time) VALUES (?, ?, ?, ?)'),
  deleteBlock: db.prepare('DELETE FROM index_blocks WHERE id = ?'),
  deletePartition: db.prepare('DELETE FROM index_blocks WHERE partition = ?'),
  deletePartitionReplays: db.prepare('DELETE FROM index_replays WHERE partition = ?'),
  deleteReplaysBefore: db.prepare('DELETE FROM index_replays WHERE append_time < ?'),
};

const words = new WordTableCopy();

const write = db.transaction((request: Extract<WriterRequest, { kind: 'write' }>) => {
  const stored = encodeBlock(request.payload, words);
  const { lastInsertRowid } = statements.insertBlock.run(
    stored.partition,
    stored.firstOffset,
    stored.lastOffset,
    stored.count,
    stored.minAppend,
    stored.maxAppend,
    stored.minEvent,
    stored.maxEvent,
    stored.outcomes,
    stored.reasons,
    JSON.stringify(stored.dictionary),
    stored.bloom,
    stored.columns,
    stored.texts,
    stored.strings,
  );
  for (const replay of request.replays) {
    statements.insertReplay.run(replay.replayOf, replay.ref, stored.partition, replay.appendTime);
  }
  return { id: Number(lastInsertRowid), dictionary: stored.dictionary, bloom: stored.bloom };
});

const dropPartition = db.transaction((partition: number) => {
  statements.deletePartition.run(partition);
  statements.deletePartitionReplays.run(partition);
});

const deleteBlocks = db.transaction((ids: number[], replaysBefore: number) => {
  for (const id of ids) statements.deleteBlock.run(id);
  statements.deleteReplaysBefore.run(replaysBefore);
});

function reply(message: WriterReply): void {
  port.postMessage(message);
}

reply({ kind: 'ready' });

port.on('message', (request: WriterRequest) => {
  try {
    switch (request.kind) {
      case 'write': {
        // Before the transaction: a failed write must not leave the copy behind the table.
        words.extend(request.words);
        const { id, dictionary, bloom } = write(request);
        reply({ kind: 'written', sequence: request.sequence, id, dictionary, bloom });
        break;
      }
      case 'dropPartition':
        dropPartition(request.partition);
        break;
      case 'deleteBlocks':
        deleteBlocks(request.ids, request.replaysBefore);
        break;
      case 'close':
        db.close();
        reply({ kind: 'closed' });
        port.close();
        break;
    }
  } catch (error) {
    reply({ kind: 'failed', sequence: request.kind === 'write' ? request.sequence : null, message: error instanceof Error ? error.message : String(error) });
  }
});
