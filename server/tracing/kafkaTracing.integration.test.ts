import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeadLetterPage } from '../../lib/deadLetters';
import { parseTraceparent } from '../../lib/traceparent';
import { createTopics, readTopic, testKafka, TEST_BROKERS, uniqueNames } from '../testing/kafkaTesting';
import { startOtlpReceiver, type OtlpReceiver } from '../testing/otlpReceiver';
import { startServer, waitUntilLive, type RunningServer } from '../testing/runningServer';

/*
 * Kafka mode carries the trace on in what Waybill produces: a dead letter on the DLQ
 * topic and a replayed event on the events topic each have a `traceparent` header in the
 * producer's trace (a new span id: Waybill's hop). An event produced straight to the
 * topic has no ingest span: its fold's parent is the producer's span.
 */

const hex = (bytes: number) => crypto.randomBytes(bytes).toString('hex');

describe('tracing in Kafka mode', () => {
  const kafka = testKafka();
  const names = uniqueNames('tracing');
  let receiver: OtlpReceiver;
  let server: RunningServer;

  beforeAll(async () => {
    await createTopics(kafka, [
      { topic: names.topic, numPartitions: 2, configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] },
      { topic: names.dlqTopic, numPartitions: 2 },
    ]);
    receiver = await startOtlpReceiver();
    server = await startServer({
      env: {
        KAFKA_BROKERS: TEST_BROKERS.join(','),
        KAFKA_TOPIC: names.topic,
        KAFKA_DLQ_TOPIC: names.dlqTopic,
        KAFKA_GROUP_ID: names.groupId,
        KAFKA_PARTITIONS: '2',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        WAYBILL_TRACE_SAMPLE_RATIO: '1',
      },
    });
    await waitUntilLive(server.url, 600);
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [names.topic, names.dlqTopic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('puts the trace in the headers of the dead letter and of its replay', async () => {
    const traceId = hex(16);
    const producerSpanId = hex(8);
    const subject = `S-${hex(3)}`;
    // Valid but for its data: a schema violation, dead-lettered by the pipeline.
    const broken = {
      specversion: '1.0',
      id: `trace-${hex(4)}`,
      source: '/hubs/AMS-3/scanner-1',
      type: 'shipment.created',
      time: new Date().toISOString(),
      subject,
      dataschema: 'urn:waybill:shipment:2',
      traceparent: `00-${traceId}-${producerSpanId}-01`,
      data: { carrier: 'DHL' },
    };
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: names.topic, messages: [{ key: subject, value: JSON.stringify(broken) }] });
    await producer.disconnect();

    const [deadLetter] = await readTopic(kafka, names.dlqTopic, 1);
    const dlqTrace = parseTraceparent(deadLetter?.headers?.traceparent?.toString());
    expect(dlqTrace?.traceId).toBe(traceId);
    expect(dlqTrace?.parentId).not.toBe(producerSpanId);
    expect(dlqTrace?.flags).toBe('01');

    const spans = await receiver.waitForSpans((all) => all.some((span) => span.traceId === traceId && span.name === 'waybill.dead_letter'), 20_000);
    const fold = spans.find((span) => span.traceId === traceId && span.name === 'waybill.fold')!;
    expect(fold.parentSpanId).toBe(producerSpanId);
    expect(fold.attributes['waybill.outcome']).toBe('deadLetter');

    let letters: DeadLetterPage | null = null;
    for (let attempt = 0; attempt < 100 && !letters?.items.length; attempt += 1) {
      letters = (await (await fetch(`${server.url}/api/dlq`)).json()) as DeadLetterPage;
      if (!letters.items.length) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const corrected = { ...broken, data: { carrier: 'DHL', facility: { code: 'AMS-3', region: 'eu-west' } } };
    const replay = await fetch(`${server.url}/api/dlq/${letters!.items[0]!.ref}/replay`, { method: 'POST', body: JSON.stringify(corrected) });
    expect(replay.status).toBe(200);
    const events = await readTopic(kafka, names.topic, 2);
    const replayed = events.find((message) => message.headers?.['waybill.replay.of'] !== undefined);
    const replayTrace = parseTraceparent(replayed?.headers?.traceparent?.toString());
    expect(replayTrace?.traceId).toBe(traceId);
    expect(replayTrace?.parentId).not.toBe(producerSpanId);
  });
});
