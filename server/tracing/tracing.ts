import { createOtlpTracing } from './otlpTracing';
import { type TracingOptions, tracingOptionsFromEnv, tracesUrl } from './tracingOptions';

export type { TracingOptions } from './tracingOptions';

/** Times are epoch milliseconds; `traceparent`s are W3C Trace Context, version 00. */
export interface IngestRecord {
  /** The producer's, from the event. */
  traceparent: string;
  start: number;
  end: number;
  appendStart: number;
  appendEnd: number;
  eventId?: string;
  partition?: number;
  offset?: number;
}

export interface FoldRecord {
  /** The producer's: the fold is a child of the producer's span (the server passes the event's own traceparent). */
  traceparent: string;
  start: number;
  end: number;
  outcome: string;
  reason?: string | null;
  partition: number;
  offset: number;
  eventId?: string | null;
}

export interface PushRecord {
  traceparent: string;
  start: number;
  end: number;
  clients: number;
}

/**
 * Spans that continue the producer's trace through Waybill. The pipeline folds far too
 * many events per second to hold a span open around each, so spans are recorded after
 * the fact with the times the caller measured, and only for events `sampled` accepts.
 */
export interface Tracing {
  readonly enabled: boolean;
  /** Cheap enough for every event: false when disabled, malformed, not sampled by the producer, or outside the ratio. */
  sampled(traceparent: string | null): boolean;
  /** 'waybill.ingest' (child of the producer's span) and its child 'waybill.log.append'; returns the append span's traceparent. */
  recordIngest(input: IngestRecord): string;
  /** 'waybill.fold', and for a dead letter its child 'waybill.dead_letter'. */
  recordFold(input: FoldRecord): void;
  /** 'waybill.push': the event's first push to a dashboard. */
  recordPush(input: PushRecord): void;
  /**
   * The traceparent for a record Waybill produces (dead letter, replay): the same trace, a
   * new span id, the sampled flag kept; null for none or a malformed one. Unchanged when
   * tracing is disabled.
   */
  childTraceparent(traceparent: string | null): string | null;
  /** Exports what is queued; rejects when the collector did not take it. */
  flush(): Promise<void>;
  /** Exports what is queued and stops; recording afterwards does nothing. */
  shutdown(): Promise<void>;
}

/** Tracing off: every call returns at once, and no SDK object is ever built. */
export const DISABLED_TRACING: Tracing = Object.freeze({
  enabled: false,
  sampled: () => false,
  recordIngest: (input: IngestRecord) => input.traceparent,
  recordFold: () => {},
  recordPush: () => {},
  childTraceparent: (traceparent: string | null) => traceparent,
  flush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
});

export function createTracing(options: TracingOptions): Tracing {
  const sampleRatio = options.sampleRatio ?? 1;
  if (!(sampleRatio >= 0 && sampleRatio <= 1)) throw new RangeError(`sampleRatio must be from 0 to 1, got ${sampleRatio}`);
  const url = tracesUrl(options);
  if (url === null) return DISABLED_TRACING;
  return createOtlpTracing({ url, serviceName: options.serviceName ?? 'waybill', sampleRatio });
}

/** Tracing as the environment configures it; throws a ConfigError naming a bad variable. */
export function tracingFromEnv(env: Record<string, string | undefined>): Tracing {
  return createTracing(tracingOptionsFromEnv(env));
}
