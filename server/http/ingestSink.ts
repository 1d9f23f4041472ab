import type { Rejection } from '../pipeline/deadLetter';

/** One item of an ingest request, judged by the stateless checks. */
export interface IngestItem {
  key: string | null;
  value: Uint8Array;
  rejection: Rejection | null;
  /** The producer's W3C trace context, for an item that is a valid event and has one. */
  traceparent?: string | null;
}

/**
 * Where POST /api/events puts what it received. Embedded mode appends every item to the
 * log, rejected ones too, so the pipeline dead-letters them and a rebuild counts them
 * again; Kafka mode produces the valid ones and dead-letters the rest. Resolves once
 * everything is durable.
 */
export interface IngestSink {
  accept(items: readonly IngestItem[]): Promise<void>;
}
