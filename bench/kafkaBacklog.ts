import crypto from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { startServer } from '../server/testing/runningServer';
import { ensureBroker, fillTopic } from './kafkaThroughput';
import { scrapeMetric } from './scrapeMetric';

/*
 * A Kafka backlog larger than the fold takes quickly: the topic is filled first, then
 * `npm start` in Kafka mode starts on it. kafkajs fetches the next batch only once the
 * fold of the last one has returned, so the backlog should wait in Kafka (as consumer lag)
 * rather than in the server: the server's resident memory is sampled from /metrics every
 * second while the lag drains, against the bytes the backlog holds.
 */

const EVENTS = Number(process.env.BENCH_BACKLOG_EVENTS ?? 2_000_000);
const BROKERS = (process.env.KAFKA_BENCH_BROKERS ?? '127.0.0.1:9092').split(',');
const TIMEOUT_MS = 600_000;

export async function runKafkaBacklogBenchmark() {
  ensureBroker();
  const kafka = new Kafka({ clientId: 'waybill-bench', brokers: BROKERS, logLevel: logLevel.NOTHING });
  const topic = `bench.backlog.${crypto.randomBytes(4).toString('hex')}`;
  const meanBytes = await fillTopic(kafka, topic, EVENTS);
  const server = await startServer({
    env: { KAFKA_BROKERS: BROKERS.join(','), KAFKA_TOPIC: topic, KAFKA_DLQ_TOPIC: `${topic}.dlq`, KAFKA_GROUP_ID: `${topic}.group`, SIMULATE_RATE: '0' },
  });
  try {
    const samples: { atSeconds: number; rssMb: number; lagRecords: number; inputs: number }[] = [];
    const startedAt = Date.now();
    // Bounded: one sample a second until everything is folded, or the timeout.
    for (let done = false; !done && Date.now() - startedAt < TIMEOUT_MS; ) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const [rss, lag, inputs] = await Promise.all([
        scrapeMetric(server.url, 'process_resident_memory_bytes'),
        scrapeMetric(server.url, 'waybill_consumer_lag_records'),
        scrapeMetric(server.url, 'waybill_inputs_total'),
      ]);
      if (rss === null || inputs === null) continue;
      samples.push({ atSeconds: Math.round((Date.now() - startedAt) / 1_000), rssMb: Math.round(rss / 2 ** 20), lagRecords: lag ?? 0, inputs });
      done = inputs >= EVENTS;
    }
    const folding = samples.filter((sample) => sample.inputs > 0);
    const first = folding[0];
    const last = folding[folding.length - 1];
    return {
      benchmark: 'kafka-backlog',
      events: EVENTS,
      backlogMb: Math.round((EVENTS * meanBytes) / 2 ** 20),
      folded: last?.inputs ?? 0,
      foldedPerSecond: first && last && last.atSeconds > first.atSeconds ? Math.round((last.inputs - first.inputs) / (last.atSeconds - first.atSeconds)) : null,
      largestLagRecords: Math.max(0, ...samples.map((sample) => sample.lagRecords)),
      rssMbMax: Math.max(0, ...samples.map((sample) => sample.rssMb)),
      rssMbLast: last?.rssMb ?? null,
      samples: samples.filter((_, index) => index % 5 === 0),
    };
  } finally {
    await server.stop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch(() => undefined);
    await admin.disconnect();
  }
}

if (process.argv[1]?.endsWith('kafkaBacklog.ts')) {
  runKafkaBacklogBenchmark()
    .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
