import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { CLOUDEVENTS_CONTENT_TYPE } from '../../lib/contract/eventTypes';
import type { EventDetail } from '../../lib/events';
import { LIVE_NAMESPACE } from '../../lib/live';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../testing/otlpReceiver';
import { postEvents, startServer, waitUntilLive, type RunningServer } from '../testing/runningServer';

/*
 * One event from its producer to a screen, as a trace: the real server exporting over
 * OTLP/HTTP to a receiver on 127.0.0.1. The producer's traceparent is continued: the
 * ingest span's parent is the producer's span, and every span carries the producer's
 * trace id; the fold says what became of the event; a dead letter has its own span.
 */

const hex = (bytes: number) => crypto.randomBytes(bytes).toString('hex');

function shipmentEvent(traceId: string, producerSpanId: string, extra: Record<string, unknown> = {}) {
  return {
    specversion: '1.0',
    id: `trace-${hex(4)}`,
    source: '/hubs/AMS-3/scanner-1',
    type: 'shipment.created',
    time: new Date().toISOString(),
    subject: `S-${hex(3)}`,
    dataschema: 'urn:waybill:shipment:2',
    traceparent: `00-${traceId}-${producerSpanId}-01`,
    data: { carrier: 'DHL', facility: { code: 'AMS-3', region: 'eu-west' } },
    ...extra,
  };
}

const byName = (spans: ReceivedSpan[], name: string) => spans.find((span) => span.name === name);

describe('tracing on the real server', () => {
  let receiver: OtlpReceiver;
  let server: RunningServer;
  let client: Socket;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    server = await startServer({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, WAYBILL_TRACE_SAMPLE_RATIO: '1', WAYBILL_TRACE_URL: 'http://traces.example/trace/{traceId}' },
    });
    await waitUntilLive(server.url);
    // A dashboard watching: the trace ends where an update first reaches it.
    client = io(`${server.url}${LIVE_NAMESPACE}`, { transports: ['websocket'] });
    await new Promise<void>((resolve, reject) => {
      client.once('snapshot', () => resolve());
      client.once('connect_error', reject);
      client.emit('subscribe', { view: 'overview' });
    });
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
    await receiver?.close();
  });

  it("records ingest, append, fold and first push of one event in the producer's trace", async () => {
    const traceId = hex(16);
    const producerSpanId = hex(8);
    const answer = await postEvents(server.url, CLOUDEVENTS_CONTENT_TYPE, JSON.stringify(shipmentEvent(traceId, producerSpanId)));
    expect(answer.body).toMatchObject({ accepted: 1 });

    const spans = await receiver.waitForSpans(
      (all) => ['waybill.ingest', 'waybill.log.append', 'waybill.fold', 'waybill.push'].every((name) => all.some((span) => span.traceId === traceId && span.name === name)),
      20_000,
    );
    const ofEvent = spans.filter((span) => span.traceId === traceId);
    const ingest = byName(ofEvent, 'waybill.ingest')!;
    const append = byName(ofEvent, 'waybill.log.append')!;
    const fold = byName(ofEvent, 'waybill.fold')!;
    const push = byName(ofEvent, 'waybill.push')!;
    expect(ingest.parentSpanId).toBe(producerSpanId);
    expect(append.parentSpanId).toBe(ingest.spanId);
    expect(fold.parentSpanId).toBe(producerSpanId);
    expect(fold.attributes['waybill.outcome']).toBe('ok');
    expect(push.parentSpanId).toBe(producerSpanId);
    expect(ofEvent.every((span) => span.serviceName === 'waybill')).toBe(true);
    // In order: taken, written, folded, shown.
    expect(BigInt(append.startTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(ingest.startTimeUnixNano));
    expect(BigInt(fold.startTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(append.startTimeUnixNano));
    expect(BigInt(push.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(fold.endTimeUnixNano));
  });

  it('records the dead-lettering of an event that breaks the schema, under its fold', async () => {
    const traceId = hex(16);
    const broken = shipmentEvent(traceId, hex(8), { data: { carrier: 'DHL' } });
    expect((await postEvents(server.url, CLOUDEVENTS_CONTENT_TYPE, JSON.stringify(broken))).body).toMatchObject({ rejected: 1 });
    const spans = await receiver.waitForSpans((all) => all.some((span) => span.traceId === traceId && span.name === 'waybill.dead_letter'), 20_000);
    const ofEvent = spans.filter((span) => span.traceId === traceId);
    const fold = byName(ofEvent, 'waybill.fold')!;
    const deadLetter = byName(ofEvent, 'waybill.dead_letter')!;
    expect(fold.attributes['waybill.outcome']).toBe('deadLetter');
    expect(deadLetter.parentSpanId).toBe(fold.spanId);
    expect(deadLetter.attributes['waybill.dead_letter.reason']).toBe('schema_violation');
  });

  it('does not record an event whose producer did not sample its trace', async () => {
    const traceId = hex(16);
    const unsampled = { ...shipmentEvent(traceId, hex(8)), traceparent: `00-${traceId}-${hex(8)}-00` };
    const sampledTraceId = hex(16);
    // Posted after the unsampled one: once its spans are here, the unsampled one's would be too.
    await postEvents(server.url, CLOUDEVENTS_CONTENT_TYPE, JSON.stringify(unsampled));
    await postEvents(server.url, CLOUDEVENTS_CONTENT_TYPE, JSON.stringify(shipmentEvent(sampledTraceId, hex(8))));
    const spans = await receiver.waitForSpans((all) => all.some((span) => span.traceId === sampledTraceId && span.name === 'waybill.fold'), 20_000);
    expect(spans.filter((span) => span.traceId === traceId)).toEqual([]);
  });

  it('links the trace from the event detail', async () => {
    const traceId = hex(16);
    const event = shipmentEvent(traceId, hex(8));
    await postEvents(server.url, CLOUDEVENTS_CONTENT_TYPE, JSON.stringify(event));
    let detail: EventDetail | null = null;
    for (let attempt = 0; attempt < 100 && detail === null; attempt += 1) {
      const page = (await (await fetch(`${server.url}/api/events?subject=${event.subject}`)).json()) as { items: { ref: string }[] };
      if (page.items[0]) detail = (await (await fetch(`${server.url}/api/events/${page.items[0].ref}`)).json()) as EventDetail;
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(detail?.trace).toMatchObject({ traceId, traceUrl: `http://traces.example/trace/${traceId}` });
  });
});
