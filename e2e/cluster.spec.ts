import { expect, test } from '@playwright/test';
import type { Message } from 'kafkajs';
import type { Health } from '../lib/health';
import type { Summary } from '../lib/summary';
import { createTopics, kafkaModeEnv, runBrokerScript, testKafka, uniqueNames } from '../server/testing/kafkaTesting';
import { startServer, type RunningServer } from '../server/testing/runningServer';

// Two instances in one consumer group, on the local broker: a browser connected to one of
// them sees the figures move when traffic lands only on partitions the other one owns. The
// first instance never folds those events itself; it can only show them through the
// buckets the second publishes to the aggregates topic, so this is what makes every
// instance's dashboard the whole picture.

const PARTITIONS = 4;
const BATCHES = 6;
const EVENTS_PER_BATCH = 50;
const EVENTS_SENT = BATCHES * EVENTS_PER_BATCH;
/** The batches are spread over about ten seconds, as live traffic arrives. */
const BATCH_INTERVAL_MS = 1_700;
/** A region only this run's events carry, so its row in the breakdown counts them alone. */
const REGION = 'e2e-cluster-region';

async function json<T>(url: string): Promise<T> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return (await response.json()) as T;
}

function partitionsOwnedBy(health: Health, owner: 'self' | 'other'): number[] {
  return health.partitions.filter((entry) => entry.owner === owner).map(({ partition }) => partition);
}

function settled(health: Health): boolean {
  return (
    health.status === 'ok' &&
    !health.partial &&
    health.partitions.length === PARTITIONS &&
    health.partitions.every(({ owner }) => owner !== 'none') &&
    partitionsOwnedBy(health, 'self').length > 0
  );
}

/** Both instances' health once the group has split the partitions between them; bounded (300 polls, 200 ms apart). */
async function splitBetween(first: RunningServer, second: RunningServer): Promise<[Health, Health]> {
  let healths: Health[] = [];
  for (let poll = 0; poll < 300; poll += 1) {
    healths = await Promise.all([first, second].map((instance) => json<Health>(`${instance.url}/api/health`)));
    const [a, b] = healths as [Health, Health];
    // Each one's own partitions are the other one's "held elsewhere": one assignment, seen alike by both.
    const agree = settled(a) && settled(b) && partitionsOwnedBy(a, 'self').join() === partitionsOwnedBy(b, 'other').join();
    if (agree) return [a, b];
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the group never split the partitions between the two instances: ${JSON.stringify(healths.map(({ status, partial, partitions }) => ({ status, partial, partitions })))}`);
}

/** A valid shipment event (as in knownEventSet.ts), in structured mode, on the given partition. */
function arrivalAt(partition: number, index: number, runId: string): Message {
  const shipment = `${runId}-shipment-${index}`;
  const event = {
    specversion: '1.0',
    id: `${runId}-event-${index}`,
    source: '/hubs/AMS-3/scanner-1',
    type: 'shipment.arrived_at_hub',
    time: new Date().toISOString(),
    subject: shipment,
    dataschema: 'urn:waybill:shipment:2',
    data: { carrier: 'DHL', facility: { code: 'AMS-3', region: REGION } },
  };
  return { key: shipment, partition, value: JSON.stringify(event), headers: { 'content-type': 'application/cloudevents+json' } };
}

test("a browser on one instance sees the figures change when traffic lands on another instance's partitions", async ({ page }) => {
  test.setTimeout(300_000);
  runBrokerScript('start');
  const names = uniqueNames('e2ecluster');
  const kafka = testKafka();
  const instances: RunningServer[] = [];
  const startInstance = () =>
    startServer({
      env: { ...kafkaModeEnv(names, PARTITIONS), SIMULATE_RATE: '0' },
    });
  try {
    await createTopics(kafka, [
      { topic: names.topic, numPartitions: PARTITIONS, configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] },
      { topic: names.dlqTopic, numPartitions: PARTITIONS },
    ]);
    // One after the other: a first start may build the dashboard, and two builds cannot share the folder.
    const first = await startInstance();
    instances.push(first);
    const second = await startInstance();
    instances.push(second);

    const [firstHealth] = await splitBetween(first, second);
    // The partitions the second instance folds and the first does not: the traffic goes there only.
    const elsewhereForFirst = partitionsOwnedBy(firstHealth, 'other');
    expect(elsewhereForFirst.length).toBeGreaterThan(0);

    const t0 = Date.now();
    await page.goto(first.url);
    await expect(page.getByTestId('connection-state')).toHaveText('Live', { timeout: 30_000 });
    await expect(page.getByTestId('partition-row')).toHaveCount(PARTITIONS, { timeout: 30_000 });
    for (const partition of elsewhereForFirst) {
      await expect(page.locator(`[data-testid="partition-row"][data-partition="${partition}"]`).getByTestId('partition-elsewhere')).toHaveText('another instance');
    }
    const eventsPerSecond = page.getByTestId('kpi-events-per-second').getByTestId('kpi-value');
    await expect(eventsPerSecond).not.toHaveText('—', { timeout: 30_000 });
    const regionRow = page.locator(`[data-testid="breakdown-row"][data-value="${REGION}"]`);
    await expect(regionRow).toHaveCount(0);

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      let shown = (await eventsPerSecond.textContent())!;
      for (let batch = 0; batch < BATCHES; batch += 1) {
        const batchStartedAt = Date.now();
        const messages = Array.from({ length: EVENTS_PER_BATCH }, (_, offset) => {
          const index = batch * EVENTS_PER_BATCH + offset;
          return arrivalAt(elsewhereForFirst[index % elsewhereForFirst.length]!, index, names.groupId);
        });
        await producer.send({ topic: names.topic, acks: -1, messages });
        // Every batch moves the live figure on the first instance, though only the second folds it.
        await expect(eventsPerSecond).not.toHaveText(shown, { timeout: 30_000 });
        shown = (await eventsPerSecond.textContent())!;
        // The traffic's pace, not a wait for anything: the next batch a moment later, as live traffic comes.
        const rest = BATCH_INTERVAL_MS - (Date.now() - batchStartedAt);
        if (batch < BATCHES - 1 && rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
      }
    } finally {
      await producer.disconnect();
    }

    // The window's total for the run's region: every event sent, exactly (complete steps only, so within a step or two).
    await expect(regionRow.locator('td').first()).toHaveText(EVENTS_SENT.toLocaleString('en-US'), { timeout: 30_000 });

    // The first instance's API answers the whole count too, and says it is whole.
    let summary: Summary | null = null;
    for (let poll = 0; poll < 150; poll += 1) {
      summary = await json<Summary>(`${first.url}/api/summary?from=${t0 - 60_000}&to=${Date.now() + 60_000}`);
      if (!summary.partial && summary.events === EVENTS_SENT) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(summary).toMatchObject({ events: EVENTS_SENT, partial: false, byRegion: { [REGION]: EVENTS_SENT } });
    expect(summary!.deadLetters.total).toBe(0);

    // The partitions never moved to the first instance meanwhile: it showed them only through the second's buckets.
    const [firstAfter, secondAfter] = await Promise.all([first, second].map((instance) => json<Health>(`${instance.url}/api/health`)));
    expect(partitionsOwnedBy(firstAfter!, 'other')).toEqual(elsewhereForFirst);
    expect(partitionsOwnedBy(secondAfter!, 'self')).toEqual(elsewhereForFirst);

    await page.screenshot({ path: 'test-results/screenshots/dashboard-cluster.png', fullPage: true });
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
    const admin = kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteTopics({ topics: [names.topic, names.dlqTopic, names.aggregatesTopic] }))
      .catch(() => undefined)
      .finally(() => admin.disconnect().catch(() => undefined));
  }
});
