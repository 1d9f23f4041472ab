import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeadLetterPage } from '../../lib/deadLetters';
import type { EventDetail, EventListItem, EventPage, ReplayResult } from '../../lib/events';
import type { Health } from '../../lib/health';
import type { Summary } from '../../lib/summary';
import { createTopics, kafkaModeEnv, knownSetMessage, testKafka, uniqueNames } from '../testing/kafkaTesting';
import { countsOf, knownEventSet } from '../testing/knownEventSet';
import { startServer, type RunningServer } from '../testing/runningServer';

/*
 * Several instances, one answer, on the real broker: each instance folds the partitions
 * the group gives it and publishes their buckets to the aggregates topic; every instance
 * reads the others' into replicas, so /api/summary and /api/health are whole and the
 * same on each, and a newcomer's rebalance never drops a partition's figures. Queries of
 * the event index go to the instance holding each partition, so every instance answers
 * them whole too, and paging stays exact while partitions move.
 */

const PARTITIONS = 4;
const NOW = Date.now();
const { T, allItems, expectedCounts } = knownEventSet(NOW);
const range = `from=${T - 60_000}&to=${NOW + 10 * 60_000}`;
const names = uniqueNames('cluster');
const kafka = testKafka();

function startInstance(): Promise<RunningServer> {
  return startServer({
    env: kafkaModeEnv(names, PARTITIONS),
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
      healths.every(
        (health) => health.status === 'ok' && !health.partial && health.partitions.every(({ owner, rebuilding }) => owner !== 'none' && !rebuilding),
      ) &&
      // Counts can be exact a moment before an owner reports its partitions live on the
      // aggregates topic: the instances agree once none still says it is rebuilding.
      summaries.every((summary) => !summary.partial && !summary.rebuilding && isDeepStrictEqual(countsOf(summary), expectedCounts));
    if (settled) return { summaries, healths };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `the instances never agreed: ${JSON.stringify(healths.map(({ status, partial, missingPartitions, stalePartitions }) => ({ status, partial, missingPartitions, stalePartitions })))} ${JSON.stringify(summaries.map(countsOf))} against ${JSON.stringify(expectedCounts)}; ${JSON.stringify(healths.map((health) => health.partitions))}`,
  );
}

/**
 * Every page of /api/events on one instance, `limit` at a time. A page that says it is
 * partial (a holder moving) is asked again with the same cursor, as a client would;
 * `between` runs after each page. Bounded: 500 pages, 50 retries.
 */
async function everyEvent(url: string, limit: number, between?: () => Promise<void>): Promise<{ items: EventListItem[]; retries: number }> {
  const items: EventListItem[] = [];
  let cursor: string | null = null;
  let retries = 0;
  for (let pages = 0; pages < 500; pages += 1) {
    const page: EventPage = await json<EventPage>(`${url}/api/events?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    if (page.partial) {
      retries += 1;
      if (retries > 50) throw new Error(`still partial: ${JSON.stringify(page.missingPartitions)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    items.push(...page.items);
    await between?.();
    cursor = page.nextCursor;
    if (cursor === null) return { items, retries };
  }
  throw new Error('paging did not end');
}

/** Every instance's summary once all satisfy `settled`, not partial; bounded (300 polls, 100 ms apart). */
async function agreedOn(instances: RunningServer[], settled: (summary: Summary) => boolean): Promise<Summary[]> {
  let summaries: Summary[] = [];
  for (let poll = 0; poll < 300; poll += 1) {
    summaries = await Promise.all(instances.map((instance) => json<Summary>(`${instance.url}/api/summary?${range}`)));
    if (summaries.every((summary) => !summary.partial && settled(summary))) return summaries;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never settled: ${JSON.stringify(summaries.map(({ inputs, partial }) => ({ inputs, partial })))}`);
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

  it('answers the event index whole from every instance: pages, counts, one input, a shipment', { timeout: 120_000 }, async () => {
    const lists = await Promise.all(instances.map((instance) => everyEvent(instance.url, 5)));
    const refs = lists[0]!.items.map(({ ref }) => ref);
    expect(refs).toHaveLength(allItems.length);
    expect(new Set(refs).size).toBe(allItems.length);
    for (const list of lists) expect(list.items).toEqual(lists[0]!.items);
    for (const instance of instances) {
      expect(await json<{ count: number; partial: boolean }>(`${instance.url}/api/events/count?outcome=deadLetter`)).toMatchObject({ count: 6, partial: false });
    }
    // Every input's detail from the first instance, whichever instance holds its partition.
    const held = ownedBy(await json<Health>(`${instances[0]!.url}/api/health`));
    const elsewhere = lists[0]!.items.filter(({ partition }) => !held.includes(partition));
    expect(elsewhere.length).toBeGreaterThan(0);
    for (const { ref } of lists[0]!.items) expect((await json<EventDetail>(`${instances[0]!.url}/api/events/${ref}`)).ref).toBe(ref);
    const shipments = await Promise.all(instances.map((instance) => json<{ events: unknown[] }>(`${instance.url}/api/shipments/A`)));
    expect(shipments[0]!.events.length).toBeGreaterThan(0);
    for (const shipment of shipments) expect(shipment).toEqual(shipments[0]);
  });

  it('pages /api/events without gaps or repeats while a fourth instance joins and partitions move', { timeout: 240_000 }, async () => {
    const whole = (await everyEvent(instances[0]!.url, 100)).items.map(({ ref }) => ref);
    let joining: Promise<RunningServer> | null = null;
    let page = 0;
    let movedAfterPage = 0;
    const paged = await everyEvent(instances[0]!.url, 2, async () => {
      page += 1;
      // The newcomer starts after the first page; half way, paging waits until it holds a partition taken from another instance.
      if (page === 1) joining = startInstance();
      if (page === 6) {
        const newcomer = await joining!;
        for (let poll = 0; poll < 300 && ownedBy(await json<Health>(`${newcomer.url}/api/health`)).length === 0; poll += 1) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        movedAfterPage = page;
      }
    });
    instances.push(await joining!);
    const { healths } = await agreed(instances);
    expect(ownedBy(healths[3]!).length).toBeGreaterThan(0);
    console.log(`cluster: ${page} pages of 2, a partition moved to a fourth instance after page ${movedAfterPage}; ${paged.retries} asked again while partial`);
    expect(movedAfterPage).toBe(6);
    expect(paged.items.map(({ ref }) => ref)).toEqual(whole);
  });

  it('replays a dead letter through any instance, wherever its new input lands', { timeout: 120_000 }, async () => {
    const letters = await json<DeadLetterPage>(`${instances[0]!.url}/api/dlq?limit=50`);
    expect(letters.items.length).toBe(6);
    const replayable = letters.items.filter((item) => item.reason === 'invalid_json' || item.reason === 'invalid_envelope');
    const results: ReplayResult[] = [];
    for (const [i, letter] of replayable.entries()) {
      const instance = instances[i % instances.length]!;
      const response = await fetch(`${instance.url}/api/dlq/${letter.ref}/replay`, { method: 'POST' });
      expect(response.status, await response.clone().text()).toBe(200);
      results.push((await response.json()) as ReplayResult);
    }
    // Replayed as they were, they are dead letters again, each with its new ref, known to every instance.
    for (const result of results) {
      expect(result.outcome).toBe('deadLetter');
      for (const instance of instances) expect((await json<EventDetail>(`${instance.url}/api/events/${result.ref}`)).outcome).toBe('deadLetter');
    }
  });

  it('shows a new event on every instance within a second of each other', { timeout: 60_000 }, async () => {
    // First the same figures everywhere (the replays above have settled), so what changes next is the new event.
    let before: Summary[] = [];
    for (let poll = 0; poll < 300; poll += 1) {
      before = await Promise.all(instances.map((instance) => json<Summary>(`${instance.url}/api/summary?${range}`)));
      if (before.every((summary) => !summary.partial && summary.inputs === before[0]!.inputs)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const sentAt = Date.now();
    const seenAfter: (number | null)[] = instances.map(() => null);
    try {
      await producer.send({
        topic: names.topic,
        acks: -1,
        messages: [{ key: 'LATE-1', value: JSON.stringify({ ...JSON.parse(allItems[0]!), id: 'within-a-second', subject: 'LATE-1', time: new Date(T + 30_000).toISOString() }) }],
      });
      // Bounded: 500 polls, 20 ms apart.
      for (let poll = 0; poll < 500 && seenAfter.some((seen) => seen === null); poll += 1) {
        const summaries = await Promise.all(instances.map((instance) => json<Summary>(`${instance.url}/api/summary?${range}`)));
        summaries.forEach((summary, i) => {
          if (seenAfter[i] === null && summary.inputs > before[i]!.inputs) seenAfter[i] = Date.now() - sentAt;
        });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await producer.disconnect();
    }
    console.log(`cluster: a new event showed on the instances after ${JSON.stringify(seenAfter)} ms`);
    expect(seenAfter.every((seen) => seen !== null)).toBe(true);
    const seen = seenAfter as number[];
    expect(Math.max(...seen) - Math.min(...seen)).toBeLessThan(1_000);
    // One input and one event more, everywhere.
    const after = await agreedOn(instances, (summary) => summary.inputs === before[0]!.inputs + 1);
    for (const summary of after) expect(summary.events).toBe(before[0]!.events + 1);
  });
});
