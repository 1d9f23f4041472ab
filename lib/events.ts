import type { DeadLetterReason } from './contract/deadLetterReasons';
import type { EventType } from './contract/eventTypes';

/** What became of one input (DESIGN.md section 5). */
export const OUTCOMES = ['ok', 'duplicate', 'late', 'outOfOrder', 'deadLetter'] as const;
export type EventOutcome = (typeof OUTCOMES)[number];
export function isOutcome(value: unknown): value is EventOutcome {
  return typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value);
}

/** Which clock `from`/`to` select on: the log's append time (default) or the event's own time. */
export const TIME_BASES = ['append', 'event'] as const;
export type TimeBasis = (typeof TIME_BASES)[number];

/**
 * The filters of GET /api/events and its export. The same names are the query parameters
 * of the API and of the `/events` page, so a link from a chart is the whole state.
 */
export interface EventFilter {
  from: number | null;
  to: number | null;
  time: TimeBasis;
  type: EventType[];
  region: string[];
  carrier: string[];
  facility: string[];
  subject: string | null;
  source: string | null;
  outcome: EventOutcome[];
  reason: DeadLetterReason[];
}

/** One row of GET /api/events: null where the input does not tell (a dead letter has no type). */
export interface EventListItem {
  ref: string;
  partition: number;
  offset: number;
  appendTime: number;
  eventTime: number | null;
  outcome: EventOutcome;
  reason: DeadLetterReason | null;
  type: string | null;
  subject: string | null;
  region: string | null;
  carrier: string | null;
  facility: string | null;
}

export interface EventPage {
  items: EventListItem[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
  /**
   * With several instances: true when the instance holding some partitions did not answer
   * (or nobody holds them yet), and the page leaves `missingPartitions` out. A later page
   * with the same cursor includes them once they answer.
   */
  partial?: boolean;
  missingPartitions?: number[];
}

/** The path of one input through Waybill, epoch ms; null where it has not happened (yet). */
export interface EventTrace {
  traceparent: string | null;
  /** The W3C trace id of the traceparent (the producer's trace, which Waybill's spans continue); null without a valid one. */
  traceId: string | null;
  /** Where the trace can be seen (WAYBILL_TRACE_URL with the trace id filled in); null when none is configured. */
  traceUrl: string | null;
  eventTime: number | null;
  appendTime: number;
  /** When the pipeline folded it. */
  processedAt: number | null;
  /** When an update holding its bucket first reached a dashboard. */
  firstPushedAt: number | null;
}

/** GET /api/events/:ref */
export interface EventDetail {
  ref: string;
  partition: number;
  offset: number;
  appendTime: number;
  outcome: EventOutcome;
  reason: DeadLetterReason | null;
  error: string | null;
  key: string | null;
  headers: Record<string, string>;
  /** The original payload as text; null when the log no longer holds it. */
  raw: string | null;
  /** The validated, upcast event; null for a dead letter. */
  event: Record<string, unknown> | null;
  trace: EventTrace;
}

export const ANOMALIES = ['outOfOrder', 'sequenceGap', 'duplicate', 'late', 'deadLetter'] as const;
export type Anomaly = (typeof ANOMALIES)[number];

export interface ShipmentTimelineEvent {
  ref: string;
  outcome: EventOutcome;
  type: string | null;
  eventTime: number | null;
  appendTime: number;
  sequence: number | null;
  source: string | null;
  id: string | null;
  region: string | null;
  facility: string | null;
  carrier: string | null;
  anomalies: Anomaly[];
}

/** A leg: from one shipment event to the next (telemetry excluded), in event time. */
export interface ShipmentLeg {
  fromRef: string;
  toRef: string;
  fromType: string;
  toType: string;
  fromFacility: string | null;
  toFacility: string | null;
  durationMs: number;
}

/** GET /api/shipments/:subject */
export interface ShipmentTimeline {
  subject: string;
  events: ShipmentTimelineEvent[];
  legs: ShipmentLeg[];
  leadTimeMs: number | null;
  promisedAt: number | null;
  deliveredAt: number | null;
  slaBreached: boolean | null;
}

/** POST /api/dlq/:ref/replay */
export interface ReplayResult {
  /** The new input's ref. */
  ref: string;
  outcome: EventOutcome;
  reason: DeadLetterReason | null;
}
