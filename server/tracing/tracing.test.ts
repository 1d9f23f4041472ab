import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { flattenExportRequest, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../testing/otlpReceiver';
import { ConfigError } from '../config';
import { createTracing, DISABLED_TRACING, tracingFromEnv, type Tracing } from './tracing';

const WAIT_MS = 10_000;

let receiver: OtlpReceiver;
const opened: Tracing[] = [];

beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((tracing) => tracing.shutdown()));
});
afterAll(async () => {
  await receiver.close();
});

function open(options: Parameters<typeof createTracing>[0]): Tracing {
  const tracing = createTracing(options);
  opened.push(tracing);
  return tracing;
}

/** A producer's span in a fresh trace, so each test finds its own spans among all received. */
function producer(flags = '01') {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-${flags}` };
}

function inTrace(traceId: string): ReceivedSpan[] {
  return receiver.spans.filter((span) => span.traceId === traceId);
}

function named(spans: ReceivedSpan[], name: string): ReceivedSpan {
  const matching = spans.filter((span) => span.name === name);
  expect(matching, name).toHaveLength(1);
  return matching[0]!;
}

const nanos = (epochMillis: number) => (BigInt(epochMillis) * 1_000_000n).toString();

describe('a sampled event through Waybill', () => {
  it('continues the producer trace from ingest to push, parent by parent, with its attributes', async () => {
    const tracing = open({ endpoint: receiver.url });
    const { traceId, spanId: producerSpanId, traceparent } = producer();
    const t0 = Date.now() - 1_000;

    expect(tracing.enabled).toBe(true);
    expect(tracing.sampled(traceparent)).toBe(true);
    const appendTraceparent = tracing.recordIngest({
      traceparent,
      start: t0,
      end: t0 + 8,
      appendStart: t0 + 2,
      appendEnd: t0 + 6,
      eventId: 'evt-1',
      partition: 3,
      offset: 42,
    });
    tracing.recordFold({ traceparent: appendTraceparent, start: t0 + 10, end: t0 + 11, outcome: 'deadLetter', reason: 'schema', partition: 3, offset: 42, eventId: 'evt-1' });
    tracing.recordPush({ traceparent: appendTraceparent, start: t0 + 11, end: t0 + 40, clients: 2 });
    await tracing.flush();

    const spans = await receiver.waitForSpans(() => inTrace(traceId).length >= 5, WAIT_MS).then(() => inTrace(traceId));
    expect(spans).toHaveLength(5);
    const ingest = named(spans, 'waybill.ingest');
    const append = named(spans, 'waybill.log.append');
    const fold = named(spans, 'waybill.fold');
    const deadLetter = named(spans, 'waybill.dead_letter');
    const push = named(spans, 'waybill.push');

    expect(ingest.parentSpanId).toBe(producerSpanId);
    expect(append.parentSpanId).toBe(ingest.spanId);
    expect(appendTraceparent).toBe(`00-${traceId}-${append.spanId}-01`);
    expect(fold.parentSpanId).toBe(append.spanId);
    expect(deadLetter.parentSpanId).toBe(fold.spanId);
    expect(push.parentSpanId).toBe(append.spanId);

    expect(ingest.attributes).toMatchObject({ 'cloudevents.event_id': 'evt-1', 'http.request.method': 'POST', 'http.route': '/api/events' });
    expect(append.attributes).toMatchObject({ 'cloudevents.event_id': 'evt-1', 'waybill.partition': 3, 'waybill.offset': 42 });
    expect(fold.attributes).toMatchObject({ 'waybill.outcome': 'deadLetter', 'waybill.partition': 3, 'waybill.offset': 42, 'cloudevents.event_id': 'evt-1' });
    expect(deadLetter.attributes).toMatchObject({ 'waybill.dead_letter.reason': 'schema' });
    expect(push.attributes).toMatchObject({ 'waybill.push.clients': 2 });

    expect([ingest.startTimeUnixNano, ingest.endTimeUnixNano]).toEqual([nanos(t0), nanos(t0 + 8)]);
    expect([append.startTimeUnixNano, append.endTimeUnixNano]).toEqual([nanos(t0 + 2), nanos(t0 + 6)]);
    expect([fold.startTimeUnixNano, fold.endTimeUnixNano]).toEqual([nanos(t0 + 10), nanos(t0 + 11)]);
    expect([push.startTimeUnixNano, push.endTimeUnixNano]).toEqual([nanos(t0 + 11), nanos(t0 + 40)]);
    expect(new Set(spans.map((span) => span.serviceName))).toEqual(new Set(['waybill']));
  });

  it('hangs the fold straight off the producer span when there was no ingest (Kafka), with no dead_letter for other outcomes', async () => {
    const tracing = open({ endpoint: receiver.url, serviceName: 'waybill-kafka' });
    const { traceId, spanId: producerSpanId, traceparent } = producer();
    const t0 = Date.now() - 500;

    tracing.recordFold({ traceparent, start: t0, end: t0 + 1, outcome: 'late', partition: 0, offset: 7 });
    await tracing.flush();

    const [fold] = await receiver.waitForSpans(() => inTrace(traceId).length >= 1, WAIT_MS).then(() => inTrace(traceId));
    expect(inTrace(traceId)).toHaveLength(1);
    expect(fold).toMatchObject({ name: 'waybill.fold', parentSpanId: producerSpanId, serviceName: 'waybill-kafka' });
    expect(fold!.attributes).toEqual({ 'waybill.outcome': 'late', 'waybill.partition': 0, 'waybill.offset': 7 });
  });

  it('posts to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given', async () => {
    const tracing = open({ endpoint: null, tracesEndpoint: `${receiver.url}/v1/traces` });
    const { traceId, traceparent } = producer();
    tracing.recordPush({ traceparent, start: Date.now() - 10, end: Date.now(), clients: 1 });
    await tracing.flush();
    await receiver.waitForSpans(() => inTrace(traceId).length === 1, WAIT_MS);
  });
});

describe('what is not recorded', () => {
  function recordEverything(tracing: Tracing, traceparent: string): void {
    const t0 = Date.now() - 100;
    const next = tracing.recordIngest({ traceparent, start: t0, end: t0 + 3, appendStart: t0 + 1, appendEnd: t0 + 2 });
    tracing.recordFold({ traceparent: next, start: t0 + 4, end: t0 + 5, outcome: 'deadLetter', reason: 'schema', partition: 1, offset: 1 });
    tracing.recordPush({ traceparent: next, start: t0 + 5, end: t0 + 9, clients: 1 });
  }

  it('a trace the producer did not sample (flags 00)', async () => {
    const tracing = open({ endpoint: receiver.url });
    const unsampled = producer('00');
    const control = producer();
    expect(tracing.sampled(unsampled.traceparent)).toBe(false);
    recordEverything(tracing, unsampled.traceparent);
    recordEverything(tracing, control.traceparent);
    await tracing.flush();
    // The unsampled spans, had there been any, were queued before the control's.
    await receiver.waitForSpans(() => inTrace(control.traceId).length === 5, WAIT_MS);
    expect(inTrace(unsampled.traceId)).toEqual([]);
  });

  it('any trace at ratio 0', async () => {
    const tracing = open({ endpoint: receiver.url, sampleRatio: 0 });
    const event = producer();
    expect(tracing.sampled(event.traceparent)).toBe(false);
    recordEverything(tracing, event.traceparent);
    expect(tracing.recordIngest({ traceparent: event.traceparent, start: 1, end: 2, appendStart: 1, appendEnd: 2 })).toBe(event.traceparent);
    await tracing.flush();
    expect(inTrace(event.traceId)).toEqual([]);
  });

  it('a missing or malformed traceparent', () => {
    const tracing = open({ endpoint: receiver.url });
    const { traceId, spanId } = producer();
    const malformed = [null, '', 'garbage', `00-${traceId}-${spanId}-1`, `00-${traceId.toUpperCase()}-${spanId}-01`, `00-${'0'.repeat(32)}-${spanId}-01`, `00-${traceId}-${'0'.repeat(16)}-01`, `ff-${traceId}-${spanId}-01`];
    for (const traceparent of malformed) expect(tracing.sampled(traceparent), String(traceparent)).toBe(false);
  });
});

describe('the sample ratio', () => {
  it('is decided by the trace id alone, so every instance and every span of an event agree', () => {
    const first = open({ endpoint: receiver.url, sampleRatio: 0.25 });
    const second = open({ endpoint: receiver.url, sampleRatio: 0.25 });
    // Fixed pseudo-random trace ids: the share below is then the same on every run.
    const traceparents = Array.from({ length: 2_000 }, (_, index) => `00-${createHash('sha256').update(String(index)).digest('hex').slice(0, 32)}-${'b'.repeat(16)}-01`);
    const decisions = traceparents.map((traceparent) => first.sampled(traceparent));
    expect(traceparents.map((traceparent) => second.sampled(traceparent))).toEqual(decisions);
    expect(traceparents.map((traceparent) => first.sampled(traceparent))).toEqual(decisions);
    const share = decisions.filter(Boolean).length / decisions.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.35);
  });

  it('accepts every producer-sampled trace at 1 and refuses a ratio outside 0..1', () => {
    const tracing = open({ endpoint: receiver.url, sampleRatio: 1 });
    for (let index = 0; index < 100; index++) expect(tracing.sampled(producer().traceparent)).toBe(true);
    expect(() => createTracing({ endpoint: receiver.url, sampleRatio: 1.5 })).toThrow(/sampleRatio/);
    expect(() => createTracing({ endpoint: receiver.url, sampleRatio: Number.NaN })).toThrow(/sampleRatio/);
  });
});

describe('childTraceparent', () => {
  it('keeps the trace id and the sampled flag and takes a new span id', () => {
    const tracing = open({ endpoint: receiver.url });
    for (const flags of ['01', '00']) {
      const { traceId, spanId, traceparent } = producer(flags);
      const child = tracing.childTraceparent(traceparent)!;
      const [version, childTraceId, childSpanId, childFlags] = child.split('-');
      expect({ version, childTraceId, childFlags }).toEqual({ version: '00', childTraceId: traceId, childFlags: flags });
      expect(childSpanId).toMatch(/^[0-9a-f]{16}$/);
      expect(childSpanId).not.toBe(spanId);
      expect(tracing.childTraceparent(traceparent)).not.toBe(child);
    }
    expect(tracing.childTraceparent(null)).toBeNull();
    expect(tracing.childTraceparent('garbage')).toBeNull();
  });
});

describe('disabled tracing', () => {
  it('is what no endpoint gives, and does nothing', async () => {
    const tracing = createTracing({ endpoint: null });
    expect(tracing).toBe(DISABLED_TRACING);
    expect(tracing.enabled).toBe(false);
    const { traceparent } = producer();
    expect(tracing.sampled(traceparent)).toBe(false);
    expect(tracing.recordIngest({ traceparent, start: 1, end: 2, appendStart: 1, appendEnd: 2 })).toBe(traceparent);
    tracing.recordFold({ traceparent, start: 1, end: 2, outcome: 'deadLetter', partition: 0, offset: 0 });
    tracing.recordPush({ traceparent, start: 1, end: 2, clients: 1 });
    expect(tracing.childTraceparent(traceparent)).toBe(traceparent);
    expect(tracing.childTraceparent(null)).toBeNull();
    expect(tracing.childTraceparent('garbage')).toBe('garbage');
    await tracing.flush();
    await tracing.shutdown();
  });
});

describe('tracingFromEnv', () => {
  it('is disabled with no endpoint, or when OTEL_SDK_DISABLED says so', () => {
    expect(tracingFromEnv({}).enabled).toBe(false);
    expect(tracingFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }).enabled).toBe(false);
    expect(tracingFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SDK_DISABLED: 'true' }).enabled).toBe(false);
  });

  it('reads the endpoint, the service name and the ratio', async () => {
    const tracing = tracingFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: `${receiver.url}/`, OTEL_SERVICE_NAME: 'waybill-env', WAYBILL_TRACE_SAMPLE_RATIO: '1' });
    opened.push(tracing);
    expect(tracing.enabled).toBe(true);
    const { traceId, traceparent } = producer();
    tracing.recordPush({ traceparent, start: Date.now() - 5, end: Date.now(), clients: 3 });
    await tracing.flush();
    const spans = await receiver.waitForSpans(() => inTrace(traceId).length === 1, WAIT_MS).then(() => inTrace(traceId));
    expect(spans[0]!.serviceName).toBe('waybill-env');
    const none = tracingFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, WAYBILL_TRACE_SAMPLE_RATIO: '0' });
    opened.push(none);
    expect(none.sampled(traceparent)).toBe(false);
  });

  it.each([
    ['WAYBILL_TRACE_SAMPLE_RATIO', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', WAYBILL_TRACE_SAMPLE_RATIO: 'half' }],
    ['WAYBILL_TRACE_SAMPLE_RATIO', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', WAYBILL_TRACE_SAMPLE_RATIO: '1.5' }],
    ['WAYBILL_TRACE_SAMPLE_RATIO', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', WAYBILL_TRACE_SAMPLE_RATIO: '-0.1' }],
    ['WAYBILL_TRACE_SAMPLE_RATIO', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', WAYBILL_TRACE_SAMPLE_RATIO: '0x1' }],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', { OTEL_EXPORTER_OTLP_ENDPOINT: '127.0.0.1:4318' }],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', { OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://127.0.0.1:4317' }],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' }],
  ])('names %s when it is wrong', (variable, env) => {
    expect(() => tracingFromEnv(env)).toThrow(ConfigError);
    expect(() => tracingFromEnv(env)).toThrow(variable);
  });
});

describe('the OTLP test receiver', () => {
  it('refuses protobuf with 415 and a message saying why', async () => {
    const response = await fetch(`${receiver.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array([10, 0]) });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { message: string }).message).toMatch(/JSON only/);
  });

  it('reads ids sent as base64 as well as hex', () => {
    const traceId = randomBytes(16);
    const spanId = randomBytes(8);
    const [span] = flattenExportRequest({
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: traceId.toString('base64'), spanId: spanId.toString('hex').toUpperCase(), name: 'x', startTimeUnixNano: '1', endTimeUnixNano: 2 }] }] }],
    });
    expect(span).toMatchObject({ traceId: traceId.toString('hex'), spanId: spanId.toString('hex'), parentSpanId: null, startTimeUnixNano: '1', endTimeUnixNano: '2' });
  });
});
