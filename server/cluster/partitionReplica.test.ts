import { describe, expect, it } from 'vitest';
import { summarize } from '../pipeline/aggregateQuery';
import { Pipeline } from '../pipeline/pipeline';
import { T0, TestLog, testEvent } from '../pipeline/testing';
import type { PartitionStatus } from './aggregateMessages';
import { parseAggregateKey, parseBucketWire } from './aggregateMessages';
import { bucketToWire } from './bucketWire';
import { PartitionReplica } from './partitionReplica';

const MAX_NAMES = 100;

/** A partition folded from a mix of regions, carriers, types, latencies and dead letters. */
function foldedPartition() {
  const pipeline = new Pipeline({ retentionMs: 60 * 60_000 });
  const log = new TestLog();
  const regions = ['eu-west', 'uk', 'us-east'];
  for (let i = 0; i < 600; i += 1) {
    const event = testEvent({
      time: T0 + i * 100,
      subject: `SHP-${i % 40}`,
      sequence: Math.floor(i / 40) + 1,
      type: i % 17 === 0 ? 'shipment.exception' : 'shipment.arrived_at_hub',
      data: { carrier: i % 3 === 0 ? 'UPS' : 'DHL', facility: { code: `HUB-${i % 5}`, region: regions[i % 3]! }, ...(i % 17 === 0 ? { exceptionCode: 'DAMAGED' } : {}) },
    });
    pipeline.process(log.record(event, { appendTime: T0 + i * 100 + 50 + (i % 13) * 20 }));
  }
  pipeline.process(log.record('not json', { raw: true, appendTime: T0 + 70_000 }));
  return pipeline.partitions()[0]!;
}

function liveStatus(overrides: Partial<PartitionStatus> = {}): PartitionStatus {
  return { partition: 0, state: 'live', watermark: T0, lastAppendTime: T0, processed: 1, lagRecords: 0, expiredBefore: null, publishedAt: T0, ...overrides };
}

describe('a partition replicated through the aggregates topic', () => {
  it('gives the same summary as the partition it replicates, every figure and quantile', () => {
    const processor = foldedPartition();
    const replica = new PartitionReplica(0, MAX_NAMES);
    // Applied in an order unlike the owner's, as records of several owners may come.
    for (const [start, bucket] of [...processor.buckets.entries()].reverse()) {
      const text = JSON.stringify(bucketToWire(bucket, processor.dimensions));
      replica.applyBucket(start, text, parseBucketWire(text)!);
    }
    replica.applyStatus(liveStatus());
    const from = T0 - 60_000;
    const to = T0 + 120_000;
    expect(summarize([replica], from, to, null, MAX_NAMES)).toEqual(summarize([processor], from, to, null, MAX_NAMES));
    // Merged with other partitions, it adds up by name like a partition folded here.
    const other = foldedPartition();
    expect(summarize([replica, other], from, to, null, MAX_NAMES)).toEqual(summarize([processor, other], from, to, null, MAX_NAMES));
  });

  it('writes equal buckets as equal texts, whatever order the owner met the names in', () => {
    const pipeline = new Pipeline();
    const log = new TestLog();
    const a = testEvent({ time: T0, subject: 'A', data: { carrier: 'DHL', facility: { code: 'AMS', region: 'eu-west' } } });
    const b = testEvent({ time: T0, subject: 'B', data: { carrier: 'UPS', facility: { code: 'LHR', region: 'uk' } } });
    pipeline.process(log.record(a, { partition: 0 }));
    pipeline.process(log.record(b, { partition: 0 }));
    pipeline.process(log.record(b, { partition: 1 }));
    pipeline.process(log.record(a, { partition: 1 }));
    const [first, second] = pipeline.partitions() as [ReturnType<Pipeline['partitions']>[number], ReturnType<Pipeline['partitions']>[number]];
    const textOf = (processor: typeof first) => JSON.stringify(bucketToWire(processor.buckets.get(T0)!, processor.dimensions));
    expect(first.dimensions.carrier.values).not.toEqual(second.dimensions.carrier.values);
    expect(textOf(first)).toBe(textOf(second));
  });

  it('drops what the owner let expire, by tombstone or by the status cutoff, and notes the seconds changed', () => {
    const processor = foldedPartition();
    const replica = new PartitionReplica(0, MAX_NAMES);
    for (const [start, bucket] of processor.buckets) {
      const text = JSON.stringify(bucketToWire(bucket, processor.dimensions));
      replica.applyBucket(start, text, parseBucketWire(text)!);
    }
    replica.takeChangedSeconds(new Set());
    replica.deleteBucket(T0);
    expect(replica.buckets.has(T0)).toBe(false);
    expect(replica.digestOf(T0)).toBeUndefined();
    const changed = new Set<number>();
    replica.takeChangedSeconds(changed);
    expect([...changed]).toEqual([T0]);
    // Past the cutoff, as a partition's own retention does: gone, and nothing left to recompute there.
    replica.applyStatus(liveStatus({ expiredBefore: T0 + 30_000 }));
    expect(replica.buckets.size).toBeGreaterThan(0);
    expect([...replica.buckets.keys()].every((start) => start >= T0 + 30_000)).toBe(true);
    expect([...replica.starts()].every((start) => start >= T0 + 30_000)).toBe(true);
    // A bucket older than the cutoff arriving late (an old owner's record) is not taken back.
    replica.applyBucket(T0 + 1_000, '{}', parseBucketWire(JSON.stringify(bucketToWire(processor.buckets.get(T0 + 1_000)!, processor.dimensions)))!);
    expect(replica.buckets.has(T0 + 1_000)).toBe(false);
  });

  it('keeps the last live figures while a new owner rebuilds, and says it is rebuilding', () => {
    const replica = new PartitionReplica(0, MAX_NAMES);
    replica.applyStatus(liveStatus({ watermark: T0 + 5_000, lastAppendTime: T0 + 6_000 }));
    replica.applyStatus(liveStatus({ state: 'rebuilding', watermark: null, lastAppendTime: T0 + 100 }));
    expect(replica.rebuilding).toBe(true);
    expect(replica.watermark).toBe(T0 + 5_000);
    expect(replica.lastAppendTime).toBe(T0 + 6_000);
  });

  it('reads only the keys and values it writes', () => {
    expect(parseAggregateKey('3/1700000000000')).toEqual({ partition: 3, kind: 'bucket', start: 1_700_000_000_000 });
    expect(parseAggregateKey('3/status')).toEqual({ partition: 3, kind: 'status' });
    for (const key of ['', '3', '3/', 'x/status', '3/1.5', '3/status/x', '__proto__/status']) expect(parseAggregateKey(key)).toBeNull();
    for (const text of ['', 'null', '[]', '{}', '{"counters":{}}', '{"counters":{},"byType":[["a","b"]]}']) expect(parseBucketWire(text)).toBeNull();
  });

  it('leaves out names this version does not know, and names that are no index of its own', () => {
    const processor = foldedPartition();
    const [start, bucket] = [...processor.buckets.entries()][0]!;
    const wire = bucketToWire(bucket, processor.dimensions);
    wire.byType.push(['shipment.teleported', 5], ['constructor', 2], ['__proto__', 1]);
    wire.deadLettersByReason.push(['toString', 3]);
    const replica = new PartitionReplica(0, MAX_NAMES);
    replica.applyBucket(start, JSON.stringify(wire), wire);
    replica.applyStatus(liveStatus());
    const summary = summarize([replica], start, start + 1_000, null, MAX_NAMES);
    expect(Object.keys(summary.byType)).not.toContain('constructor');
    expect(summary.byType).toEqual(summarize([processor], start, start + 1_000, null, MAX_NAMES).byType);
  });
});
