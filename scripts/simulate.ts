// `npm run simulate -- --rate 200 --url http://127.0.0.1:3000`: realistic shipment
// traffic (with its fault mix) posted as NDJSON to a running Waybill, or with --kafka
// produced straight to the events topic. Bounded: it stops after --duration seconds
// (default 60) or --count events, whichever comes first.
import { parseArgs } from 'node:util';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { NDJSON_CONTENT_TYPE } from '../lib/contract/eventTypes';
import { ShipmentTrafficGenerator, type SimulatedInput } from '../server/sources/simulator/shipmentTraffic';
import { SimulatorRunner } from '../server/sources/simulator/simulatorRunner';

const usage = `usage: npm run simulate -- [--rate N] [--url URL | --kafka [--brokers LIST] [--topic NAME]] [--duration SECONDS] [--count N] [--seed N] [--no-faults]
  --rate       events per second (default 50)
  --url        a running Waybill (default http://127.0.0.1:3000)
  --kafka      produce to Kafka instead, keyed by shipment id, acks from all in-sync replicas
  --brokers    with --kafka: the brokers (default $KAFKA_BROKERS or 127.0.0.1:9092)
  --topic      with --kafka: the events topic (default $KAFKA_TOPIC or shipments.events)
  --duration   stop after this many seconds (default 60)
  --count      stop after this many events
  --seed       the generator's seed, for repeatable traffic (default: the clock)
  --no-faults  valid traffic only: no duplicates, late, out-of-order or malformed events`;

function fail(message: string): never {
  process.stderr.write(`simulate: ${message}\n${usage}\n`);
  process.exit(2);
}

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) fail(`--${name} must be a positive number, got ${JSON.stringify(text)}`);
  return value;
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      rate: { type: 'string' },
      url: { type: 'string' },
      duration: { type: 'string' },
      count: { type: 'string' },
      seed: { type: 'string' },
      'no-faults': { type: 'boolean' },
      kafka: { type: 'boolean' },
      brokers: { type: 'string' },
      topic: { type: 'string' },
      help: { type: 'boolean' },
    },
  }).values;
} catch (error) {
  fail((error as Error).message);
}
if (parsed.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

const rate = positive('rate', parsed.rate, 50);
const durationMs = positive('duration', parsed.duration, 60) * 1_000;
const count = parsed.count === undefined ? Number.POSITIVE_INFINITY : Math.floor(positive('count', parsed.count, 1));
const seed = Math.floor(positive('seed', parsed.seed, Date.now() % 2_147_483_647));
let baseUrl: URL;
try {
  baseUrl = new URL(parsed.url ?? 'http://127.0.0.1:3000');
} catch {
  fail(`--url is not a URL: ${parsed.url}`);
}
const endpoint = new URL('/api/events', baseUrl);

const noFaults = { duplicate: 0, outOfOrder: 0, late: 0, malformed: 0 };
const generator = new ShipmentTrafficGenerator({ seed, runId: `sim${seed.toString(36)}`, faults: parsed['no-faults'] ? noFaults : {} });
const totals = { sent: 0, accepted: 0, rejected: 0, failedRequests: 0, retries: 0 };
let finish: () => void = () => undefined;
const finished = new Promise<void>((resolve) => (finish = resolve));

const kafkaTarget = parsed.kafka
  ? {
      brokers: (parsed.brokers || process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',').map((broker) => broker.trim()),
      topic: parsed.topic || process.env.KAFKA_TOPIC || 'shipments.events',
    }
  : null;
let producer: Producer | null = null;

async function connectProducer(): Promise<Producer> {
  const kafka = new Kafka({ clientId: 'waybill-simulate', brokers: kafkaTarget!.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topics = await admin.listTopics().finally(() => admin.disconnect());
  if (!topics.includes(kafkaTarget!.topic)) {
    fail(`topic ${kafkaTarget!.topic} does not exist on ${kafkaTarget!.brokers.join(',')}; Waybill creates it when it starts in Kafka mode`);
  }
  const created = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await created.connect();
  return created;
}

async function produce(batch: SimulatedInput[]): Promise<void> {
  producer ??= await connectProducer();
  await producer.send({ topic: kafkaTarget!.topic, acks: -1, messages: batch.map((input) => ({ key: input.key, value: input.body })) });
  // Whether an input is valid is the pipeline's call in this path: all of it is accepted.
  totals.accepted += batch.length;
}

/** Tries per batch while the server pushes back; each waits what its Retry-After says. */
const MAX_ATTEMPTS = 10;

/**
 * Posts one batch; a 429 or 503 (Waybill is behind) is retried after its Retry-After, so
 * the simulator slows down with the server instead of losing the batch. The runner never
 * starts a send while one is in flight, so waiting here is what slows it.
 */
async function postHonouringBackPressure(body: string): Promise<Response> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': NDJSON_CONTENT_TYPE }, body });
    if ((response.status !== 429 && response.status !== 503) || attempt === MAX_ATTEMPTS) return response;
    await response.body?.cancel();
    totals.retries += 1;
    const seconds = Number(response.headers.get('retry-after'));
    await new Promise((resolve) => setTimeout(resolve, (Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 30) : 1) * 1_000));
  }
}

async function send(inputs: SimulatedInput[]): Promise<void> {
  const batch = inputs.slice(0, Math.max(0, count - totals.sent));
  if (batch.length === 0) return finish();
  totals.sent += batch.length;
  if (kafkaTarget) {
    await produce(batch);
    if (totals.sent >= count) finish();
    return;
  }
  const response = await postHonouringBackPressure(batch.map((input) => input.body).join('\n'));
  if (response.status !== 202) {
    totals.failedRequests += 1;
    process.stderr.write(`simulate: ${endpoint} answered ${response.status}: ${await response.text()}\n`);
  } else {
    const result = (await response.json()) as { accepted: number; rejected: number };
    totals.accepted += result.accepted;
    totals.rejected += result.rejected;
  }
  if (totals.sent >= count) finish();
}

const runner = new SimulatorRunner({
  traffic: generator,
  rate,
  send,
  onError: (error) => {
    totals.failedRequests += 1;
    process.stderr.write(`simulate: could not send: ${error.message}\n`);
  },
});
async function main(): Promise<void> {
  const limit = Number.isFinite(count) ? ` or ${count} events` : '';
  const target = kafkaTarget ? `topic ${kafkaTarget.topic} on ${kafkaTarget.brokers.join(',')}` : String(endpoint);
  process.stderr.write(`simulate: ${rate} events/s to ${target} for at most ${durationMs / 1_000} s${limit}\n`);
  runner.start();
  const timer = setTimeout(finish, durationMs);
  process.on('SIGINT', finish);
  await finished;
  clearTimeout(timer);
  // Let a request in flight finish, so the totals are what the server acknowledged.
  await runner.stop();
  await producer?.disconnect();
  process.stdout.write(`${JSON.stringify(totals)}\n`);
  process.exit(totals.failedRequests > 0 && totals.accepted === 0 ? 1 : 0);
}

void main();
