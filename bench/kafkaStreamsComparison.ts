import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { ensureBroker, fillTopic, waybillSource } from './kafkaThroughput';
import { wholeServer } from './serverKafkaThroughput';
import { median } from './median';

/*
 * Waybill against Kafka Streams on one pre-filled topic of a million records in six
 * partitions (the local broker of npm run kafka:start), same broker, same machine, in one
 * run, alternating:
 *
 * - waybill: Waybill's Kafka source and pipeline in this process (kafkaThroughput.ts);
 * - server: the whole `npm start` server in Kafka mode rebuilding from the topic, with
 *   its event index, sinks, read side and live gateway (serverKafkaThroughput.ts);
 * - kafka streams: bench/kafka-streams, a Processor API topology on one stream thread in
 *   its own JVM, doing comparable work per record: Jackson parse, dedupe by
 *   subject|source|id, highest sequence per subject, per-second counts by type, region
 *   and carrier and a latency histogram, all in plain HashMaps (Waybill writes no
 *   changelog, so neither does this side). Its defaults are left alone otherwise.
 *
 * Both are single-threaded folds from the start of the topic in a fresh consumer group,
 * and each rate runs from the first record processed to the last, so JVM start-up,
 * joining the group and the first fetch's wait are not counted for either. The ratio is
 * taken per round (the two sides of a round share the machine's state) and the median of
 * the rounds is reported.
 */

const EVENTS = Number(process.env.BENCH_STREAMS_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_STREAMS_ROUNDS ?? 2);
const BROKERS = (process.env.KAFKA_BENCH_BROKERS ?? '127.0.0.1:9092').split(',');
const STREAMS_TIMEOUT_SECONDS = 300;
// The jar enforces its own timeout; this one only catches a JVM that hangs on close.
const STREAMS_KILL_AFTER_MS = (STREAMS_TIMEOUT_SECONDS + 60) * 1_000;
/** Every application.id the jar makes starts with this (StreamsFold.java). */
const STREAMS_APPLICATION_PREFIX = 'waybill-bench-streams-';

const PROJECT_DIR = path.resolve(__dirname, 'kafka-streams');
const POM = path.join(PROJECT_DIR, 'pom.xml');
const SOURCES = path.join(PROJECT_DIR, 'src');
const JAR = path.join(PROJECT_DIR, 'target', 'streams-fold.jar');

interface StreamsRun {
  kafkaStreamsEventsPerSecond: number;
  records: number;
  seconds: number;
}

function newestSourceChange(): number {
  const sources = fs.readdirSync(SOURCES, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  const times = sources.map((entry) => fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  return Math.max(fs.statSync(POM).mtimeMs, ...times);
}

/** Builds the jar when it is missing or older than the pom or a source file. */
function ensureStreamsJar(): void {
  if (fs.existsSync(JAR) && fs.statSync(JAR).mtimeMs >= newestSourceChange()) return;
  console.error('kafka-streams: building bench/kafka-streams with Maven…');
  const result = spawnSync('mvn', ['-q', '-f', POM, 'package', '-DskipTests'], { stdio: 'inherit' });
  if (result.error) throw new Error(`could not run Maven (mvn) to build the Kafka Streams benchmark: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`Maven failed to build ${path.relative(process.cwd(), JAR)} (exit ${result.status}; see above)`);
  if (!fs.existsSync(JAR)) throw new Error(`Maven succeeded but ${JAR} is not there`);
}

/**
 * One run of the Kafka Streams jar. Synchronous on purpose: nothing else runs in this
 * process meanwhile, so blocking the event loop cannot slow the other side.
 */
function kafkaStreamsFold(topic: string, events: number): StreamsRun {
  const result = spawnSync('java', ['-jar', JAR, BROKERS.join(','), topic, String(events), String(STREAMS_TIMEOUT_SECONDS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    timeout: STREAMS_KILL_AFTER_MS,
    killSignal: 'SIGKILL',
  });
  if (result.error) throw new Error(`the Kafka Streams run failed: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`the Kafka Streams run exited with ${result.status}; its output: ${result.stdout.trim()}`);
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  const run = JSON.parse(line) as StreamsRun;
  if (!(run.kafkaStreamsEventsPerSecond > 0) || run.records !== events) throw new Error(`unexpected Kafka Streams output: ${line}`);
  return run;
}

export async function runKafkaStreamsComparison() {
  ensureBroker();
  ensureStreamsJar();
  const kafka = new Kafka({ clientId: 'waybill-bench', brokers: BROKERS, logLevel: logLevel.NOTHING });
  const topic = `bench.streams.${crypto.randomBytes(4).toString('hex')}`;
  const admin = kafka.admin();
  await admin.connect();
  // Topics already there are not this run's: only new ones with the prefix get deleted.
  const topicsBefore = new Set(await admin.listTopics());
  await admin.disconnect();
  try {
    const meanBytes = await fillTopic(kafka, topic, EVENTS);
    const waybill: number[] = [];
    const server: number[] = [];
    const kafkaStreams: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      waybill.push(await waybillSource(kafka, topic, EVENTS));
      server.push(await wholeServer(topic, EVENTS));
      kafkaStreams.push(kafkaStreamsFold(topic, EVENTS).kafkaStreamsEventsPerSecond);
    }
    const waybillToKafkaStreams = median(waybill.map((rate, round) => rate / kafkaStreams[round]!));
    const serverToKafkaStreams = median(server.map((rate, round) => rate / kafkaStreams[round]!));
    return {
      benchmark: 'waybill-vs-kafka-streams',
      events: EVENTS,
      rounds: ROUNDS,
      meanEventBytes: Math.round(meanBytes),
      waybillEventsPerSecond: waybill.map(Math.round),
      serverEventsPerSecond: server.map(Math.round),
      kafkaStreamsEventsPerSecond: kafkaStreams,
      waybillToKafkaStreams: Number(waybillToKafkaStreams.toFixed(3)),
      serverToKafkaStreams: Number(serverToKafkaStreams.toFixed(3)),
      serverToKafkaStreamsTarget: 1,
      meetsTarget: serverToKafkaStreams >= 1,
    };
  } finally {
    await admin.connect();
    // The topology has no stores and no repartitioning, so Kafka Streams should create no
    // internal topics (<application.id>-…); any it did create go with the input topic.
    const internalTopics = (await admin.listTopics()).filter((name) => name.startsWith(STREAMS_APPLICATION_PREFIX) && !topicsBefore.has(name));
    await admin.deleteTopics({ topics: [topic, ...internalTopics] }).catch(() => undefined);
    await admin.disconnect();
  }
}

if (require.main === module) {
  runKafkaStreamsComparison()
    .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
