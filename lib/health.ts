export type RunMode = 'embedded' | 'kafka';

/** How far a rebuild (replay of the log on start or on assignment) has come. */
export interface RebuildProgress {
  state: 'rebuilding' | 'live';
  /** Records replayed so far, and how many the replay started out to read. */
  replayed: number;
  total: number;
  /** 0..1 */
  progress: number;
}

export interface PartitionHealth {
  partition: number;
  watermark: number | null;
  lastAppendTime: number | null;
  /** Records processed since start, replay included. */
  processed: number;
  idle: boolean;
  /** Records appended to the log but not yet processed. */
  lagRecords: number;
}

export interface Health {
  status: 'ok' | 'rebuilding' | 'degraded';
  mode: RunMode;
  watermark: number | null;
  partitions: PartitionHealth[];
  lag: { records: number; processingLagMs: number };
  rebuild: RebuildProgress;
  /** The server clock when this was made, so a browser can judge freshness. */
  now: number;
}
