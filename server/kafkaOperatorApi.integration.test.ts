import { afterAll, beforeAll, describe, it } from 'vitest';
import { knownSetMessage, testKafka, TEST_BROKERS, uniqueNames } from './testing/kafkaTesting';
import { knownEventSet } from './testing/knownEventSet';
import {
  checkCountsAgainstSummary,
  checkEventDetails,
  checkEventTimeBucket,
  checkExports,
  checkPagingWhileArriving,
  checkReplays,
  checkShipmentTimelines,
  waitForIndexed,
} from './testing/operatorApiChecks';
import { startServer, waitUntilLive, type RunningServer } from './testing/runningServer';

/*
 * The operators' read side in Kafka mode against a real broker: the known event set
 * produced to the topic in both CloudEvents bindings, the same checks as embedded mode.
 * Payloads come back from Kafka by their coordinates; replays go to the events topic.
 */

const NOW = Date.now();
const knownSet = knownEventSet(NOW);
const range = `from=${knownSet.T - 60_000}&to=${NOW + 10 * 60_000}`;
const names = uniqueNames('ops');
const kafka = testKafka();

describe('operator API, Kafka mode', () => {
  let server: RunningServer;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });

  beforeAll(async () => {
    server = await startServer({
      env: { KAFKA_BROKERS: TEST_BROKERS.join(','), KAFKA_TOPIC: names.topic, KAFKA_DLQ_TOPIC: names.dlqTopic, KAFKA_GROUP_ID: names.groupId, KAFKA_PARTITIONS: '3' },
    });
    await waitUntilLive(server.url, 600);
    await producer.connect();
    await producer.send({ topic: names.topic, acks: -1, messages: knownSet.allItems.map((item, index) => knownSetMessage(item, index, NOW)) });
    await waitForIndexed(server.url, range, knownSet.expectedCounts.inputs);
  });
  afterAll(async () => {
    await producer.disconnect().catch(() => undefined);
    await server?.stop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [names.topic, names.dlqTopic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('finds, for every filter, as many inputs as the summary counts', () => checkCountsAgainstSummary(server.url, range));
  it('finds the events of one event-time second with time=event', () => checkEventTimeBucket(server.url, knownSet));
  it("reads an input's payload back from Kafka for its detail", () => checkEventDetails(server.url, range));
  it('tells a shipment timeline', () => checkShipmentTimelines(server.url, knownSet));
  it('exports the filtered inputs', () => checkExports(server.url, range));
  it('pages without gaps or repeats while events keep arriving', () =>
    checkPagingWhileArriving(server.url, range, async (index) => {
      const event = { ...(JSON.parse(knownSet.allItems[0]!) as Record<string, unknown>), id: `paging-${index}`, subject: `P-${index}`, time: new Date().toISOString() };
      await producer.send({ topic: names.topic, acks: -1, messages: [{ key: `P-${index}`, value: JSON.stringify(event) }] });
    }));
  it('replays dead letters to the events topic', () => checkReplays(server.url, knownSet, range));
});
