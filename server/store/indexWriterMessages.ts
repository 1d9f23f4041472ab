import type { BlockPayload } from './indexBlock';

/** What the index's reader asks of its writer thread, in the order it must happen. */
export type WriterRequest =
  | {
      kind: 'write';
      sequence: number;
      payload: BlockPayload;
      /** Values the reader's word table numbered since the previous write. */
      words: string[];
      replays: { replayOf: string; ref: string; appendTime: number }[];
    }
  | { kind: 'dropPartition'; partition: number }
  | { kind: 'deleteBlocks'; ids: number[]; replaysBefore: number }
  | { kind: 'close' };

export type WriterReply =
  | { kind: 'written'; sequence: number; id: number; dictionary: string[]; bloom: Uint8Array }
  | { kind: 'failed'; sequence: number | null; message: string }
  | { kind: 'ready' }
  | { kind: 'closed' };
