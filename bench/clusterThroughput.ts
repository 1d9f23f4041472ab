import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { Health } from '../lib/health';
import { stopServer } from '../server/faults/serverCrash';
import { startServer, type RunningServer } from '../server/testing/runningServer';
import { bareGroup, ensureBroker, fillTopic } from './kafkaThroughput';
import { median } from './median';

/*
 * Scale-out on one pre-filled topic (six partitions, the local broker): one, two and three
 * Waybill instances (`npm start` in Kafka mode, one consumer group, started together), and
 * beside each a bare kafkajs consumer group of the same size that only counts records. A
 * group's rate runs from the first record any member folds to the last record of the
 * topic, group formation and its rebalances included, as a user starting instances sees it.
 * The machine's CPU over each run says what the cores allowed. The time from a kill -9 to
 * exact figures again is measured by server/cluster/clusterFailover.integration.test.ts.
 */

const EVENTS = Number(process.env.BENCH_CLUSTER_EVENTS ?? 300_000);
const LARGE_EVENTS = 1_000_000;
const ROUNDS = Number(process.env.BENCH_CLUSTER_ROUNDS ?? 1);
const BROKERS = (process.env.KAFKA_BENCH_BROKERS ?? '127.0.0.1:9092').split(',');
const TIMEOUT_MS = 600_000;
const POLL_MS = 100;

function debug(line: string): void {
  if (process.env.BENCH_DEBUG) console.error(line);
}

/** Busy and total jiffies of the whole machine, from /proc/stat. */
function cpuTimes(): { busy: number; total: number } {
  const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3]! + (fields[4] ?? 0);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

async function json<T>(url: string): Promise<T | null> {
  try {
    const response = await fetch(url);
    return response.ok ? ((await response.json()) as T) : null;
  } catch {
    return null;
  }
}

/** Records folded by the group: each partition as its holder counts it. */
async function foldedByGroup(instances: RunningServer[]): Promise<number> {
  const healths = await Promise.all(instances.map((instance) => json<Health>(`${instance.url}/api/health`)));
  const byPartition = new Map<number, number>();
  for (const health of healths) for (const partition of health?.partitions ?? []) if (partition.owner === 'self') byPartition.set(partition.partition, partition.processed);
  return [...byPartition.values()].reduce((sum, processed) => sum + processed, 0);
}

function instanceEnv(topic: string, groupId: string): Record<string, string> {
  return { KAFKA_BROKERS: BROKERS.join(','), KAFKA_TOPIC: topic, KAFKA_DLQ_TOPIC: `${topic}.dlq`, KAFKA_GROUP_ID: groupId, SIMULATE_RATE: '0' };
}

/** `size` instances started together on `topic` in a fresh group: the group's rate, first record to last, and the machine's CPU meanwhile. */
async function waybillGroup(topic: string, size: number, events: number) {
  const groupId = `bench.cluster.${crypto.randomBytes(4).toString('hex')}`;
  const instances = await Promise.all(Array.from({ length: size }, () => startServer({ env: instanceEnv(topic, groupId) })));
  try {
    let firstAt = 0;
    let cpuAtFirst = cpuTimes();
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`${size} instances did not fold ${events} records in time`);
      const folded = await foldedByGroup(instances);
      const now = performance.now();
      debug(`group of ${size}: ${folded} of ${events}`);
      if (firstAt === 0 && folded > 0) {
        // From the poll that first saw a record: up to one poll late, as for the bare group below.
        firstAt = now;
        cpuAtFirst = cpuTimes();
      }
      if (folded >= events) {
        const cpu = cpuTimes();
        const result = { rate: events / ((now - firstAt) / 1_000), machineCpu: (cpu.busy - cpuAtFirst.busy) / (cpu.total - cpuAtFirst.total) };
        return { ...result, groupId };
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    await Promise.all(instances.map((instance) => stopServer(instance)));
  }
}

/** Builds the pages once, before instances start together (each would build, and two builds cannot share the folder). */
function buildOnce(): void {
  const root = path.resolve(__dirname, '..');
  const built = spawnSync(process.execPath, ['--input-type=module', '-e', "import('./scripts/buildIfNeeded.mjs').then((m) => process.exit(m.buildIfNeeded()))"], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the build failed');
}

export async function runClusterBenchmark(options: { large?: boolean } = {}) {
  ensureBroker();
  buildOnce();
  const events = options.large ? LARGE_EVENTS : EVENTS;
  const kafka = new Kafka({ clientId: 'waybill-bench', brokers: BROKERS, logLevel: logLevel.NOTHING });
  const topic = `bench.cluster.${crypto.randomBytes(4).toString('hex')}`;
  const meanBytes = await fillTopic(kafka, topic, events);
  const groups: string[] = [];
  try {
    const rates: Record<number, { waybill: number[]; bare: number[]; cpu: number[] }> = { 1: { waybill: [], bare: [], cpu: [] }, 2: { waybill: [], bare: [], cpu: [] }, 3: { waybill: [], bare: [], cpu: [] } };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const size of [1, 2, 3]) {
        debug(`bare group of ${size}`);
        rates[size]!.bare.push(await bareGroup(kafka, topic, { size, events, timeoutMs: TIMEOUT_MS }));
        debug(`waybill group of ${size}`);
        const run = await waybillGroup(topic, size, events);
        groups.push(run.groupId);
        rates[size]!.waybill.push(run.rate);
        rates[size]!.cpu.push(run.machineCpu);
      }
    }
    const medianOf = (size: number, side: 'waybill' | 'bare') => median(rates[size]![side]);
    return {
      benchmark: 'cluster-scale-out',
      events,
      partitions: 6,
      rounds: ROUNDS,
      meanEventBytes: Math.round(meanBytes),
      cores: (await import('node:os')).cpus().length,
      waybillEventsPerSecond: { one: Math.round(medianOf(1, 'waybill')), two: Math.round(medianOf(2, 'waybill')), three: Math.round(medianOf(3, 'waybill')) },
      bareGroupEventsPerSecond: { one: Math.round(medianOf(1, 'bare')), two: Math.round(medianOf(2, 'bare')), three: Math.round(medianOf(3, 'bare')) },
      machineCpuWhileFolding: { one: Number(median(rates[1]!.cpu).toFixed(2)), two: Number(median(rates[2]!.cpu).toFixed(2)), three: Number(median(rates[3]!.cpu).toFixed(2)) },
      twoToOne: Number((medianOf(2, 'waybill') / medianOf(1, 'waybill')).toFixed(2)),
      threeToOne: Number((medianOf(3, 'waybill') / medianOf(1, 'waybill')).toFixed(2)),
      twoToOneTarget: 1.6,
      recoveryAfterKill: 'measured by server/cluster/clusterFailover.integration.test.ts (npm test), which prints it',
    };
  } finally {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, `${topic}.dlq`, `${topic}.aggregates`] }).catch(() => undefined);
    await admin.deleteGroups(groups).catch(() => undefined);
    await admin.disconnect();
  }
}

if (require.main === module) {
  runClusterBenchmark({ large: process.argv.includes('--large') })
    .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
