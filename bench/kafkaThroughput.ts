import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { createLogger } from '../server/logger';
import { Pipeline } from '../server/pipeline/pipeline';
import { KafkaSource } from '../server/sources/kafkaSource';
import { ShipmentTrafficGenerator } from '../server/sources/simulator/shipmentTraffic';

/*
 * Kafka mode on a pre-filled topic (the local broker of npm run kafka:start), in one
 * process: a bare kafkajs consumer that only counts the records, and Waybill's Kafka
 * source folding them through the pipeline, which is what a rebuild on start does.
 * Rates are measured from the first batch to the last record, so joining the group
 * is not counted for either.
 */

const EVENTS = Number(process.env.BENCH_KAFKA_EVENTS ?? 150_000);
const PARTITIONS = 6;
const BROKERS = (process.env.KAFKA_BENCH_BROKERS ?? '127.0.0.1:9092').split(',');
const TIMEOUT_MS = 300_000;

export function ensureBroker(): void {
  const script = path.resolve(__dirname, '..', 'scripts', 'kafka.mjs');
  const result = spawnSync(process.execPath, [script, 'start'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('no Kafka broker for the benchmark (npm run kafka:start)');
}

export async function fillTopic(kafka: Kafka, topic: string, events = EVENTS): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const generator = new ShipmentTrafficGenerator({ seed: 7, faults: { duplicate: 0, outOfOrder: 0, late: 0, malformed: 0 } });
  let bytes = 0;
  const start = Date.now();
  for (let sent = 0; sent < events; sent += 5_000) {
    const messages = Array.from({ length: Math.min(5_000, events - sent) }, (_, i) => {
      const input = generator.next(start + Math.floor(((sent + i) / events) * 60_000));
      bytes += input.body.length;
      return { key: input.key, value: input.body };
    });
    await producer.send({ topic, acks: 1, messages });
  }
  await producer.disconnect();
  return bytes / events;
}

/**
 * A bare kafkajs group of `size` consumers in this process, counting records until all are
 * seen: records per second from the first batch on.
 */
export async function bareGroup(kafka: Kafka, topic: string, options: { size?: number; events?: number; timeoutMs?: number } = {}): Promise<number> {
  const { size = 1, events = EVENTS, timeoutMs = TIMEOUT_MS } = options;
  const groupId = `bench.bare.${crypto.randomBytes(4).toString('hex')}`;
  const consumers = Array.from({ length: size }, () => kafka.consumer({ groupId, maxBytesPerPartition: 1024 * 1024, maxBytes: 8 * 1024 * 1024 }));
  let seen = 0;
  let firstAt = 0;
  try {
    const seconds = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('bare consumer group timed out')), timeoutMs);
      for (const consumer of consumers) {
        void (async () => {
          await consumer.connect();
          await consumer.subscribe({ topic, fromBeginning: true });
          await consumer.run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              if (firstAt === 0) firstAt = performance.now();
              seen += batch.messages.length;
              if (seen >= events) {
                clearTimeout(timer);
                resolve((performance.now() - firstAt) / 1_000);
              }
            },
          });
        })().catch(reject);
      }
    });
    // A rebalance hands moved partitions out again: counted twice, a group only looks faster.
    return events / seconds;
  } finally {
    await Promise.all(consumers.map((consumer) => consumer.disconnect().catch(() => undefined)));
  }
}

/** One bare consumer: the rate a kafkajs client reads the topic at, doing nothing with it. */
export function bareConsumer(kafka: Kafka, topic: string, events = EVENTS): Promise<number> {
  return bareGroup(kafka, topic, { events });
}

/** Waybill's source and pipeline on the same topic: a rebuild from the start of the topic. */
export async function waybillSource(kafka: Kafka, topic: string, events = EVENTS): Promise<number> {
  const pipeline = new Pipeline();
  let processed = 0;
  let firstAt = 0;
  let done: (seconds: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (done = resolve));
  const source = new KafkaSource({
    kafka,
    topic,
    groupId: `bench.waybill.${crypto.randomBytes(4).toString('hex')}`,
    pipeline,
    retentionMs: 3_600_000,
    logger: createLogger('bench'),
    onBatch: async ({ records }) => {
      if (firstAt === 0) firstAt = performance.now();
      processed += records.length;
      if (processed >= events) done((performance.now() - firstAt) / 1_000);
    },
  });
  await source.start();
  const timeout = new Promise<number>((_, reject) => setTimeout(() => reject(new Error('waybill source timed out')), TIMEOUT_MS).unref());
  const seconds = await Promise.race([finished, timeout]);
  await source.stop();
  return events / seconds;
}

export async function runKafkaBenchmark() {
  ensureBroker();
  const kafka = new Kafka({ clientId: 'waybill-bench', brokers: BROKERS, logLevel: logLevel.NOTHING });
  const topic = `bench.events.${crypto.randomBytes(4).toString('hex')}`;
  const meanBytes = await fillTopic(kafka, topic);
  try {
    // Side by side, twice each, alternating; the better run of each counts (warm caches for both).
    const bare: number[] = [];
    const waybill: number[] = [];
    for (let round = 0; round < 2; round += 1) {
      bare.push(await bareConsumer(kafka, topic));
      waybill.push(await waybillSource(kafka, topic));
    }
    const bareRate = Math.max(...bare);
    const waybillRate = Math.max(...waybill);
    return {
      benchmark: 'kafka-consume-vs-bare-kafkajs',
      events: EVENTS,
      partitions: PARTITIONS,
      meanEventBytes: Math.round(meanBytes),
      bareConsumerEventsPerSecond: Math.round(bareRate),
      waybillEventsPerSecond: Math.round(waybillRate),
      rebuildEventsPerSecond: Math.round(waybillRate),
      ratio: Number((waybillRate / bareRate).toFixed(3)),
      processingCost: Number((1 - waybillRate / bareRate).toFixed(3)),
      target: 'processing cost under 0.3',
      meetsTarget: 1 - waybillRate / bareRate < 0.3,
    };
  } finally {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

if (require.main === module) {
  runKafkaBenchmark()
    .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
