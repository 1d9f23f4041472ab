import { ROOT_CONTEXT, SpanKind, TraceFlags, trace, type Attributes, type HrTime, type SpanContext } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor, RandomIdGenerator } from '@opentelemetry/sdk-trace-base';
import { parseTraceparent } from '../../lib/traceparent';
import { createTraceSampler } from './traceSampling';
import type { FoldRecord, IngestRecord, PushRecord, Tracing } from './tracing';

/**
 * Every setting of the batch processor is given, so none falls back to OTEL_BSP_*: the
 * queue stays bounded whatever the environment says. A sampled event is 2 to 5 spans;
 * beyond the queue, spans are dropped rather than held, since tracing must never be what
 * runs the server out of memory.
 */
const BATCH = { maxQueueSize: 8_192, maxExportBatchSize: 512, scheduledDelayMillis: 1_000, exportTimeoutMillis: 10_000 };
/** Bounds how long a dead collector holds up a flush or a shutdown. */
const EXPORT_TIMEOUT_MS = 5_000;
const FLUSH_TIMEOUT_MS = 10_000;

/** Tracing that records spans with the OpenTelemetry SDK and posts them as OTLP/HTTP JSON to `url`. */
export function createOtlpTracing(settings: { url: string; serviceName: string; sampleRatio: number }): Tracing {
  const sampled = createTraceSampler(settings.sampleRatio);
  const idGenerator = new RandomIdGenerator();
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': settings.serviceName })),
    // Sampling is decided once per event by `sampled`; the SDK's own (OTEL_TRACES_SAMPLER) must not second-guess it.
    sampler: new AlwaysOnSampler(),
    idGenerator,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.url, timeoutMillis: EXPORT_TIMEOUT_MS }), BATCH)],
  });
  // Not registered globally: Waybill's spans are its own, and a library's global provider stays untouched.
  const tracer = provider.getTracer('waybill');
  let stopped = false;

  function sampledParent(traceparent: string): SpanContext | null {
    if (stopped || !sampled(traceparent)) return null;
    const parsed = parseTraceparent(traceparent)!;
    return { traceId: parsed.traceId, spanId: parsed.parentId, traceFlags: TraceFlags.SAMPLED, isRemote: true };
  }

  function recordSpan(name: string, parent: SpanContext, start: number, end: number, attributes: Attributes, kind = SpanKind.INTERNAL): SpanContext {
    const span = tracer.startSpan(name, { kind, startTime: epochMillisToHrTime(start), attributes }, trace.setSpanContext(ROOT_CONTEXT, parent));
    span.end(epochMillisToHrTime(end));
    return span.spanContext();
  }

  return {
    enabled: true,
    sampled,
    recordIngest(input: IngestRecord): string {
      const producer = sampledParent(input.traceparent);
      if (producer === null) return input.traceparent;
      const eventAttributes: Attributes = input.eventId === undefined ? {} : { 'cloudevents.event_id': input.eventId };
      const ingest = recordSpan(
        'waybill.ingest',
        producer,
        input.start,
        input.end,
        { ...eventAttributes, 'http.request.method': 'POST', 'http.route': '/api/events' },
        SpanKind.SERVER,
      );
      const append = recordSpan('waybill.log.append', ingest, input.appendStart, input.appendEnd, {
        ...eventAttributes,
        ...(input.partition === undefined ? {} : { 'waybill.partition': input.partition }),
        ...(input.offset === undefined ? {} : { 'waybill.offset': input.offset }),
      });
      return `00-${append.traceId}-${append.spanId}-01`;
    },
    recordFold(input: FoldRecord): void {
      const parent = sampledParent(input.traceparent);
      if (parent === null) return;
      const attributes: Attributes = { 'waybill.outcome': input.outcome, 'waybill.partition': input.partition, 'waybill.offset': input.offset };
      if (input.eventId != null) attributes['cloudevents.event_id'] = input.eventId;
      const fold = recordSpan('waybill.fold', parent, input.start, input.end, attributes);
      if (input.outcome === 'deadLetter') {
        recordSpan('waybill.dead_letter', fold, input.start, input.end, input.reason == null ? {} : { 'waybill.dead_letter.reason': input.reason });
      }
    },
    recordPush(input: PushRecord): void {
      const parent = sampledParent(input.traceparent);
      if (parent === null) return;
      recordSpan('waybill.push', parent, input.start, input.end, { 'waybill.push.clients': input.clients });
    },
    childTraceparent(traceparent: string | null): string | null {
      const parsed = parseTraceparent(traceparent);
      return parsed === null ? null : `00-${parsed.traceId}-${idGenerator.generateSpanId()}-${parsed.flags}`;
    },
    async flush(): Promise<void> {
      try {
        await provider.forceFlush({ timeoutMillis: FLUSH_TIMEOUT_MS });
      } catch (errors) {
        throw exportError('flush', errors);
      }
    },
    async shutdown(): Promise<void> {
      stopped = true;
      try {
        await provider.shutdown();
      } catch (errors) {
        throw exportError('shutdown', errors);
      }
    },
  };
}

/**
 * The SDK reads a number no larger than performance.now() as a performance timestamp, not
 * epoch milliseconds; an HrTime is never ambiguous.
 */
function epochMillisToHrTime(epochMillis: number): HrTime {
  let seconds = Math.floor(epochMillis / 1_000);
  let nanos = Math.round((epochMillis - seconds * 1_000) * 1_000_000);
  if (nanos >= 1_000_000_000) {
    seconds += 1;
    nanos -= 1_000_000_000;
  }
  return [seconds, nanos];
}

/** The SDK rejects with an array of errors; callers want one Error. */
function exportError(step: string, errors: unknown): Error {
  const causes = Array.isArray(errors) ? errors : [errors];
  const messages = causes.map((cause) => (cause instanceof Error ? cause.message : String(cause)));
  return new Error(`tracing ${step}: spans not exported: ${messages.join('; ')}`, { cause: errors });
}
