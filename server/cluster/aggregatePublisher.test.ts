import type { Message, Producer } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { Pipeline } from '../pipeline/pipeline';
import { T0, TestLog, testEvent } from '../pipeline/testing';
import { parsePartitionStatus } from './aggregateMessages';
import { AggregatePublisher } from './aggregatePublisher';
import type { AggregateReplicas } from './aggregateReplicas';

/** A producer that keeps what it is given. */
function recordingProducer(): { producer: Producer; sent: Message[][] } {
  const sent: Message[][] = [];
  const producer = { send: async ({ messages }: { messages: Message[] }) => void sent.push(messages) } as unknown as Producer;
  return { producer, sent };
}

const statusOf = (messages: Message[]) => parsePartitionStatus(String(messages.find((message) => String(message.key).endsWith('/status'))!.value));
const bucketsIn = (messages: Message[]) => messages.filter((message) => !String(message.key).endsWith('/status')).length;

describe('the aggregate publisher', () => {
  it('says a partition is live on the topic only once all its changed buckets have gone out', async () => {
    const pipeline = new Pipeline();
    const log = new TestLog();
    // 2,500 seconds of events: more buckets than one tick sends.
    for (let i = 0; i < 2_500; i += 1) pipeline.process(log.record(testEvent({ time: T0 + i * 1_000, subject: `S-${i}` }), { appendTime: T0 + i * 1_000 + 100 }));
    const { producer, sent } = recordingProducer();
    let live = false;
    const publisher = new AggregatePublisher({
      pipeline,
      producer,
      topic: 'aggregates',
      topicPartitions: 1,
      replicas: { replicaOf: () => null } as unknown as AggregateReplicas,
      partitionLive: () => live,
      lagRecords: () => 0,
      logger: createLogger('test'),
    });
    await publisher.publish();
    expect(bucketsIn(sent[0]!)).toBe(0);
    expect(statusOf(sent[0]!)?.state).toBe('rebuilding');
    live = true;
    await publisher.publish();
    expect(bucketsIn(sent[1]!)).toBe(2_000);
    expect(statusOf(sent[1]!)?.state).toBe('rebuilding');
    await publisher.publish();
    expect(bucketsIn(sent[2]!)).toBe(pipeline.partitions()[0]!.buckets.size - 2_000);
    expect(statusOf(sent[2]!)?.state).toBe('live');
  });
});
