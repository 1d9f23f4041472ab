import { describe, expect, it } from 'vitest';
import { bucketToWire } from './cluster/bucketWire';
import { parseBucketWire, type PartitionStatus } from './cluster/aggregateMessages';
import { PartitionReplica } from './cluster/partitionReplica';
import { Pipeline } from './pipeline/pipeline';
import type { PartitionProcessor } from './pipeline/partitionProcessor';
import { T0, TestLog, testEvent } from './pipeline/testing';
import { ReadModel, type SourceStatus } from './readModel';

const PARTITIONS = [0, 1, 2];
const FROM = T0 - 60_000;
const TO = T0 + 60_000;

/** Three partitions folded from the same kind of traffic, one event more in each than the one before. */
function foldedPipeline(): Pipeline {
  const pipeline = new Pipeline();
  const log = new TestLog();
  for (const partition of PARTITIONS) {
    for (let i = 0; i <= partition + 2; i += 1) {
      pipeline.process(log.record(testEvent({ time: T0 + i * 1_000, subject: `SHP-${partition}-${i}` }), { partition, appendTime: T0 + i * 1_000 + 200 }));
    }
  }
  return pipeline;
}

function replicaOf(processor: PartitionProcessor, state: PartitionStatus['state'] = 'live', clock: () => number = Date.now): PartitionReplica {
  const replica = new PartitionReplica(processor.partition, 100, clock);
  for (const [start, bucket] of processor.buckets) {
    const text = JSON.stringify(bucketToWire(bucket, processor.dimensions));
    replica.applyBucket(start, text, parseBucketWire(text)!);
  }
  const status: PartitionStatus = {
    partition: processor.partition,
    state: 'live',
    watermark: processor.watermark,
    lastAppendTime: processor.lastAppendTime,
    processed: processor.processed,
    lagRecords: 2,
    expiredBefore: null,
    publishedAt: T0,
  };
  replica.applyStatus(status);
  if (state === 'rebuilding') replica.applyStatus({ ...status, state });
  return replica;
}

function source(options: { live?: (partition: number) => boolean; heldByOthers: number[] }): SourceStatus {
  return {
    mode: 'kafka',
    progress: { state: 'live', replayed: 0, total: 0, progress: 1 },
    lagRecords: () => 0,
    connected: true,
    joining: false,
    ownership: () => ({ partitions: PARTITIONS, heldByOthers: new Set(options.heldByOthers), urls: new Map() }),
    partitionLive: options.live ?? (() => true),
  };
}

describe('the read model over partitions folded here and replicated', () => {
  const everything = foldedPipeline();
  const whole = new ReadModel(everything, source({ heldByOthers: [] })).summary(FROM, TO);

  it('answers the whole figures with partition 2 folded elsewhere and replicated here', () => {
    const mine = foldedPipeline();
    mine.revoke(2);
    const replicas = { ready: true, replicaOf: (partition: number) => (partition === 2 ? replicaOf(everything.partitions()[2]!) : null) };
    const model = new ReadModel(mine, source({ heldByOthers: [2] }), [], replicas);
    expect(model.summary(FROM, TO)).toEqual(whole);
    expect(model.partiality()).toEqual({ partial: false, missingPartitions: [], stalePartitions: [] });
    expect(model.watermark()).toBe(new ReadModel(everything, source({ heldByOthers: [] })).watermark());
    const health = model.health(T0 + 10_000);
    expect(health.partitions.map(({ partition, owner, rebuilding, lagRecords }) => ({ partition, owner, rebuilding, lagRecords }))).toEqual([
      { partition: 0, owner: 'self', rebuilding: false, lagRecords: 0 },
      { partition: 1, owner: 'self', rebuilding: false, lagRecords: 0 },
      { partition: 2, owner: 'other', rebuilding: false, lagRecords: 2 },
    ]);
    expect(health.partitions[2]!.processed).toBe(everything.partitions()[2]!.processed);
  });

  it('is partial, naming the partition, until the replicas have read the topic', () => {
    const mine = foldedPipeline();
    mine.revoke(2);
    const model = new ReadModel(mine, source({ heldByOthers: [2] }), [], { ready: false, replicaOf: () => replicaOf(everything.partitions()[2]!) });
    expect(model.partiality()).toEqual({ partial: true, missingPartitions: [2], stalePartitions: [] });
    expect(model.summary(FROM, TO).events).toBeLessThan(whole.events);
  });

  it('shows a partition it is rebuilding from its replica, and its own figures once it is whole', () => {
    const rebuilding = foldedPipeline();
    // Replayed only half way: partition 1 has folded nothing yet.
    rebuilding.revoke(1);
    rebuilding.assign(1);
    let live = false;
    const replicas = { ready: true, replicaOf: (partition: number) => (partition === 1 ? replicaOf(everything.partitions()[1]!) : null) };
    const model = new ReadModel(rebuilding, source({ live: (partition) => partition !== 1 || live, heldByOthers: [] }), [], replicas);
    expect(model.summary(FROM, TO)).toEqual(whole);
    // Shown, but not passed off as current: its last owner no longer folds it.
    expect(model.partiality()).toEqual({ partial: true, missingPartitions: [], stalePartitions: [1] });
    expect(model.health(T0).partitions[1]).toMatchObject({ owner: 'self', rebuilding: true });
    live = true;
    expect(model.summary(FROM, TO).events).toBe(whole.events - everything.partitions()[1]!.processed);
    expect(model.partiality().partial).toBe(false);
    expect(model.health(T0).partitions[1]).toMatchObject({ owner: 'self', rebuilding: false });
  });

  it('says rebuilding while another instance rebuilds a partition it shows from the replica', () => {
    const mine = foldedPipeline();
    mine.revoke(2);
    const replicas = { ready: true, replicaOf: (partition: number) => (partition === 2 ? replicaOf(everything.partitions()[2]!, 'rebuilding') : null) };
    const model = new ReadModel(mine, source({ heldByOthers: [2] }), [], replicas);
    expect(model.rebuilding).toBe(true);
    expect(model.summary(FROM, TO)).toEqual(whole);
    expect(model.partiality()).toEqual({ partial: true, missingPartitions: [], stalePartitions: [2] });
    expect(model.health(T0).partitions[2]).toMatchObject({ owner: 'other', rebuilding: true });
  });

  it('keeps the figures of an owner gone silent, and says they may be behind', () => {
    let now = T0;
    const mine = foldedPipeline();
    mine.revoke(2);
    const replica = replicaOf(everything.partitions()[2]!, 'live', () => now);
    const model = new ReadModel(mine, source({ heldByOthers: [2] }), [], { ready: true, replicaOf: (partition) => (partition === 2 ? replica : null) });
    now += 2_000;
    expect(model.partiality().partial).toBe(false);
    // A killed owner publishes nothing more; its session has not expired, so the group still names it.
    now += 2_000;
    expect(model.partiality()).toEqual({ partial: true, missingPartitions: [], stalePartitions: [2] });
    expect(model.summary(FROM, TO)).toEqual(whole);
    expect(model.health(now)).toMatchObject({ partial: true, stalePartitions: [2] });
  });
});
