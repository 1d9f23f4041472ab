import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { Kafka, logLevel, type ITopicConfig, type KafkaMessage, type Message } from 'kafkajs';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The broker the tests use: `npm test` starts one of its own through scripts/kafka.mjs,
 * on KAFKA_TEST_PORT (19092), and says where in KAFKA_TEST_BROKERS; a test file run alone
 * uses the one `npm run kafka:start` starts on 9092.
 */
export const TEST_BROKERS = (process.env.KAFKA_TEST_BROKERS ?? '127.0.0.1:9092').split(',');

export function testKafka(): Kafka {
  return new Kafka({ clientId: 'waybill-tests', brokers: TEST_BROKERS, logLevel: logLevel.NOTHING, retry: { retries: 20, initialRetryTime: 200, maxRetryTime: 2_000 } });
}

/** Topic and group names of one test run, so runs never see each other's records. */
export function uniqueNames(prefix: string) {
  const suffix = crypto.randomBytes(4).toString('hex');
  const topic = `${prefix}.events.${suffix}`;
  // The aggregates topic is named after the events topic unless KAFKA_AGGREGATES_TOPIC says otherwise.
  return { topic, dlqTopic: `${prefix}.dlq.${suffix}`, aggregatesTopic: `${topic}.aggregates`, groupId: `${prefix}.${suffix}` };
}

/** The environment of a Kafka-mode instance on the tests' broker, for one run's names. */
export function kafkaModeEnv(names: { topic: string; dlqTopic: string; groupId: string }, partitions: number): Record<string, string> {
  return {
    KAFKA_BROKERS: TEST_BROKERS.join(','),
    KAFKA_TOPIC: names.topic,
    KAFKA_DLQ_TOPIC: names.dlqTopic,
    KAFKA_GROUP_ID: names.groupId,
    KAFKA_PARTITIONS: String(partitions),
  };
}

/** Stops or starts the tests' broker through the same script users run (KAFKA_PORT and KAFKA_DIR say which). */
export function runBrokerScript(command: 'start' | 'stop'): void {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'kafka.mjs'), command], { encoding: 'utf8', timeout: 180_000 });
  if (result.status !== 0) throw new Error(`kafka ${command} failed:\n${result.stdout}${result.stderr}`);
}

/** Reads a whole topic from the beginning with a throwaway group; bounded by `expected` and time. */
export async function readTopic(kafka: Kafka, topic: string, expected: number, timeoutMs = 30_000): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `waybill-tests.reader.${crypto.randomBytes(4).toString('hex')}` });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    void consumer.run({
      eachMessage: async ({ message }) => {
        messages.push(message);
        if (messages.length >= expected) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return messages;
}

/** Creates topics as given (partitions, configuration) and waits for their leaders. */
export async function createTopics(kafka: Kafka, topics: ITopicConfig[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics });
  } finally {
    await admin.disconnect();
  }
}

export async function topicSize(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  return offsets.reduce((sum, offset) => sum + Number(offset.high) - Number(offset.low), 0);
}

/** Valid-looking events alternate between structured and binary mode; anything else stays raw. */
export function knownSetMessage(item: string, index: number, timestamp: number): Message {
  let event: Record<string, unknown> | null = null;
  try {
    const parsed = JSON.parse(item) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) event = parsed as Record<string, unknown>;
  } catch {
    // not JSON: sent as it is
  }
  const key = typeof event?.subject === 'string' ? event.subject : 'X';
  if (!event || index % 2 === 0 || item.length > 60_000) {
    return { key, value: item, timestamp: String(timestamp), headers: { 'content-type': 'application/cloudevents+json' } };
  }
  const { data, ...attributes } = event;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(attributes)) if (typeof value === 'string') headers[`ce_${name}`] = value;
  return { key, value: data === undefined ? null : JSON.stringify(data), timestamp: String(timestamp), headers };
}
