import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health } from '../lib/health';
import type { Summary } from '../lib/summary';
import { GROUP_TIMEOUTS } from './sources/kafkaSource';
import { createTopics, testKafka, TEST_BROKERS, uniqueNames } from './testing/kafkaTesting';
import { startServer, waitUntilLive, type RunningServer } from './testing/runningServer';

/*
 * Membership that tells the truth, with one instance on the real broker: a stop leaves
 * the consumer group at once, however many wrappers relay the signal; and while dead
 * members of the group still hold partitions, health says `joining`, not that the
 * broker is lost, the figures say they are partial, and which partitions they leave out;
 * `ok` and whole once the sessions expire; and with a second instance each says which
 * partitions the other holds, and shows them from the aggregates topic.
 */

const ROOT = path.resolve(__dirname, '..');
const PARTITIONS = 3;
const kafka = testKafka();

function waybillEnv(names: ReturnType<typeof uniqueNames>): Record<string, string> {
  return {
    KAFKA_BROKERS: TEST_BROKERS.join(','),
    KAFKA_TOPIC: names.topic,
    KAFKA_DLQ_TOPIC: names.dlqTopic,
    KAFKA_GROUP_ID: names.groupId,
    KAFKA_PARTITIONS: String(PARTITIONS),
  };
}

async function groupMembers(groupId: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    return groups[0]?.members.length ?? 0;
  } finally {
    await admin.disconnect();
  }
}

/** Resolves once the child prints `line`; bounded. */
function printed(child: ReturnType<typeof spawn>, line: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no "${line}" within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(line)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
}

async function summaryOf(url: string): Promise<Summary> {
  return (await (await fetch(`${url}/api/summary?from=${Date.now() - 60_000}&to=${Date.now()}`)).json()) as Summary;
}

/** Both instances' health once each holds some partitions and knows the other holds the rest; bounded. */
async function bothSplit(first: string, second: string): Promise<Health[]> {
  let healths: Health[] = [];
  for (let poll = 0; poll < 300; poll += 1) {
    healths = await Promise.all([first, second].map(async (url) => (await (await fetch(`${url}/api/health`)).json()) as Health));
    const settled = healths.every(
      (health) =>
        health.status === 'ok' && !health.partial && health.partitions.some(({ owner }) => owner === 'self') && health.partitions.every(({ owner }) => owner !== 'none'),
    );
    if (settled) return healths;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the two instances never split the partitions: ${JSON.stringify(healths.map((health) => health.partitions))}`);
}

describe('Kafka mode: membership', () => {
  const stopping = uniqueNames('membership');
  // A topic of its own: no instance has published figures for it, so a dead member's partitions have no replica.
  const names = uniqueNames('membership');

  beforeAll(async () => {
    await createTopics(
      kafka,
      [stopping, names].flatMap(({ topic, dlqTopic }) => [
        { topic, numPartitions: PARTITIONS, configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] },
        { topic: dlqTopic, numPartitions: PARTITIONS },
      ]),
    );
  });

  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    const topics = [stopping, names].flatMap(({ topic, dlqTopic, aggregatesTopic }) => [topic, dlqTopic, aggregatesTopic]);
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  });

  it('leaves the group at once on a SIGTERM sent to its whole process group: one signal, one shutdown', { timeout: 120_000 }, async () => {
    const server: RunningServer = await startServer({ env: waybillEnv(stopping), processGroup: true });
    try {
      await waitUntilLive(server.url, 600);
      expect(await groupMembers(stopping.groupId)).toBe(1);
      const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
      // As a terminal's Ctrl-C or a service manager does: every process of the group gets it.
      process.kill(-server.process.pid!, 'SIGTERM');
      const code = await exited;
      if (code !== 0) console.log(server.output());
      expect(code).toBe(0);
      expect(server.output()).not.toContain('again: exiting now');
      expect(server.output().match(/SIGTERM: shutting down/g)).toHaveLength(1);
      // Left, not timed out: the group is empty now, not in 10 s.
      expect(await groupMembers(stopping.groupId)).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('says joining, never that the broker is lost, while a dead member holds partitions, and is ok once its session expires', { timeout: 120_000 }, async () => {
    const deadSessionMs = 8_000;
    const member = spawn(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      [path.join(ROOT, 'server', 'testing', 'groupMember.ts'), TEST_BROKERS.join(','), names.topic, names.groupId, String(deadSessionMs)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    await printed(member, 'joined', 60_000);
    // Killed as an instance is by kill -9: no goodbye, its session runs on.
    process.kill(-member.pid!, 'SIGKILL');
    const killedAt = Date.now();
    const server = await startServer({ env: waybillEnv(names) });
    try {
      const seen: Health['status'][] = [];
      let okAfterMs: number | null = null;
      let partialWhileJoining: Summary | null = null;
      // Bounded: 300 polls, 100 ms apart.
      for (let poll = 0; poll < 300 && okAfterMs === null; poll += 1) {
        const health = (await (await fetch(`${server.url}/api/health`)).json()) as Health;
        if (seen.at(-1) !== health.status) seen.push(health.status);
        if (health.status === 'joining' && health.missingPartitions.length > 0) partialWhileJoining ??= await summaryOf(server.url);
        if (health.status === 'ok') okAfterMs = Date.now() - killedAt;
        else await new Promise((resolve) => setTimeout(resolve, 100));
      }
      console.log(`membership: after a group member's kill -9, health went ${seen.join(' → ')}; ok ${((okAfterMs ?? NaN) / 1_000).toFixed(1)} s after the kill`);
      expect(seen).not.toContain('degraded');
      expect(seen).toContain('joining');
      expect(okAfterMs).not.toBeNull();
      // The dead member's session, then a join and a replay of an empty topic.
      expect(okAfterMs!).toBeLessThan(deadSessionMs + GROUP_TIMEOUTS.rebalanceTimeout);
      // While the dead member held partitions, the figures said they were partial, and which.
      expect(partialWhileJoining).toMatchObject({ partial: true, missingPartitions: expect.arrayContaining([expect.any(Number)]) });
      // Then whole: every partition here.
      await waitUntilLive(server.url, 600);
      expect(await summaryOf(server.url)).toMatchObject({ partial: false, missingPartitions: [] });
      const whole = (await (await fetch(`${server.url}/api/health`)).json()) as Health;
      expect(whole.partitions.map(({ partition, owner }) => [partition, owner])).toEqual([...Array(PARTITIONS).keys()].map((partition) => [partition, 'self']));

      // A second instance takes some: each says which it holds and which the other does; the other's come as replicas, so neither is partial.
      const second = await startServer({ env: waybillEnv(names) });
      try {
        const split = await bothSplit(server.url, second.url);
        console.log(`membership: two instances hold ${JSON.stringify(split.map((health) => health.partitions.filter(({ owner }) => owner === 'self').map(({ partition }) => partition)))}`);
        for (const [index, health] of split.entries()) {
          const other = split[1 - index]!;
          const mine = health.partitions.filter(({ owner }) => owner === 'self').map(({ partition }) => partition);
          const theirs = other.partitions.filter(({ owner }) => owner === 'self').map(({ partition }) => partition);
          expect(health.partitions.filter(({ owner }) => owner === 'other').map(({ partition }) => partition)).toEqual(theirs);
          expect(health).toMatchObject({ partial: false, missingPartitions: [] });
          expect([...mine, ...theirs].sort()).toEqual([...Array(PARTITIONS).keys()]);
        }
      } finally {
        await second.stop();
      }
    } finally {
      await server.stop();
    }
  });
});
