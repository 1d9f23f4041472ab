import crypto from 'node:crypto';
import { ConfigResourceTypes, Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Config } from './config';
import { createReplayer, type ReplayInput } from './deadLetterReplay';
import { ApiError } from './http/apiError';
import type { OperatorContext } from './http/eventsApi';
import type { IngestSink } from './http/ingestSink';
import type { Logger } from './logger';
import { observeBatch, type Telemetry } from './telemetry';
import { parseTraceparent } from '../lib/traceparent';
import { traceparentOfRecord } from './tracing/recordTraceparent';
import { Pipeline } from './pipeline/pipeline';
import { RefusedInputs } from './pipeline/refusedInputs';
import { KafkaDeadLetterIndex } from './sources/kafkaDeadLetterIndex';
import { DEFAULT_MAX_MESSAGE_BYTES, KafkaDeadLetterSink, type DeadLetter } from './sinks/kafkaDeadLetterSink';
import { isRefusedForSize } from './sinks/kafkaErrors';
import { KafkaRecordReader } from './sources/kafkaRecordReader';
import { KafkaSource } from './sources/kafkaSource';
import { parseRecordRef } from './pipeline/logRecord';
import { SqliteEventIndex } from './store/sqliteEventIndex';
import { AggregatePublisher } from './cluster/aggregatePublisher';
import { AggregateReplicas } from './cluster/aggregateReplicas';
import { ClusterEventIndex } from './cluster/clusterEventIndex';

/** How often a replay asks the holder of its partition whether the new input is folded yet. */
const REPLAY_POLL_MS = 200;
import { SimulatorRunner } from './sources/simulator/simulatorRunner';
import { TrafficThread } from './sources/simulator/trafficThread';

type KafkaConfig = NonNullable<Config['kafka']>;

/**
 * Creates the events, DLQ and aggregates topics when they are missing; leaves existing ones as they
 * are. The events topic is created with broker-set timestamps (LogAppendTime): a record's
 * timestamp is Waybill's append time, and a producer's wrong clock must not be able to
 * move it (a timestamp a year ahead would expire every partition's state).
 */
export async function ensureTopics(kafka: Kafka, config: KafkaConfig): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [
      { topic: config.topic, numPartitions: config.partitions, configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] },
      { topic: config.dlqTopic, numPartitions: config.partitions },
      // Compacted: the newest record of each bucket and status is what counts; segments
      // roll every ten minutes so that compaction and tombstones take effect.
      {
        topic: config.aggregatesTopic,
        numPartitions: config.partitions,
        configEntries: [
          { name: 'cleanup.policy', value: 'compact' },
          { name: 'segment.ms', value: String(10 * 60_000) },
        ],
      },
    ].filter(({ topic }) => !existing.has(topic));
    if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/** A topic's `max.message.bytes` (its own setting or the broker's default). */
export async function readMaxMessageBytes(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['max.message.bytes'] }],
    });
    const value = Number(resources[0]?.configEntries.find((entry) => entry.configName === 'max.message.bytes')?.configValue);
    return Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_MAX_MESSAGE_BYTES;
  } finally {
    await admin.disconnect();
  }
}

async function partitionCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).length;
  } finally {
    await admin.disconnect();
  }
}

export function createKafkaClient(brokers: string[], logger: Logger, clientId = 'waybill'): Kafka {
  // kafkajs logs each retry of a lost broker at error level; one line per problem is enough.
  const logCreator = () => (entry: LogEntry) => {
    const message = `${entry.log.message}${entry.log.error ? `: ${entry.log.error}` : ''}`;
    if (entry.level <= logLevel.ERROR) logger.warn(`kafka ${entry.namespace}: ${message}`);
  };
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.ERROR,
    logCreator,
    retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 5_000 },
  });
}

/**
 * Kafka mode: a consumer-group source on the events topic, dead letters on the DLQ
 * topic (and read back from it), producers for ingest and the simulator, assembled
 * around one pipeline.
 */
export function createKafkaMode(config: Config, kafkaConfig: KafkaConfig, logger: Logger, telemetry: Telemetry) {
  const { metrics, tracing } = telemetry;
  const kafka = createKafkaClient(kafkaConfig.brokers, logger);
  const pipeline = new Pipeline(config.pipeline);
  const instanceId = crypto.randomBytes(4).toString('hex');
  const refusedInputs = new RefusedInputs(config.pipeline.retentionMs);
  const deadLetterIndex = new KafkaDeadLetterIndex(
    kafka,
    { dlqTopic: kafkaConfig.dlqTopic, groupId: `${kafkaConfig.groupId}.dlq-reader.${instanceId}`, retentionMs: config.pipeline.retentionMs },
    refusedInputs,
  );
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  const replicas = new AggregateReplicas({
    kafka,
    topic: kafkaConfig.aggregatesTopic,
    groupId: `${kafkaConfig.groupId}.aggregates-reader.${instanceId}`,
    maxDimensionValues: config.pipeline.maxDimensionValues,
    logger,
  });
  const deadLetterSink = new KafkaDeadLetterSink(producer, deadLetterIndex, kafkaConfig.dlqTopic);
  const index = new SqliteEventIndex({
    dataDir: config.dataDir,
    onWriteError: (message) => logger.error(`event index: ${message} (the next rebuild indexes those inputs again)`),
  });
  const reader = new KafkaRecordReader(kafka, {
    topics: [kafkaConfig.topic, kafkaConfig.dlqTopic],
    groupId: `${kafkaConfig.groupId}.record-reader.${instanceId}`,
  });
  const source = new KafkaSource({
    kafka,
    topic: kafkaConfig.topic,
    groupId: kafkaConfig.groupId,
    pipeline,
    retentionMs: config.pipeline.retentionMs,
    logger,
    onPartitionReset: (partition, rebuild) => {
      // A revoked partition's index goes with its state. One assigned afresh keeps what is
      // indexed (coordinates never change), unless the topic holds fewer records than the
      // index knows: then the topic was recreated, and its old coordinates mean nothing.
      if (rebuild === null || index.indexedThrough(partition) > rebuild.to) index.dropPartition(partition);
    },
    onBatch: async (batch) => {
      const { records, outcomes } = batch;
      observeBatch(telemetry, batch, logger);
      metrics.timeStage('index', () => index.add(records, outcomes, Date.now()));
      const deadLetters: DeadLetter[] = [];
      outcomes.forEach((outcome, i) => {
        if (outcome.kind !== 'deadLetter') return;
        const record = records[i]!;
        // The DLQ record carries the trace on, as W3C's header for Kafka says.
        const traceparent = tracing.enabled ? tracing.childTraceparent(traceparentOfRecord(record)) : null;
        deadLetters.push({ topic: kafkaConfig.topic, record, rejection: outcome.rejection, traceparent });
      });
      if (deadLetters.length > 0) await metrics.timeStageAsync('dead_letter', () => deadLetterSink.write(deadLetters));
    },
  });
  const ingest: IngestSink = {
    async accept(items) {
      try {
        const valid = items.filter((item) => item.rejection === null);
        if (valid.length > 0) {
          metrics.observeLogAppend(valid.length);
          await metrics.timeStageAsync('log_append', () =>
            producer.send({
              topic: kafkaConfig.topic,
              acks: -1,
              messages: valid.map((item) => ({ key: item.key, value: Buffer.from(item.value) })),
            }),
          );
        }
        const rejected: DeadLetter[] = items.flatMap((item) =>
          item.rejection === null
            ? []
            : [{ topic: kafkaConfig.topic, record: { partition: -1, offset: -1, appendTime: Date.now(), key: item.key, value: item.value }, rejection: item.rejection }],
        );
        if (rejected.length > 0) {
          await deadLetterSink.write(rejected);
          // Refused before the topic, these never reach the pipeline's counters.
          metrics.recordRefusedInputs(rejected.map((deadLetter) => deadLetter.rejection.reason));
        }
        return null;
      } catch (error) {
        logger.warn('ingest: Kafka did not take the events', error);
        if (isRefusedForSize(error)) {
          throw new ApiError('payload_too_large', 'Kafka refused these events as more than its topic takes at once; send fewer or smaller events per request');
        }
        throw new ApiError('unavailable', 'Kafka did not take the events; send them again (an event already taken is then counted as a duplicate, not twice)');
      }
    },
  };
  let holdBack = () => false;
  const traffic = new TrafficThread({ seed: Date.now() % 2_147_483_647, runId: Date.now().toString(36) });
  const simulator = new SimulatorRunner({
    holdBack: () => holdBack(),
    traffic,
    rate: config.simulateRate,
    send: async (inputs) => {
      metrics.observeLogAppend(inputs.length);
      await producer.send({
        topic: kafkaConfig.topic,
        acks: -1,
        messages: inputs.map((input) => ({ key: input.key, value: input.value })),
      });
    },
    onError: (error) => logger.warn('simulator could not produce', error),
  });

  let publisher: AggregatePublisher | null = null;
  let selfUrl: string | null = null;
  /** Partitions this instance's index answers for: held here and replayed whole. */
  const localPartitions = (): ReadonlySet<number> =>
    new Set(pipeline.partitions().map(({ partition }) => partition).filter((partition) => source.partitionLive(partition)));
  const clusterIndex = new ClusterEventIndex(index, () => {
    const ownership = source.ownership();
    return { partitions: ownership?.partitions ?? null, local: localPartitions(), urls: ownership?.urls ?? new Map(), selfUrl };
  });
  /** Until the input is indexed: here when its partition is held here, else by asking its holder (bounded by the timeout). */
  const indexedAnywhere = async (partition: number, offset: number, timeoutMs: number, authorization?: string) => {
    if (localPartitions().has(partition)) return index.waitFor(partition, offset, timeoutMs);
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; attempt < Math.ceil(timeoutMs / REPLAY_POLL_MS) + 1; attempt += 1) {
      if (localPartitions().has(partition)) return index.waitFor(partition, offset, Math.max(0, deadline - Date.now()));
      const found = await clusterIndex.forRequest(authorization).get(partition, offset);
      if (found || Date.now() >= deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, REPLAY_POLL_MS));
    }
    return null;
  };
  let retentionTimer: NodeJS.Timeout | null = null;
  const deadLetterOriginal = async (ref: string): Promise<ReplayInput | null> => {
    if (!deadLetterIndex.byRef(ref)) return null;
    // Refused at ingest, the input is only on the DLQ topic; otherwise the events topic has it.
    const onDlq = ref.startsWith('dlq-');
    const coordinates = parseRecordRef(onDlq ? ref.slice(4) : ref);
    if (!coordinates) return null;
    const record = await reader.read(onDlq ? kafkaConfig.dlqTopic : kafkaConfig.topic, coordinates.partition, coordinates.offset);
    return record?.value ? { key: record.key, value: record.value, headers: { ...record.headers } } : null;
  };
  const operator: Omit<OperatorContext, 'firstPushedAt'> = {
    index,
    indexFor: (authorization) => clusterIndex.forRequest(authorization),
    localPartitions,
    readRecord: (partition, offset) => reader.read(kafkaConfig.topic, partition, offset),
    deadLetterOriginal,
    replay: createReplayer({
      original: deadLetterOriginal,
      append: async (input) => {
        const [written] = await producer.send({
          topic: kafkaConfig.topic,
          acks: -1,
          messages: [{ key: input.key, value: Buffer.from(input.value), headers: input.headers }],
        });
        return { partition: written!.partition, offset: Number(written!.baseOffset) };
      },
      waitFor: indexedAnywhere,
      pipelineOptions: config.pipeline,
      traceparentHeader: (traceparent) => tracing.childTraceparent(traceparent),
      onReplayed: ({ traceparent, ...replay }) => logger.info('dead letter replayed', { ...replay, traceId: parseTraceparent(traceparent)?.traceId ?? null }),
    }),
  };

  return {
    pipeline,
    refusedInputs,
    operator,
    status: source,
    replicas,
    ingest,
    deadLetters: deadLetterIndex,
    /** Where other instances reach this one: told to the group at each join, and to callers of the index. */
    advertise(url: string): void {
      selfUrl = url;
      source.advertise(url);
    },
    /** The simulator holds back while this says Waybill is behind (back pressure). */
    holdBackWhile(predicate: () => boolean): void {
      holdBack = predicate;
    },
    /** Connects and starts consuming; without a broker it keeps trying, as health shows. */
    async start(): Promise<void> {
      for (let attempt = 1; ; attempt += 1) {
        try {
          await ensureTopics(kafka, kafkaConfig);
          deadLetterSink.maxMessageBytes = await readMaxMessageBytes(kafka, kafkaConfig.dlqTopic);
          await producer.connect();
          await deadLetterIndex.start();
          await replicas.start();
          publisher = new AggregatePublisher({
            pipeline,
            producer,
            topic: kafkaConfig.aggregatesTopic,
            topicPartitions: await partitionCount(kafka, kafkaConfig.aggregatesTopic),
            replicas,
            partitionLive: (partition) => source.partitionLive(partition),
            lagRecords: (partition) => source.lagRecords(partition),
            logger,
          });
          break;
        } catch (error) {
          logger.warn(`cannot reach Kafka at ${kafkaConfig.brokers.join(',')} (attempt ${attempt}); retrying`, error);
          await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 1_000 * attempt)));
        }
      }
      await source.start();
      publisher?.start();
      retentionTimer = setInterval(() => index.deleteBefore(Date.now() - config.pipeline.retentionMs), 60_000);
      retentionTimer.unref();
      logger.info(`consuming ${kafkaConfig.topic} in group ${kafkaConfig.groupId} from ${kafkaConfig.brokers.join(',')}`);
      if (config.simulateRate > 0) {
        simulator.start();
        logger.info(`simulator on: ${config.simulateRate} events/s to ${kafkaConfig.topic}`);
      }
    },
    async close(): Promise<void> {
      await simulator.stop();
      await traffic.close();
      if (retentionTimer) clearInterval(retentionTimer);
      await source.stop();
      await publisher?.stop();
      await Promise.all([deadLetterIndex.stop(), reader.stop(), replicas.stop()]);
      await index.close();
      await producer.disconnect().catch(() => undefined);
    },
  };
}
