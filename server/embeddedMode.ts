import type { Config } from './config';
import type { IngestSink } from './http/ingestSink';
import type { Logger } from './logger';
import { observeBatch, type Telemetry } from './telemetry';
import { parseTraceparent } from '../lib/traceparent';
import { createReplayer, type ReplayInput } from './deadLetterReplay';
import type { OperatorContext } from './http/eventsApi';
import { Pipeline } from './pipeline/pipeline';
import { parseRecordRef } from './pipeline/logRecord';
import type { SourceStatus } from './readModel';
import { DeadLetterStore, type DeadLetterEntry } from './store/deadLetterStore';
import { EmbeddedLog } from './store/embeddedLog';
import { SqliteEventIndex } from './store/sqliteEventIndex';
import { EmbeddedSource } from './sources/embeddedSource';
import { SimulatorRunner } from './sources/simulator/simulatorRunner';
import { TrafficThread } from './sources/simulator/trafficThread';

/** Often, so that each sweep is small. */
const RETENTION_SWEEP_MS = 10_000;
/** Records one delete removes: a few milliseconds of the event loop. */
const SWEEP_CHUNK = 2_000;
/** A bound on one sweep; what is left waits for the next. */
const MAX_SWEEP_CHUNKS = 10_000;

/**
 * Embedded mode: the SQLite log, its source, the dead-letter store and the built-in
 * simulator, assembled around one pipeline.
 */
export function createEmbeddedMode(config: Config, logger: Logger, telemetry: Telemetry) {
  const { metrics, tracing } = telemetry;
  const log = new EmbeddedLog({ dataDir: config.dataDir, partitions: config.partitions, sync: config.sync, writer: 'thread', reader: 'thread' });
  const deadLetters = new DeadLetterStore(config.dataDir);
  const index = new SqliteEventIndex({
    dataDir: config.dataDir,
    onWriteError: (message) => logger.error(`event index: ${message} (the next start indexes those inputs again)`),
  });
  const pipeline = new Pipeline(config.pipeline);
  const source = new EmbeddedSource({
    log,
    pipeline,
    retentionMs: config.pipeline.retentionMs,
    onBatch: (batch) => {
      const { records, outcomes } = batch;
      observeBatch(telemetry, batch, logger);
      metrics.timeStage('index', () => index.add(records, outcomes, Date.now()));
      const entries: DeadLetterEntry[] = [];
      for (let i = 0; i < outcomes.length; i += 1) {
        const outcome = outcomes[i]!;
        if (outcome.kind === 'deadLetter') entries.push({ record: records[i]!, rejection: outcome.rejection });
      }
      if (entries.length > 0) metrics.timeStage('dead_letter', () => deadLetters.record(entries, Date.now()));
    },
    onBatchError: (error) => logger.error('could not record dead letters (the next start records them from the log)', error),
  });
  const status: SourceStatus = {
    mode: 'embedded',
    get progress() {
      return source.progress;
    },
    lagRecords: (partition) => source.lagRecords(partition),
    connected: true,
  };
  const ingest: IngestSink = {
    async accept(items) {
      metrics.observeLogAppend(items.length);
      const records = await metrics.timeStageAsync('log_append', () => log.append(items.map((item) => ({ key: item.key, value: item.value, validatedEvent: item.event }))));
      return records.map((record) => record.appendTime);
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
      await log.append(inputs);
    },
    onError: (error) => logger.warn('simulator could not append', error),
  });
  let retentionTimer: NodeJS.Timeout | null = null;
  let closing = false;

  /** Retention in small deletes, on the log's writer: each one short, so appends never wait long behind it. */
  async function sweepRetention(cutoff: number): Promise<number> {
    let removed = 0;
    for (let chunk = 0; chunk < MAX_SWEEP_CHUNKS && !closing; chunk += 1) {
      const deleted = await log.deleteSomeBefore(cutoff, SWEEP_CHUNK);
      removed += deleted;
      if (deleted < SWEEP_CHUNK) break;
    }
    if (!closing) {
      deadLetters.deleteBefore(cutoff);
      index.deleteBefore(cutoff);
    }
    return removed;
  }
  const deadLetterOriginal = async (ref: string): Promise<ReplayInput | null> => {
    if (!deadLetters.byRef(ref)) return null;
    const coordinates = parseRecordRef(ref)!;
    const record = log.readOne(coordinates.partition, coordinates.offset);
    return record?.value ? { key: record.key, value: record.value, headers: { ...record.headers } } : null;
  };
  const operator: Omit<OperatorContext, 'firstPushedAt'> = {
    index,
    readRecord: async (partition, offset) => log.readOne(partition, offset),
    deadLetterOriginal,
    replay: createReplayer({
      original: deadLetterOriginal,
      append: async (input) => {
        const [record] = await log.append([input]);
        return { partition: record!.partition, offset: record!.offset };
      },
      waitFor: (partition, offset, timeoutMs) => index.waitFor(partition, offset, timeoutMs),
      pipelineOptions: config.pipeline,
      traceparentHeader: (traceparent) => tracing.childTraceparent(traceparent),
      onReplayed: ({ traceparent, ...replay }) => logger.info('dead letter replayed', { ...replay, traceId: parseTraceparent(traceparent)?.traceId ?? null }),
    }),
  };

  return {
    pipeline,
    // Every input, refused or not, is appended to the log: the pipeline counts them all.
    refusedInputs: null,
    status,
    ingest,
    deadLetters,
    operator,
    /** The simulator holds back while this says Waybill is behind (back pressure). */
    holdBackWhile(predicate: () => boolean): void {
      holdBack = predicate;
    },
    /** Rebuilds from the log, then goes live and starts the simulator. */
    async start(): Promise<void> {
      const startedAt = Date.now();
      await source.start();
      const { replayed } = source.progress;
      const seconds = (Date.now() - startedAt) / 1_000;
      logger.info(`rebuilt state from ${replayed} records in ${seconds.toFixed(1)} s; live`);
      let sweeping = false;
      retentionTimer = setInterval(() => {
        if (sweeping) return;
        sweeping = true;
        sweepRetention(Date.now() - config.pipeline.retentionMs)
          .then((removed) => {
            if (removed > 0) logger.info(`retention removed ${removed} records`);
          })
          .catch((error: unknown) => logger.warn('retention sweep failed (the next one tries again)', error))
          .finally(() => (sweeping = false));
      }, RETENTION_SWEEP_MS);
      retentionTimer.unref();
      if (config.simulateRate > 0) {
        simulator.start();
        logger.info(`simulator on: ${config.simulateRate} events/s`);
      }
    },
    async close(): Promise<void> {
      closing = true;
      await simulator.stop();
      await traffic.close();
      source.stop();
      if (retentionTimer) clearInterval(retentionTimer);
      await log.close();
      deadLetters.close();
      await index.close();
    },
  };
}
