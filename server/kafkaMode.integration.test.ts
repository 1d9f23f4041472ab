import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigResourceTypes } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_PREVIEW_CHARS, type DeadLetterPage, type DeadLetterPayload } from '../lib/deadLetters';
import type { Health } from '../lib/health';
import type { Summary } from '../lib/summary';
import { summarize } from './pipeline/aggregateQuery';
import { Pipeline } from './pipeline/pipeline';
import { DLQ_HEADERS } from './sinks/deadLetterHeaders';
import { partitionForKey } from './store/keyPartitioner';
import { ShipmentTrafficGenerator } from './sources/simulator/shipmentTraffic';
import { createTopics, knownSetMessage, readTopic, runBrokerScript, testKafka, topicSize, TEST_BROKERS, uniqueNames } from './testing/kafkaTesting';
import { countsOf, knownEventSet, postKnownEventSet } from './testing/knownEventSet';
import { postEvents, startServer, waitUntilLive, type RunningServer } from './testing/runningServer';

/*
 * Kafka mode against a real Apache Kafka broker (npm run kafka:start; npm test starts it).
 * The same known event set as the embedded test, produced with kafkajs in both CloudEvents
 * bindings, must give the same figures; dead letters must be on the DLQ topic once; a
 * restart of Waybill and a restart of the broker must lose nothing and count nothing twice.
 */

const PARTITIONS = 3;
const NOW = Date.now();
const knownSet = knownEventSet(NOW);
const { T, aCreated, batch, allItems, expectedCounts } = knownSet;
const range = `from=${T - 60_000}&to=${NOW + 10 * 60_000}`;
const names = uniqueNames('it');
const kafka = testKafka();

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return (await response.json()) as T;
}

/** Polls the summary until it has seen `inputs` inputs: bounded in attempts. */
async function summaryOnceSeen(url: string, inputs: number, attempts = 300): Promise<Summary> {
  let summary: Summary | null = null;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    summary = await getJson<Summary>(`${url}/api/summary?${range}`);
    // Final figures: every input seen, and every partition of the topic folded here.
    if (summary.inputs >= inputs && summary.partial === false) return summary;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`only ${summary?.inputs} of ${inputs} inputs were seen`);
}

function startWaybill(topics = names) {
  return startServer({
    env: {
      KAFKA_BROKERS: TEST_BROKERS.join(','),
      KAFKA_TOPIC: topics.topic,
      KAFKA_DLQ_TOPIC: topics.dlqTopic,
      KAFKA_GROUP_ID: topics.groupId,
      KAFKA_PARTITIONS: String(PARTITIONS),
    },
  });
}

async function deleteTopics(topics: { topic: string; dlqTopic: string }): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topics.topic, topics.dlqTopic] }).catch(() => undefined);
  await admin.disconnect();
}

describe('Kafka mode against a real broker', () => {
  let server: RunningServer;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 30, initialRetryTime: 200, maxRetryTime: 2_000 } });

  beforeAll(async () => {
    server = await startWaybill();
    await waitUntilLive(server.url, 600);
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect().catch(() => undefined);
    await server?.stop();
    await deleteTopics(names);
  });

  let summaryAfterKnownSet: Summary;

  it('gives the embedded figures for the known event set, in both bindings', async () => {
    await producer.send({ topic: names.topic, acks: -1, messages: allItems.map((item, index) => knownSetMessage(item, index, NOW)) });
    summaryAfterKnownSet = await summaryOnceSeen(server.url, 24);
    expect(countsOf(summaryAfterKnownSet)).toEqual(expectedCounts);
    expect(summaryAfterKnownSet.latencyMs).not.toBeNull();
    const health = await getJson<Health>(`${server.url}/api/health`);
    expect(health).toMatchObject({ status: 'ok', mode: 'kafka', lag: { records: 0 }, rebuild: { state: 'live' } });
    expect(health.partitions.map((partition) => partition.partition)).toEqual([0, 1, 2]);
  });

  it('creates the events topic with the broker setting record timestamps', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: names.topic, configNames: ['message.timestamp.type'] }],
    });
    await admin.disconnect();
    expect(resources[0]!.configEntries).toEqual([expect.objectContaining({ configName: 'message.timestamp.type', configValue: 'LogAppendTime' })]);
  });

  it('puts every dead letter on the DLQ topic with its reason headers and the original record', async () => {
    const deadLetters = await readTopic(kafka, names.dlqTopic, 6);
    expect(deadLetters).toHaveLength(6);
    const reasons = deadLetters.map((message) => message.headers![DLQ_HEADERS.reason]!.toString()).sort();
    expect(reasons).toEqual(['invalid_envelope', 'invalid_json', 'invalid_json', 'schema_violation', 'too_large', 'unsupported_schema']);
    for (const message of deadLetters) {
      const headers = message.headers!;
      expect(headers[DLQ_HEADERS.topic]!.toString()).toBe(names.topic);
      expect(Number(headers[DLQ_HEADERS.partition]!.toString())).toBeGreaterThanOrEqual(0);
      expect(Number(headers[DLQ_HEADERS.offset]!.toString())).toBeGreaterThanOrEqual(0);
      expect(headers[DLQ_HEADERS.error]!.toString().length).toBeGreaterThan(0);
      expect(Number(headers[DLQ_HEADERS.failedAt]!.toString())).toBeGreaterThan(NOW - 60_000);
      // The original headers travel along: binary-mode letters keep their ce_ attributes.
      if (headers['content-type']!.toString() === 'application/json') expect(headers.ce_specversion!.toString()).toBe('1.0');
      else expect(headers['content-type']!.toString()).toBe('application/cloudevents+json');
    }
    expect(deadLetters.map((message) => message.value!.toString()).sort()).toContain('not json');
    const listed = await getJson<{ total: number }>(`${server.url}/api/dlq`);
    expect(listed.total).toBe(6);
  });

  it('rebuilds exactly the same figures after a restart, writing no dead letter twice', async () => {
    await server.stop();
    server = await startWaybill();
    await waitUntilLive(server.url, 600);
    const summary = await summaryOnceSeen(server.url, 24);
    expect(summary).toEqual(summaryAfterKnownSet);
    expect(await topicSize(kafka, names.dlqTopic)).toBe(6);
  });

  it('loses nothing and counts nothing twice when the broker restarts mid-stream', async () => {
    const generator = new ShipmentTrafficGenerator({ seed: 21, runId: 'brk' });
    const generated = Array.from({ length: 300 }, () => generator.next(Date.now()));
    const send = (from: number, to: number) =>
      producer.send({
        topic: names.topic,
        acks: -1,
        messages: generated.slice(from, to).map((input) => ({ key: input.key, value: input.body })),
      });
    for (let sent = 0; sent < 150; sent += 30) await send(sent, sent + 30);

    runBrokerScript('stop');
    // While the broker is away, health says so.
    let degraded = false;
    for (let attempt = 0; attempt < 100 && !degraded; attempt += 1) {
      degraded = (await getJson<Health>(`${server.url}/api/health`)).status === 'degraded';
      if (!degraded) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(degraded).toBe(true);
    runBrokerScript('start');
    // Then everything comes back by itself.
    for (let sent = 150; sent < 300; sent += 30) await send(sent, sent + 30);
    const summary = await summaryOnceSeen(server.url, 24 + 300);

    // The same records through an in-process pipeline, partitioned as the topic is.
    const expected = new Pipeline();
    const offsets = new Map<number, number>();
    const encoder = new TextEncoder();
    for (const input of generated) {
      const partition = partitionForKey(input.key!, PARTITIONS);
      const offset = offsets.get(partition) ?? 0;
      offsets.set(partition, offset + 1);
      expected.process({ partition, offset, appendTime: Date.now(), key: input.key, value: encoder.encode(input.body) });
    }
    const alone = summarize(expected.partitions(), T - 60_000, NOW + 10 * 60_000, null);
    const added = (field: 'inputs' | 'events' | 'duplicates' | 'outOfOrder' | 'sequenceGaps' | 'exceptions') =>
      summary[field] - summaryAfterKnownSet[field];
    expect([added('inputs'), added('events'), added('duplicates'), added('outOfOrder'), added('sequenceGaps'), added('exceptions')]).toEqual([
      alone.inputs,
      alone.events,
      alone.duplicates,
      alone.outOfOrder,
      alone.sequenceGaps,
      alone.exceptions,
    ]);
    expect(summary.deadLetters.total - 6).toBe(alone.deadLetters.total);
    // Dead letters on the topic: once each, however the broker came and went.
    const health = await getJson<Health>(`${server.url}/api/health`);
    expect(health.status).toBe('ok');
    for (let attempt = 0; attempt < 100 && (await topicSize(kafka, names.dlqTopic)) < 6 + alone.deadLetters.total; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await topicSize(kafka, names.dlqTopic)).toBe(6 + alone.deadLetters.total);
  });

  it('takes traffic from npm run simulate -- --kafka', async () => {
    const before = await getJson<Summary>(`${server.url}/api/summary?${range}`);
    const root = path.resolve(__dirname, '..');
    const result = spawnSync(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      ['scripts/simulate.ts', '--kafka', '--brokers', TEST_BROKERS.join(','), '--topic', names.topic, '--count', '80', '--rate', '400', '--seed', '5'],
      { cwd: root, encoding: 'utf8', timeout: 90_000 },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ sent: 80, accepted: 80 });
    const after = await summaryOnceSeen(server.url, before.inputs + 80);
    expect(after.inputs).toBe(before.inputs + 80);
  });
});

describe('Kafka mode: POST /api/events', () => {
  const frontDoor = uniqueNames('ingest');
  let server: RunningServer;

  beforeAll(async () => {
    server = await startWaybill(frontDoor);
    await waitUntilLive(server.url, 600);
  });

  afterAll(async () => {
    await server?.stop();
    await deleteTopics(frontDoor);
  });

  let summaryAfterPosts: Summary;

  it('produces the valid items, dead-letters the rest, and counts them all as embedded mode does', async () => {
    const { single, batched, lines } = await postKnownEventSet(server.url, knownSet);
    expect(single).toEqual({ status: 202, body: { accepted: 1, rejected: 0, errors: [] } });
    expect(batched).toEqual({ status: 202, body: { accepted: batch.length, rejected: 0, errors: [] } });
    expect(lines).toMatchObject({ status: 202, body: { accepted: 3, rejected: 6 } });

    // Only the accepted items reach the events topic; the refused ones go to the DLQ topic alone.
    expect(await topicSize(kafka, frontDoor.topic)).toBe(1 + batch.length + 3);
    const deadLetters = await readTopic(kafka, frontDoor.dlqTopic, 6);
    expect(deadLetters.map((message) => message.headers![DLQ_HEADERS.offset]!.toString())).toEqual(Array(6).fill('-1'));
    expect(deadLetters.map((message) => message.headers![DLQ_HEADERS.topic]!.toString())).toEqual(Array(6).fill(frontDoor.topic));

    summaryAfterPosts = await summaryOnceSeen(server.url, 24);
    expect(countsOf(summaryAfterPosts)).toEqual(expectedCounts);
    expect((await getJson<{ total: number }>(`${server.url}/api/dlq`)).total).toBe(6);
  });

  it('counts the refused items again after a restart, writing none of them twice', async () => {
    await server.stop();
    server = await startWaybill(frontDoor);
    await waitUntilLive(server.url, 600);
    const summary = await summaryOnceSeen(server.url, 24);
    expect(summary).toEqual(summaryAfterPosts);
    expect(await topicSize(kafka, frontDoor.dlqTopic)).toBe(6);
  });
});

describe('Kafka mode: dead letters larger than the DLQ topic takes at once', () => {
  const oversized = uniqueNames('oversized');
  const DLQ_MAX_MESSAGE_BYTES = 50_000;
  const DLQ_PARTITIONS = 5;
  let server: RunningServer;

  beforeAll(async () => {
    // The DLQ topic exists already: a size limit below what the events topic takes, and
    // more partitions, so one batch of events spreads its dead letters over several.
    await createTopics(kafka, [
      { topic: oversized.topic, numPartitions: PARTITIONS },
      { topic: oversized.dlqTopic, numPartitions: DLQ_PARTITIONS, configEntries: [{ name: 'max.message.bytes', value: String(DLQ_MAX_MESSAGE_BYTES) }] },
    ]);
    server = await startWaybill(oversized);
    await waitUntilLive(server.url, 600);
  });

  afterAll(async () => {
    await server?.stop();
    await deleteTopics(oversized);
  });

  it('writes one too large alone without its value, the others whole, in requests the topic takes, and its partition goes on', async () => {
    // Keys that share an events partition (so one batch, one write) but not a DLQ partition.
    const keys: string[] = [];
    const dlqPartitions = new Set<number>();
    for (let i = 0; i < 1_000 && keys.length < 4; i += 1) {
      const key = `K${i}`;
      if (partitionForKey(key, PARTITIONS) !== 0 || dlqPartitions.has(partitionForKey(key, DLQ_PARTITIONS))) continue;
      keys.push(key);
      dlqPartitions.add(partitionForKey(key, DLQ_PARTITIONS));
    }
    expect(keys).toHaveLength(4);
    const huge = JSON.stringify({ ...JSON.parse(JSON.stringify(aCreated)), padding: 'x'.repeat(100_000) });
    const mid = (n: number) => `not json ${n} ${'y'.repeat(20_000)}`;
    const valid = { ...JSON.parse(JSON.stringify(aCreated)), subject: keys[0] };
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic: oversized.topic,
      acks: -1,
      messages: [
        { key: keys[0]!, value: huge },
        { key: keys[1]!, value: mid(1) },
        { key: keys[2]!, value: mid(2) },
        { key: keys[3]!, value: mid(3) },
        { key: keys[0]!, value: JSON.stringify(valid) },
      ],
    });
    await producer.disconnect();

    const summary = await summaryOnceSeen(server.url, 5);
    expect(summary).toMatchObject({ inputs: 5, events: 1, deadLetters: { total: 4, byReason: { too_large: 1, invalid_json: 3 } } });

    const deadLetters = await readTopic(kafka, oversized.dlqTopic, 4);
    expect(deadLetters).toHaveLength(4);
    const tooLarge = deadLetters.find((message) => message.headers![DLQ_HEADERS.reason]!.toString() === 'too_large')!;
    expect(tooLarge.value).toBeNull();
    expect(Number(tooLarge.headers![DLQ_HEADERS.valueOmitted]!.toString())).toBe(Buffer.byteLength(huge));
    const whole = deadLetters.filter((message) => message.headers![DLQ_HEADERS.reason]!.toString() === 'invalid_json');
    expect(whole.map((message) => message.value!.toString()).sort()).toEqual([mid(1), mid(2), mid(3)]);
    expect(whole.every((message) => message.headers![DLQ_HEADERS.valueOmitted] === undefined)).toBe(true);
    expect(await topicSize(kafka, oversized.dlqTopic)).toBe(4);

    const listed = await getJson<{ items: { reason: string; payload: string | null; payloadBytes: number }[] }>(`${server.url}/api/dlq?reason=too_large`);
    expect(listed.items).toEqual([expect.objectContaining({ reason: 'too_large', payload: null, payloadBytes: Buffer.byteLength(huge) })]);
    // A page shows the start of each payload, the whole is read back from the events topic by its coordinates.
    const midLetters = await getJson<DeadLetterPage>(`${server.url}/api/dlq?reason=invalid_json`);
    expect(midLetters.items).toHaveLength(3);
    for (const letter of midLetters.items) {
      expect(letter).toMatchObject({ payloadTruncated: true, payloadBytes: Buffer.byteLength(mid(1)) });
      expect(letter.payload).toHaveLength(DEAD_LETTER_PREVIEW_CHARS);
      const whole = await getJson<DeadLetterPayload>(`${server.url}/api/dlq/${letter.ref}/payload`);
      expect(whole.payload!.startsWith(letter.payload!)).toBe(true);
      expect([mid(1), mid(2), mid(3)]).toContain(whole.payload);
    }
  });
});

describe('Kafka mode with no broker to reach', () => {
  let server: RunningServer;

  beforeAll(async () => {
    // Nothing listens on port 1: every connection is refused at once.
    server = await startServer({ env: { KAFKA_BROKERS: '127.0.0.1:1', KAFKA_TOPIC: 'unreachable.events' } });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('answers ingest with 503 and a message saying what to do, and health says degraded', async () => {
    const answer = await postEvents(server.url, 'application/cloudevents+json', JSON.stringify(aCreated));
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ error: { code: 'unavailable', message: expect.stringMatching(/send them again/) } });
    // The first seconds are spent connecting (joining); then health says the broker is lost. Bounded: 100 polls.
    let status: Health['status'] | null = null;
    for (let poll = 0; poll < 100 && status !== 'degraded'; poll += 1) {
      status = (await getJson<Health>(`${server.url}/api/health`)).status;
      if (status !== 'degraded') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe('degraded');
  });

  it('shuts down by itself within its deadline, though the broker never answers', async () => {
    await server.stop();
    // stop() would kill the process after 10 s; it exits on its own first.
    expect(server.process.signalCode).toBeNull();
    expect(server.process.exitCode).toBe(0);
  });
});

describe('Kafka mode on a topic written by a transactional producer', () => {
  const transactional = uniqueNames('tx');
  let server: RunningServer;

  /** A fresh topic, and a transactional producer writing simulated traffic to it. */
  async function transactionalWriter(topics: { topic: string; groupId: string }, seed: number) {
    await createTopics(kafka, [{ topic: topics.topic, numPartitions: PARTITIONS }]);
    const producer = kafka.producer({ transactionalId: `waybill-test-${topics.groupId}`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const generator = new ShipmentTrafficGenerator({ seed, runId: `tx${seed}`, faults: { duplicate: 0, outOfOrder: 0, late: 0, malformed: 0 } });
    return {
      async send(count: number, outcome: 'commit' | 'abort') {
        const transaction = await producer.transaction();
        const inputs = Array.from({ length: count }, () => generator.next(Date.now()));
        await transaction.send({ topic: topics.topic, messages: inputs.map((input) => ({ key: input.key, value: input.body })) });
        await (outcome === 'commit' ? transaction.commit() : transaction.abort());
      },
      disconnect: () => producer.disconnect(),
    };
  }

  afterAll(async () => {
    await server?.stop();
    await deleteTopics(transactional);
  });

  it('counts committed events, skips aborted ones, and is live with no lag though the topic ends in a commit marker', async () => {
    const writer = await transactionalWriter(transactional, 8);
    await writer.send(40, 'commit');
    await writer.send(10, 'abort');
    await writer.send(20, 'commit');

    // Before start: the rebuild must end although each partition's last offset is a marker.
    server = await startWaybill(transactional);
    await waitUntilLive(server.url, 300);
    const summary = await summaryOnceSeen(server.url, 60);
    expect(summary.inputs).toBe(60);

    // After going live, too: a new transaction leaves no lag behind.
    await writer.send(15, 'commit');
    await summaryOnceSeen(server.url, 75);
    let health = await getJson<Health>(`${server.url}/api/health`);
    for (let attempt = 0; attempt < 50 && health.lag.records > 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      health = await getJson<Health>(`${server.url}/api/health`);
    }
    expect(health).toMatchObject({ status: 'ok', rebuild: { state: 'live' }, lag: { records: 0 } });
    await writer.disconnect();
  });

  it('goes live on a topic that holds nothing but an aborted transaction', async () => {
    const aborted = uniqueNames('tx-aborted');
    const writer = await transactionalWriter(aborted, 9);
    await writer.send(30, 'abort');
    await writer.disconnect();

    const abortedServer = await startWaybill(aborted);
    try {
      await waitUntilLive(abortedServer.url, 150);
      const health = await getJson<Health>(`${abortedServer.url}/api/health`);
      expect(health).toMatchObject({ status: 'ok', rebuild: { state: 'live' }, lag: { records: 0 } });
      expect((await getJson<Summary>(`${abortedServer.url}/api/summary?${range}`)).inputs).toBe(0);
    } finally {
      await abortedServer.stop();
      await deleteTopics(aborted);
    }
  });
});
