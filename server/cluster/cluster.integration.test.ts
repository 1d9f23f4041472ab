import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health } from '../../lib/health';
import type { Summary } from '../../lib/summary';
import { createTopics, knownSetMessage, testKafka, TEST_BROKERS, uniqueNames } from '../testing/kafkaTesting';
import { countsOf, knownEventSet } from '../testing/knownEventSet';
import { startServer, type RunningServer } from '../testing/runningServer';

/*
 * Several instances, one answer, on the real broker: each instance folds the partitions
 * the group gives it and publishes their buckets to the aggregates topic; every instance
 * reads the others' into replicas, so /api/summary and /api/health are whole and the
 * same on each, and a newcomer's rebalance never drops a partition's figures.
 */

const PARTITIONS = 3;
const NOW = Date.now();
const { T, allItems, expectedCounts } = knownEventSet(NOW);
const range = `from=${T - 60_000}&to=${NOW + 10 * 60_000}`;
const names = uniqueNames('cluster');
const kafka = testKafka();

function startInstance(): Promise<RunningServer> {
  return startServer({
    env: {
      KAFKA_BROKERS: TEST_BROKERS.join(','),
      KAFKA_TOPIC: names.topic,
      KAFKA_DLQ_TOPIC: names.dlqTopic,
      KAFKA_GROUP_ID: names.groupId,
      KAFKA_PARTITIONS: String(PARTITIONS),
    },
  });
}

async function json<T>(url: string): Promise<T> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return (await response.json()) as T;
}

/** Every instance's summary and health once all are whole and agree; bounded (300 polls, 100 ms apart). */
async function agreed(instances: RunningServer[]): Promise<{ summaries: Summary[]; healths: Health[] }> {
  let summaries: Summary[] = [];
  let healths: Health[] = [];
  for (let poll = 0; poll < 300; poll += 1) {
    summaries = await Promise.all(instances.map((instance) => json<Summary>(`${instance.url}/api/summary?${range}`)));
    healths = await Promise.all(instances.map((instance) => json<Health>(`${instance.url}/api/health`)));
    const settled =
      healths.every((health) => health.status === 'ok' && !health.partial && health.partitions.every(({ owner }) => owner !== 'none')) &&
      summaries.every((summary) => !summary.partial && isDeepStrictEqual(countsOf(summary), expectedCounts));
    if (settled) return { summaries, healths };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `the instances never agreed: ${JSON.stringify(healths.map(({ status, partial, missingPartitions, stalePartitions }) => ({ status, partial, missingPartitions, stalePartitions })))} ${JSON.stringify(summaries.map(countsOf))} against ${JSON.stringify(expectedCounts)}; ${JSON.stringify(healths.map((health) => health.partitions))}`,
  );
}

function ownedBy(health: Health): number[] {
  return health.partitions.filter(({ owner }) => owner === 'self').map(({ partition }) => partition);
}

describe('Kafka mode: several instances, one answer', () => {
  const instances: RunningServer[] = [];

  beforeAll(async () => {
    await createTopics(kafka, [
      { topic: names.topic, numPartitions: PARTITIONS, configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] },
      { topic: names.dlqTopic, numPartitions: PARTITIONS },
    ]);
  });

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [names.topic, names.dlqTopic, names.aggregatesTopic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('gives every instance the whole known event set, exactly, whoever owns which partition', { timeout: 240_000 }, async () => {
    // One after the other: a first start may build the dashboard, and two builds cannot share the folder.
    instances.push(await startInstance());
    instances.push(await startInstance());
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic: names.topic, acks: -1, messages: allItems.map((item, index) => knownSetMessage(item, index, NOW)) });
    await producer.disconnect();

    const { summaries, healths } = await agreed(instances);
    const [first, second] = healths as [Health, Health];
    // Each holds some partitions, and names the other's as held elsewhere.
    expect(ownedBy(first).length).toBeGreaterThan(0);
    expect(ownedBy(second).length).toBeGreaterThan(0);
    expect([...ownedBy(first), ...ownedBy(second)].sort()).toEqual([...Array(PARTITIONS).keys()]);
    for (const health of healths) {
      expect(health.partitions).toHaveLength(PARTITIONS);
      expect(health.partitions.every(({ rebuilding }) => !rebuilding)).toBe(true);
    }
    // The same answer on both, quantiles and watermark included.
    expect(summaries[1]).toEqual(summaries[0]);
    expect(first.watermark).toBe(second.watermark);
    expect(first.partitions.map(({ partition, processed, lastAppendTime }) => ({ partition, processed, lastAppendTime }))).toEqual(
      second.partitions.map(({ partition, processed, lastAppendTime }) => ({ partition, processed, lastAppendTime })),
    );
  });

  it('stays whole on every instance while a third joins and the partitions move', { timeout: 240_000 }, async () => {
    const joining = startInstance();
    // While the newcomer starts, joins, and the group moves partitions to it, the first two never answer less.
    const answers: Summary[] = [];
    let settled = false;
    const watching = (async () => {
      // Bounded; stops once the three agree.
      for (let poll = 0; poll < 1_200 && !settled; poll += 1) {
        answers.push(...(await Promise.all(instances.slice(0, 2).map((instance) => json<Summary>(`${instance.url}/api/summary?${range}`)))));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    instances.push(await joining);
    const { summaries, healths } = await agreed(instances);
    settled = true;
    await watching;
    expect(ownedBy(healths[2]!).length).toBeGreaterThan(0);
    expect(summaries[2]).toEqual(summaries[0]);
    // Every answer in between was whole and exact, or said it was partial: never short without saying so.
    const wrong = answers.filter((summary) => !summary.partial && !isDeepStrictEqual(countsOf(summary), expectedCounts));
    expect(wrong).toEqual([]);
    console.log(`cluster: ${answers.length} answers during the join, ${answers.filter((summary) => summary.partial).length} marked partial`);
  });
});
