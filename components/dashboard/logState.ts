import type { BackpressureState, Health } from '../../lib/health';

/** calm: nothing to do; warning: figures are not moving; unknown: no health yet. */
export type LogStateTone = 'calm' | 'warning' | 'unknown';

/** What the header says about the server's log, as opposed to this browser's socket. */
export interface LogState {
  label: string;
  tone: LogStateTone;
  /** A longer explanation, for the badge's tooltip. */
  description: string;
}

/** The server cannot reach its Kafka broker: nothing new is processed until it can. */
export function isBrokerUnreachable(health: Pick<Health, 'status'> | null | undefined): boolean {
  return health?.status === 'degraded';
}

const BACKPRESSURE_CAUSES: Record<NonNullable<BackpressureState['reason']>, string> = {
  log_behind: 'the log writer is behind',
  pipeline_behind: 'the pipeline is behind',
  too_many_requests: 'too many ingest requests arrive at once',
};

export function logState(
  health: (Pick<Health, 'mode' | 'status' | 'backpressure'> & Partial<Pick<Health, 'partial' | 'missingPartitions' | 'stalePartitions'>>) | null | undefined,
): LogState {
  if (!health) {
    return { label: 'Checking…', tone: 'unknown', description: 'The server has not reported the state of its log yet.' };
  }
  const backpressure = health.backpressure;
  if (backpressure?.active && !isBrokerUnreachable(health)) {
    const cause = backpressure.reason ? BACKPRESSURE_CAUSES[backpressure.reason] : 'Waybill is behind';
    return {
      label: 'Back pressure',
      tone: 'warning',
      description: `Ingest is refusing requests with 429/503 and Retry-After because ${cause}. Producers are asked to slow down; nothing already accepted is lost.`,
    };
  }
  if (health.mode === 'embedded') {
    return {
      label: 'Embedded log',
      tone: 'calm',
      description: 'The server reads its own log on local disk; there is no broker to lose.',
    };
  }
  if (isBrokerUnreachable(health)) {
    return {
      label: 'Broker unreachable',
      tone: 'warning',
      description: 'The server cannot reach the Kafka broker. Figures stay at the last record processed until it reconnects.',
    };
  }
  if (health.status === 'joining') {
    return {
      label: 'Joining group',
      tone: 'warning',
      description:
        'The broker answers; the consumer group has not given this instance its partitions yet (a rebalance, or instances that died and whose sessions have not expired). Figures resume once they are assigned and rebuilt.',
    };
  }
  if (health.partial) {
    const missing = health.missingPartitions ?? [];
    const stale = health.stalePartitions ?? [];
    const named = (partitions: number[]) => `partition${partitions.length === 1 ? '' : 's'} ${partitions.join(', ')}`;
    const reasons = [
      ...(missing.length > 0 ? [`No instance publishes ${named(missing)}: the figures shown leave ${missing.length === 1 ? 'it' : 'them'} out.`] : []),
      ...(stale.length > 0
        ? [`${named(stale)[0]!.toUpperCase()}${named(stale).slice(1)} ${stale.length === 1 ? 'is' : 'are'} shown as last published while ${stale.length === 1 ? 'it moves' : 'they move'} to another instance: ${stale.length === 1 ? 'its' : 'their'} newest events may be missing.`]
        : []),
    ];
    return {
      label: 'Partial figures',
      tone: 'warning',
      description:
        reasons.length > 0
          ? reasons.join(' ')
          : 'This instance has not yet learnt which partitions of the topic the group gave to whom: the figures may leave some out.',
    };
  }
  return { label: 'Broker connected', tone: 'calm', description: 'The server is consuming from the Kafka broker.' };
}
