import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health } from '../../lib/health';
import type { Summary } from '../../lib/summary';
import { crashServer, stopServer } from '../faults/serverCrash';
import { summarize } from '../pipeline/aggregateQuery';
import { Pipeline } from '../pipeline/pipeline';
import { ShipmentTrafficGenerator } from '../sources/simulator/shipmentTraffic';
import { partitionForKey } from '../store/keyPartitioner';
import { createTopics, kafkaModeEnv, runBrokerScript, testKafka, uniqueNames } from '../testing/kafkaTesting';
import { countsOf } from '../testing/knownEventSet';
import { startServer, type RunningServer } from '../testing/runningServer';

/*
 * Three instances on the real broker lose one to kill -9 in the middle of a stream: the
 * other two take its partitions over and are exact again, nothing lost or counted twice,
 * within 30 s. A fourth joins and the figures stay exact through the rebalance; one
 * instance killed five times in quick succession never makes any instance answer figures
 * that are short without saying so; and after a broker restart mid-stream every instance
 * is ok again within 10 s of the broker's return, and exact.
 */

const PARTITIONS = 6;
const PARTITIONS_LIST = [...Array(PARTITIONS).keys()];
const BATCHES = 40;
const BATCH_SIZE = 100;
const BATCH_INTERVAL_MS = 150;
const KILL_AFTER_BATCH = 15;
const names = uniqueNames('failover');
const kafka = testKafka();
const startedAt = Date.now();
const range = `from=${startedAt - 10 * 60_000}&to=${startedAt + 10 * 60_000}`;

function startInstance(): Promise<RunningServer> {
  return startServer({
    env: kafkaModeEnv(names, PARTITIONS),
  });
}

async function json<T>(url: string): Promise<T | null> {
  try {
    const response = await fetch(url);
    return response.status === 200 ? ((await response.json()) as T) : null;
  } catch {
    // An instance being killed or started: no answer is not a wrong answer.
    return null;
  }
}

/** Simulated traffic with every fault the simulator makes, and the figures a single pipeline gives for it, partitioned as the topic is. */
function trafficWithFigures(count: number) {
  const generator = new ShipmentTrafficGenerator({ seed: 77, runId: 'failover' });
  const inputs = Array.from({ length: count }, (_, i) => generator.next(startedAt + i * 5));
  const pipeline = new Pipeline();
  const offsets = new Map<number, number>();
  for (const input of inputs) {
    const partition = partitionForKey(input.key!, PARTITIONS);
    const offset = offsets.get(partition) ?? 0;
    offsets.set(partition, offset + 1);
    pipeline.process({ partition, offset, appendTime: Date.now(), key: input.key, value: Buffer.from(input.body) });
  }
  const [from, to] = [startedAt - 10 * 60_000, startedAt + 10 * 60_000];
  return { inputs, expected: countsOf(summarize(pipeline.partitions(), from, to, null)) };
}

interface Watch {
  exactAt: number | null;
  answers: number;
  partial: number;
  /** Answers that were neither exact nor marked partial: must stay none. */
  wrong: Summary[];
  /** The last answers, for a failure to show. */
  last?: (Summary | null)[];
}

/**
 * Polls every instance's summary until all are exact and whole; bounded (`polls`, 100 ms
 * apart). Until `judgeFrom`, the stream is still landing, so answers are not judged.
 */
async function untilExact(
  instances: () => RunningServer[],
  expected: unknown,
  polls: number,
  options: { judgeFrom?: number; alsoUntil?: () => Promise<boolean> } = {},
): Promise<Watch> {
  const judgeFrom = options.judgeFrom ?? 0;
  const watch: Watch = { exactAt: null, answers: 0, partial: 0, wrong: [] };
  for (let poll = 0; poll < polls; poll += 1) {
    const summaries = await Promise.all(instances().map((instance) => json<Summary>(`${instance.url}/api/summary?${range}`)));
    watch.last = summaries;
    const judged = Date.now() >= judgeFrom;
    let allExact = summaries.length > 0;
    for (const summary of summaries) {
      if (summary === null) {
        allExact = false;
        continue;
      }
      const exact = isDeepStrictEqual(countsOf(summary), expected);
      if (!exact || summary.partial) allExact = false;
      if (!judged) continue;
      watch.answers += 1;
      if (summary.partial) watch.partial += 1;
      else if (!exact) watch.wrong.push(summary);
    }
    if (allExact && (options.alsoUntil === undefined || (await options.alsoUntil()))) {
      watch.exactAt = Date.now();
      return watch;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return watch;
}

async function ownersOf(instances: RunningServer[]): Promise<number[][]> {
  const healths = await Promise.all(instances.map((instance) => json<Health>(`${instance.url}/api/health`)));
  return healths.map((health) => (health?.partitions ?? []).filter(({ owner }) => owner === 'self').map(({ partition }) => partition));
}

describe('Kafka mode: losing and gaining instances', () => {
  const instances: RunningServer[] = [];
  const { inputs, expected } = trafficWithFigures(BATCHES * BATCH_SIZE);
  // More of the same traffic, for the broker restart: the figures of all of it together.
  const { inputs: allInputs, expected: expectedAfterRestart } = trafficWithFigures(2 * BATCHES * BATCH_SIZE);
  const empty = countsOf(summarize([], 0, 1, null));

  beforeAll(async () => {
    await createTopics(kafka, [
      { topic: names.topic, numPartitions: PARTITIONS, configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] },
      { topic: names.dlqTopic, numPartitions: PARTITIONS },
    ]);
    for (let i = 0; i < 3; i += 1) instances.push(await startInstance());
    // Whole on each, and each holding partitions of its own: the one killed below must own some.
    const ready = await untilExact(() => instances, empty, 900, { alsoUntil: async () => (await ownersOf(instances)).every((held) => held.length > 0) });
    expect(ready.exactAt).not.toBeNull();
  }, 300_000);

  afterAll(async () => {
    await Promise.all(instances.map((instance) => stopServer(instance)));
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [names.topic, names.dlqTopic, names.aggregatesTopic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('is exact on the other two within 30 s of a kill -9 of the third mid-stream', { timeout: 180_000 }, async () => {
    console.log(`failover: partitions held ${JSON.stringify(await ownersOf(instances))}`);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    let killedAt = 0;
    try {
      for (let batch = 0; batch < BATCHES; batch += 1) {
        const messages = inputs.slice(batch * BATCH_SIZE, (batch + 1) * BATCH_SIZE).map((input) => ({ key: input.key, value: input.body }));
        await producer.send({ topic: names.topic, acks: -1, messages });
        if (batch === KILL_AFTER_BATCH) {
          const victim = instances.pop()!;
          await crashServer(victim);
          killedAt = Date.now();
        }
        await new Promise((resolve) => setTimeout(resolve, BATCH_INTERVAL_MS));
      }
    } finally {
      await producer.disconnect();
    }
    const sentAt = Date.now();
    const watch = await untilExact(() => instances, expected, 600, { judgeFrom: sentAt });
    const recoveryMs = watch.exactAt === null ? null : watch.exactAt - killedAt;
    console.log(
      `failover: kill -9 mid-stream; the two others exact ${((recoveryMs ?? NaN) / 1_000).toFixed(1)} s after the kill (the stream ended ${((sentAt - killedAt) / 1_000).toFixed(1)} s after it); ${watch.answers} answers after the stream, ${watch.partial} marked partial; now held ${JSON.stringify(await ownersOf(instances))}`,
    );
    expect(watch.wrong).toEqual([]);
    expect(recoveryMs).not.toBeNull();
    expect(recoveryMs!).toBeLessThan(30_000);
  });

  it('stays exact on every instance while a fourth joins and takes partitions, and moves only what the balance needs', { timeout: 180_000 }, async () => {
    const before = await ownersOf(instances);
    const joining = startInstance();
    let joined: RunningServer | null = null;
    void joining.then((instance) => (joined = instance));
    // Every answer from the start of the newcomer until it holds partitions and all agree.
    const watch = await untilExact(() => (joined ? [...instances, joined] : instances), expected, 1_200, {
      alsoUntil: async () => joined !== null && (await ownersOf([joined]))[0]!.length > 0,
    });
    instances.push(await joining);
    const after = await ownersOf(instances);
    // The two left after the kill held three each; with the newcomer, two each: one moves from each, nothing else.
    const moved = PARTITIONS_LIST.filter((partition) => after.findIndex((held) => held.includes(partition)) !== before.findIndex((held) => held.includes(partition)));
    console.log(`failover: a fourth joined; ${watch.answers} answers, ${watch.partial} marked partial; held ${JSON.stringify(before)} → ${JSON.stringify(after)}, ${moved.length} moved`);
    expect(before.map((held) => held.length)).toEqual([3, 3]);
    expect(moved).toHaveLength(2);
    expect(after[2]!.sort()).toEqual(moved.sort());
    expect(watch.wrong).toEqual([]);
    expect(watch.exactAt).not.toBeNull();
    expect((await ownersOf(instances)).every((held) => held.length > 0)).toBe(true);
  });

  it('never answers short without saying so while one instance is killed five times in quick succession', { timeout: 240_000 }, async () => {
    const answers: Watch = { exactAt: null, answers: 0, partial: 0, wrong: [] };
    let victim = instances.pop()!;
    for (let kill = 0; kill < 5; kill += 1) {
      await crashServer(victim);
      victim = await startInstance();
      // A few answers from the others (and the restarted one, once up) between kills.
      const between = await untilExact(() => [...instances, victim], expected, 10);
      answers.answers += between.answers;
      answers.partial += between.partial;
      answers.wrong.push(...between.wrong);
    }
    instances.push(victim);
    const lastKillAt = Date.now();
    const settled = await untilExact(() => instances, expected, 900, { alsoUntil: async () => (await ownersOf(instances)).every((held) => held.length > 0) });
    console.log(
      `failover: five kill -9 of one instance in a row; ${answers.answers + settled.answers} answers, ${answers.partial + settled.partial} marked partial, ${answers.wrong.length + settled.wrong.length} short unmarked; every instance exact and holding partitions ${(((settled.exactAt ?? NaN) - lastKillAt) / 1_000).toFixed(1)} s after the last restart`,
    );
    expect([...answers.wrong, ...settled.wrong]).toEqual([]);
    expect(settled.exactAt).not.toBeNull();
  });

  it('is ok on every instance within 10 s of the broker returning after a restart mid-stream, and exact', { timeout: 240_000 }, async () => {
    const more = allInputs.slice(inputs.length);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 30, initialRetryTime: 200, maxRetryTime: 2_000 } });
    await producer.connect();
    const send = async (from: number, to: number) => {
      for (let at = from; at < to; at += BATCH_SIZE) {
        await producer.send({ topic: names.topic, acks: -1, messages: more.slice(at, Math.min(to, at + BATCH_SIZE)).map((input) => ({ key: input.key, value: input.body })) });
        await new Promise((resolve) => setTimeout(resolve, BATCH_INTERVAL_MS));
      }
    };
    let backAt = 0;
    let okAt: number | null = null;
    const transitions: { afterMs: number; line: string }[] = [];
    try {
      await send(0, more.length / 2);
      runBrokerScript('stop');
      // Every instance notices (bounded: 300 polls, 100 ms apart).
      for (let poll = 0; poll < 300; poll += 1) {
        const healths = await Promise.all(instances.map((instance) => json<Health>(`${instance.url}/api/health`)));
        if (healths.every((health) => health?.status === 'degraded')) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      runBrokerScript('start');
      backAt = Date.now();
      for (let poll = 0; poll < 600 && okAt === null; poll += 1) {
        const healths = await Promise.all(instances.map((instance) => json<Health>(`${instance.url}/api/health`)));
        const line = healths.map((health) => health?.status ?? 'no answer').join(',');
        if (transitions.at(-1)?.line !== line) transitions.push({ afterMs: Date.now() - backAt, line });
        if (healths.every((health) => health?.status === 'ok')) okAt = Date.now();
        else await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await send(more.length / 2, more.length);
    } finally {
      await producer.disconnect();
    }
    const watch = await untilExact(() => instances, expectedAfterRestart, 600);
    console.log(
      `failover: broker restarted mid-stream; every instance ok ${(((okAt ?? NaN) - backAt) / 1_000).toFixed(1)} s after its return, exact ${(((watch.exactAt ?? NaN) - backAt) / 1_000).toFixed(1)} s after it; health after its return: ${transitions.map(({ afterMs, line }) => `${(afterMs / 1_000).toFixed(1)} s ${line}`).join(' → ')}`,
    );
    expect(okAt).not.toBeNull();
    expect(okAt! - backAt).toBeLessThan(10_000);
    if (watch.exactAt === null || okAt === null || okAt - backAt >= 10_000) {
      for (const [i, instance] of instances.entries()) {
        const notable = instance.output().split('\n').filter((line) => /crash|stopped|again|rebalanc|retrying/i.test(line)).slice(-8);
        console.log(`failover: instance ${i} said: ${notable.join(' | ').slice(0, 2_000)}`);
      }
      const healths = await Promise.all(instances.map((instance) => json<Health>(`${instance.url}/api/health`)));
      console.log(
        `failover: not exact after the broker restart: ${JSON.stringify(watch.last?.map((summary) => summary && { inputs: summary.inputs, partial: summary.partial, missing: summary.missingPartitions, stale: summary.stalePartitions }))}; health ${JSON.stringify(healths.map((health) => health?.partitions.map(({ partition, owner, processed, rebuilding, lagRecords }) => [partition, owner, processed, rebuilding, lagRecords])))}`,
      );
    }
    expect(watch.exactAt).not.toBeNull();
  });
});
