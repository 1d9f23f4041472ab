import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { summarize } from '../pipeline/aggregateQuery';
import { Pipeline } from '../pipeline/pipeline';
import { testEvent } from '../pipeline/testing';
import { EmbeddedLog } from '../store/embeddedLog';
import { EmbeddedSource, type ProcessedBatch } from './embeddedSource';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function setup(clock: () => number, reader: 'here' | 'thread' = 'here') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-source-'));
  dirs.push(dataDir);
  const log = new EmbeddedLog({ dataDir, partitions: 4, clock, reader });
  const pipeline = new Pipeline();
  const batches: ProcessedBatch[] = [];
  const progressSeen: number[] = [];
  let sawBatch: () => void = () => undefined;
  const firstBatch = new Promise<void>((resolve) => (sawBatch = resolve));
  const source: EmbeddedSource = new EmbeddedSource({
    log,
    pipeline,
    retentionMs: 3_600_000,
    clock,
    replayChunk: 10,
    onBatch: (batch) => {
      batches.push(batch);
      progressSeen.push(source.progress.progress);
      sawBatch();
    },
  });
  return { log, pipeline, source, batches, progressSeen, firstBatch };
}

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const encode = (event: unknown) => Buffer.from(JSON.stringify(event));

describe.each(['here', 'thread'] as const)('EmbeddedSource, the log read %s', (reader) => {
  it('replays what the log holds with progress, then follows new appends in order', async () => {
    const { log, pipeline, source, batches, progressSeen } = setup(() => NOW, reader);
    await log.append(Array.from({ length: 45 }, (_, i) => ({ key: `S${i % 5}`, value: encode(testEvent({ id: `old-${i}`, subject: `S${i % 5}`, time: NOW - 1_000 })) })));
    expect(source.progress.state).toBe('rebuilding');

    await source.start();
    expect(source.progress).toEqual({ state: 'live', replayed: 45, total: 45, progress: 1 });
    // Progress climbs chunk by chunk while the replay runs.
    expect(progressSeen.some((progress) => progress > 0 && progress < 1)).toBe(true);
    expect(progressSeen).toEqual([...progressSeen].sort((a, b) => a - b));

    await log.append([{ key: 'S1', value: encode(testEvent({ id: 'new', subject: 'S1', time: NOW - 500 })) }, { key: 'S1', value: Buffer.from('{oops') }]);
    const last = batches[batches.length - 1]!;
    expect(last.outcomes.map((outcome) => outcome.kind)).toEqual(['ok', 'deadLetter']);
    const summary = summarize(pipeline.partitions(), NOW - 60_000, NOW + 60_000, null);
    expect(summary).toMatchObject({ inputs: 47, events: 46, deadLetters: { total: 1 } });
    for (let partition = 0; partition < 4; partition += 1) expect(source.lagRecords(partition)).toBe(0);
    source.stop();
    await log.close();
  });

  it('includes appends made while the replay runs, each exactly once', async () => {
    const { log, pipeline, source } = setup(() => NOW, reader);
    await log.append(Array.from({ length: 30 }, (_, i) => ({ key: 'S', value: encode(testEvent({ id: `a${i}`, subject: 'S', time: NOW - 1_000 })) })));
    const started = source.start();
    const during = log.append(Array.from({ length: 7 }, (_, i) => ({ key: 'S', value: encode(testEvent({ id: `b${i}`, subject: 'S', time: NOW - 900 })) })));
    await Promise.all([started, during]);
    const summary = summarize(pipeline.partitions(), NOW - 60_000, NOW + 60_000, null);
    expect(summary).toMatchObject({ inputs: 37, events: 37, duplicates: 0 });
    source.stop();
    await log.close();
  });

  it('ends a replay cleanly when stopped and the log closed in the middle of it', async () => {
    const { log, source, firstBatch } = setup(() => NOW, reader);
    await log.append(Array.from({ length: 20_000 }, (_, i) => ({ key: `S${i % 50}`, value: encode(testEvent({ id: `r${i}`, subject: `S${i % 50}`, time: NOW - 1_000 })) })));
    const started = source.start();
    // The replay yields every few milliseconds: stop it once it is under way.
    await firstBatch;
    expect(source.progress.replayed).toBeGreaterThan(0);
    expect(source.progress.replayed).toBeLessThan(20_000);
    source.stop();
    await log.close();
    await expect(started).resolves.toBeUndefined();
    expect(source.progress.state).toBe('rebuilding');
  });
});

describe('EmbeddedSource', () => {
  it('goes on when recording a batch fails, and reports the failure', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-source-'));
    dirs.push(dataDir);
    const log = new EmbeddedLog({ dataDir, partitions: 1, clock: () => NOW });
    const pipeline = new Pipeline();
    const failures: unknown[] = [];
    let calls = 0;
    const source = new EmbeddedSource({
      log,
      pipeline,
      retentionMs: 3_600_000,
      clock: () => NOW,
      onBatch: () => {
        calls += 1;
        if (calls === 1) throw new Error('disk full');
      },
      onBatchError: (error) => failures.push(error),
    });
    await source.start();
    await log.append([{ key: 'S', value: encode(testEvent({ id: 'one', time: NOW - 1_000 })) }]);
    await log.append([{ key: 'S', value: encode(testEvent({ id: 'two', time: NOW - 1_000 })) }]);
    expect(failures).toEqual([new Error('disk full')]);
    expect(summarize(pipeline.partitions(), NOW - 60_000, NOW + 60_000, null).events).toBe(2);
    source.stop();
    await log.close();
  });
});
