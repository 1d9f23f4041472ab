import type { Rejection } from '../pipeline/deadLetter';
import type { ShipmentEvent } from '../pipeline/shipmentEvent';

/** One item of an ingest request, judged by the stateless checks. */
export interface IngestItem {
  key: string | null;
  value: Uint8Array;
  rejection: Rejection | null;
  /** The producer's W3C trace context, for an item that is a valid event and has one. */
  traceparent?: string | null;
  /** The event a valid item is, as the checks decoded it: the embedded log hands it to the fold, which then need not parse it again. */
  event?: ShipmentEvent;
  /**
   * Refused only for an event time too far ahead of the request's time: judged again
   * against the time it is appended, as the pipeline will judge it.
   */
  judgedAtAppend?: boolean;
}

/**
 * Where POST /api/events puts what it received. Embedded mode appends every item to the
 * log, rejected ones too, so the pipeline dead-letters them and a rebuild counts them
 * again; Kafka mode produces the valid ones and dead-letters the rest. Resolves once
 * everything is durable, with each item's append time where the pipeline will judge the
 * item by it (embedded mode), or null where what was judged before stands (Kafka mode:
 * a rejected item never reaches the topic).
 */
export interface IngestSink {
  accept(items: readonly IngestItem[]): Promise<readonly number[] | null>;
}
