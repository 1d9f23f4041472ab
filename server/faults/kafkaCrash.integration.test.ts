import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DLQ_HEADERS } from '../sinks/deadLetterHeaders';
import { SeededRandom } from '../sources/simulator/random';
import { ShipmentTrafficGenerator } from '../sources/simulator/shipmentTraffic';
import { readTopic, runBrokerScript, testKafka, topicSize, TEST_BROKERS, uniqueNames } from '../testing/kafkaTesting';
import { startServer, waitUntilLive } from '../testing/runningServer';
import { figureLine, healthOf, settledSummary } from './crashFigures';
import { ResendingClient, sendPacedBatches } from './resendingClient';
import { RestartingServer } from './serverCrash';

/*
 * Kafka mode against the real broker, crashed for real: while a client streams NDJSON
 * batches to POST /api/events (sending each again until it is acknowledged), Waybill is
 * SIGKILLed and started again, and once the broker itself restarts. Some records on the
 * events topic are malformed, produced straight to it, so the consumer has dead letters to
 * write while it is being killed. Afterwards every acknowledged event is counted once,
 * re-sent ones only as duplicates, and every dead letter is on the DLQ topic once.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const PARTITIONS = 3;
const BATCH_SIZE = 200;
/** A pace the consumer keeps up with even while a new instance waits for its partitions. */
const MIN_BATCH_INTERVAL_MS = 100;
/** Every so many batches, malformed records go straight to the events topic. */
const MALFORMED_EVERY_BATCHES = 8;
const MALFORMED_PER_ROUND = 2;
const BATCHES_AFTER_CHAOS = 5;
const MAX_BATCHES = 400;
const SENDING_DEADLINE_MS = 80_000;
/**
 * While the broker restarts or a new instance connects, ingest answers 503 and the client
 * tries again every 250 ms: room for half a minute of that.
 */
const MAX_ATTEMPTS_PER_BATCH = 120;
/** Some 200 ms apart: room for the group to time out a killed member (its session, 30 s) and a rebuild. */
const SETTLE_ATTEMPTS = 450;
/** Between two faults (ms). */
const FAULT_DELAY = { min: 1_000, max: 4_000 };
/** What happens to the stream, in order. */
const FAULTS = ['kill Waybill', 'restart the broker', 'kill Waybill', 'kill Waybill'] as const;
const KILLS = FAULTS.filter((fault) => fault === 'kill Waybill').length;
/** A start that builds the dashboard first (sources changed) takes long; one that hangs must not hang the run. */
const START_TIMEOUT_MS = 150_000;
/** KAFKA_CRASH_TEST_SEED repeats a run's fault moments and traffic. */
const SEED = Number(process.env.KAFKA_CRASH_TEST_SEED ?? Date.now() % 2_147_483_647);

const runKafkaScript = promisify(execFile);

/**
 * Stops the shared broker and starts it again at once: other test files use it too. Run
 * without blocking, so the client keeps sending while it is away.
 */
async function restartBroker(): Promise<void> {
  const script = path.join(ROOT, 'scripts', 'kafka.mjs');
  try {
    await runKafkaScript(process.execPath, [script, 'stop'], { timeout: 60_000 });
  } finally {
    await runKafkaScript(process.execPath, [script, 'start'], { timeout: 180_000 });
  }
}

describe('Kafka mode, SIGKILLed mid-stream while the broker restarts', () => {
  const names = uniqueNames('crash');
  const kafka = testKafka();
  const startedAt = Date.now();
  const range = `from=${startedAt - 10 * 60_000}&to=${startedAt + 30 * 60_000}`;
  const target = new RestartingServer({
    start: (dataDir) =>
      startServer({
        dataDir,
        timeoutMs: START_TIMEOUT_MS,
        env: {
          KAFKA_BROKERS: TEST_BROKERS.join(','),
          KAFKA_TOPIC: names.topic,
          KAFKA_DLQ_TOPIC: names.dlqTopic,
          KAFKA_GROUP_ID: names.groupId,
          KAFKA_PARTITIONS: String(PARTITIONS),
        },
      }),
    // Listening is enough to take events: after a kill, the new instance waits for the
    // group to drop the dead member before it gets partitions, and traffic goes on meanwhile.
    ready: async () => undefined,
  });
  let producer: Producer | null = null;

  beforeAll(async () => {
    // The first instance creates the topics; the malformed records need them.
    const first = await target.start();
    await waitUntilLive(first.url, 600);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 30, initialRetryTime: 200, maxRetryTime: 2_000 } });
    await producer.connect();
  }, 180_000);

  afterAll(async () => {
    const dataDir = target.server?.dataDir;
    // Whatever happened, the broker the other tests share is left running (and Waybill can shut down cleanly).
    runBrokerScript('start');
    await producer?.disconnect().catch(() => undefined);
    await target.stop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [names.topic, names.dlqTopic] }).catch(() => undefined);
    await admin.disconnect();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('counts every acknowledged event once, re-sent ones only as duplicates, and writes every dead letter once', { timeout: 150_000 }, async () => {
    const testStartedAt = Date.now();
    console.log(`kafka crash test seed ${SEED} (KAFKA_CRASH_TEST_SEED=${SEED} repeats it)`);
    const client = new ResendingClient(target, MAX_ATTEMPTS_PER_BATCH);
    const generator = new ShipmentTrafficGenerator({ seed: SEED, runId: `kcrash${SEED.toString(36)}`, faults: { duplicate: 0, late: 0, malformed: 0 } });

    const stopFaults = new AbortController();
    let faultsDone = false;
    const faults = (async () => {
      const random = new SeededRandom(SEED);
      for (const fault of FAULTS) {
        await new Promise((resolve) => setTimeout(resolve, random.integer(FAULT_DELAY.min, FAULT_DELAY.max)));
        if (stopFaults.signal.aborted) return;
        if (fault === 'restart the broker') {
          await restartBroker();
        } else {
          await client.midRequest(random);
          await target.crashAndRestart();
        }
      }
    })().finally(() => (faultsDone = true));

    let malformed = 0;
    const sending = sendPacedBatches({
      client,
      nextLine: () => generator.next(Date.now()).body,
      batchSize: BATCH_SIZE,
      minIntervalMs: MIN_BATCH_INTERVAL_MS,
      maxBatches: MAX_BATCHES,
      deadlineMs: SENDING_DEADLINE_MS,
      faultsDone: () => faultsDone,
      batchesAfterFaults: BATCHES_AFTER_CHAOS,
      // Malformed records straight onto the topic now and then: each restart replays them, so the DLQ shows any written twice.
      beforeBatch: async (batch) => {
        if (batch % MALFORMED_EVERY_BATCHES !== 0) return;
        const messages = Array.from({ length: MALFORMED_PER_ROUND }, () => {
          malformed += 1;
          return { key: `malformed-${malformed}`, value: `not json ${malformed}` };
        });
        await producer!.send({ topic: names.topic, acks: -1, messages });
      },
    }).catch((error: unknown) => {
      stopFaults.abort();
      throw error;
    });
    const [faulted, sent] = await Promise.allSettled([faults, sending]);
    if (sent.status === 'rejected') throw sent.reason;
    if (faulted.status === 'rejected') throw faulted.reason;
    const sentEvents = sent.value;
    expect(target.restartCount).toBe(KILLS);
    expect(client.tally.eventsAcknowledged).toBe(sentEvents);

    // After a SIGKILL the group keeps the dead member until its session times out: only
    // then does the last instance own every partition. Until then it may be live with some
    // of them, so what is waited for is the whole count, not the first "live".
    const server = target.server!;
    const summary = await settledSummary(server.url, range, sentEvents, SETTLE_ATTEMPTS);
    // Read to the count expected (bounded in time), then the size: a dead letter too many shows in it.
    const deadLetters = await readTopic(kafka, names.dlqTopic, malformed);
    const dlqSize = await topicSize(kafka, names.dlqTopic);
    console.log(
      figureLine('kafka crash test', {
        kills: KILLS,
        tally: client.tally,
        summary,
        sentEvents,
        startedAt: testStartedAt,
        more: ['1 broker restart', `${malformed} malformed, ${dlqSize} on the DLQ topic`],
      }),
    );
    expect({
      events: summary.events,
      late: summary.late,
      deadLetters: summary.deadLetters.total,
      inputs: summary.inputs,
    }).toEqual({
      events: sentEvents,
      late: 0,
      deadLetters: malformed,
      inputs: sentEvents + summary.duplicates + malformed,
    });
    expect(summary.duplicates).toBeLessThanOrEqual(client.tally.eventsResent);

    // Each malformed record once on the DLQ topic, however often its consumer was killed.
    expect(dlqSize).toBe(malformed);
    const origins = deadLetters.map((message) => `${message.headers![DLQ_HEADERS.partition]}/${message.headers![DLQ_HEADERS.offset]}`);
    expect(new Set(origins).size).toBe(origins.length);
    expect(deadLetters.map((message) => message.value!.toString()).sort()).toEqual(
      Array.from({ length: malformed }, (_, index) => `not json ${index + 1}`).sort(),
    );

    // Connected again after the broker's restart: health says so within a few fetches.
    let health = await healthOf(server.url);
    for (let attempt = 0; attempt < 50 && health.status !== 'ok'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      health = await healthOf(server.url);
    }
    expect(health.status).toBe('ok');
  });
});
