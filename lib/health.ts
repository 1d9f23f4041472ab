import type { AlertRuleStatus } from './alerts';
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
  /**
   * Who holds it: this instance (the figures below are its own), another member of the
   * consumer group, or nobody yet (a rebalance, or a dead member's session not expired).
   * Embedded mode holds every partition.
   */
  owner: 'self' | 'other' | 'none';
  watermark: number | null;
  lastAppendTime: number | null;
  /** Records processed since start, replay included. */
  processed: number;
  idle: boolean;
  /** Records appended to the log but not yet processed. */
  lagRecords: number;
  /**
   * True while its owner replays it (just assigned, or starting): the figures meanwhile are
   * those its last owner published, where another instance published them.
   */
  rebuilding: boolean;
}

/** Whether ingest is refusing requests because Waybill is behind (POST /api/events answers 429 or 503). */
export interface BackpressureState {
  active: boolean;
  reason: 'log_behind' | 'pipeline_behind' | 'too_many_requests' | null;
  /** When this spell of refusals began (epoch ms); null when not active. */
  since: number | null;
  /** Requests refused since start. */
  refusedRequests: number;
  pendingItems: number;
  requestsInFlight: number;
}

export interface Health {
  /**
   * `joining`: the broker answers, but the consumer group has not given this instance its
   * partitions yet (a rebalance, or dead members whose sessions have not expired);
   * `degraded`: the broker cannot be reached.
   */
  status: 'ok' | 'rebuilding' | 'joining' | 'degraded';
  mode: RunMode;
  watermark: number | null;
  partitions: PartitionHealth[];
  /**
   * True while partitions of the topic are not folded here: the figures of /api/summary,
   * /api/series and /live leave out `missingPartitions`. Embedded mode is never partial.
   */
  partial: boolean;
  missingPartitions: number[];
  /**
   * Partitions shown as their owner last published them on the aggregates topic, while it
   * rebuilds them or has gone silent (a move, a killed instance): included in the figures,
   * which may be behind the log for them meanwhile. Part of `partial`.
   */
  stalePartitions: number[];
  lag: { records: number; processingLagMs: number };
  rebuild: RebuildProgress;
  /** Absent where no ingest runs through this process (tests of the read model alone). */
  backpressure?: BackpressureState;
  /** Waybill's own alert rules that are firing now (GET /api/alerts has all of them). */
  alertsFiring?: AlertRuleStatus[];
  /** The server clock when this was made, so a browser can judge freshness. */
  now: number;
}
