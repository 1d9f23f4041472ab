import crypto from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { startServer } from '../server/testing/runningServer';
import { bareConsumer, ensureBroker, fillTopic, waybillSource } from './kafkaThroughput';
import { median } from './median';
import { serverFoldRate } from './serverFoldRate';

/*
 * The whole server against its core, on one pre-filled topic of a million records (the
 * local broker of npm run kafka:start), in one run, alternating:
 *
 * - bare: a kafkajs consumer in a fresh group that only counts records;
 * - core: Waybill's Kafka source and pipeline in this process (no index, no server);
 * - server: `npm start` in Kafka mode in a fresh group and data directory, rebuilding
 *   from the topic: the event index, the dead-letter sink, the read side and the live
 *   gateway all running. Its progress is read from /api/health every 100 ms.
 *
 * Each rate runs from the first record folded to the last, so joining the group and
 * starting the server are not counted.
 */

const EVENTS = Number(process.env.BENCH_SERVER_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_SERVER_ROUNDS ?? 2);
const BROKERS = (process.env.KAFKA_BENCH_BROKERS ?? '127.0.0.1:9092').split(',');
const TIMEOUT_MS = 600_000;

/** `npm start` in Kafka mode rebuilding from `topic`: its rate from the first record folded. */
export async function wholeServer(topic: string, events = EVENTS): Promise<number> {
  // A deployment of its own on the shared events topic: its group, dead letters and
  // aggregates. With the aggregates topic of an earlier round, /api/health would show that
  // round's last figures for a partition until this server holds it, so its progress would
  // read as done at once.
  const run = crypto.randomBytes(4).toString('hex');
  const server = await startServer({
    env: {
      KAFKA_BROKERS: BROKERS.join(','),
      KAFKA_TOPIC: topic,
      KAFKA_DLQ_TOPIC: `${topic}.${run}.dlq`,
      KAFKA_AGGREGATES_TOPIC: `${topic}.${run}.aggregates`,
      KAFKA_GROUP_ID: `bench.server.${run}`,
      SIMULATE_RATE: '0',
    },
  });
  try {
    return await serverFoldRate(server.url, events, { timeoutMs: TIMEOUT_MS });
  } finally {
    await server.stop();
  }
}

export async function runServerKafkaBenchmark() {
  ensureBroker();
  const kafka = new Kafka({ clientId: 'waybill-bench', brokers: BROKERS, logLevel: logLevel.NOTHING });
  const topic = `bench.server.${crypto.randomBytes(4).toString('hex')}`;
  const meanBytes = await fillTopic(kafka, topic, EVENTS);
  try {
    const bare: number[] = [];
    const core: number[] = [];
    const server: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      bare.push(await bareConsumer(kafka, topic, EVENTS));
      core.push(await waybillSource(kafka, topic, EVENTS));
      server.push(await wholeServer(topic, EVENTS));
    }
    const serverToCore = median(server.map((rate, round) => rate / core[round]!));
    return {
      benchmark: 'server-vs-core-kafka',
      events: EVENTS,
      rounds: ROUNDS,
      meanEventBytes: Math.round(meanBytes),
      bareConsumerEventsPerSecond: bare.map(Math.round),
      coreEventsPerSecond: core.map(Math.round),
      serverEventsPerSecond: server.map(Math.round),
      serverToCore: Number(serverToCore.toFixed(3)),
      serverToCoreTarget: 0.9,
      meetsTarget: serverToCore >= 0.9,
    };
  } finally {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch(() => undefined);
    await admin.disconnect();
  }
}

if (require.main === module) {
  runServerKafkaBenchmark()
    .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
