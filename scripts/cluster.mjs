#!/usr/bin/env node
// `npm run cluster -- --instances 3`: that many Waybill instances in Kafka mode on
// consecutive ports (3000, 3001, …), one consumer group, against KAFKA_BROKERS or the local
// broker (started if it is not running), for trying several instances on one machine. The
// first instance runs the simulator (--simulate RATE, 0 for none). Ctrl-C stops them all.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildIfNeeded, root } from './buildIfNeeded.mjs';

function fail(message) {
  console.error(`npm run cluster: ${message}`);
  process.exit(2);
}

function option(name, fallback, min, max) {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < min || value > max) fail(`--${name} takes a whole number from ${min} to ${max}, got ${process.argv[at + 1] ?? 'nothing'}`);
  return value;
}

const instances = option('instances', 3, 1, 32);
const firstPort = option('port', 3000, 1, 65_535 - 31);
const simulateRate = option('simulate', 100, 0, 100_000);
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';

if (process.env.KAFKA_BROKERS === undefined) {
  const broker = spawnSync(process.execPath, [path.join(root, 'scripts', 'kafka.mjs'), 'start'], { stdio: 'inherit' });
  if (broker.status !== 0) fail('the local broker did not start (see above)');
}
// Built once here, not by each instance at the same time.
if (buildIfNeeded() !== 0) fail('the build failed (see above)');

const children = [];
let stopping = false;
for (let i = 0; i < instances; i += 1) {
  const port = firstPort + i;
  const dataDir = path.join(root, 'data', 'cluster', String(port));
  fs.mkdirSync(dataDir, { recursive: true });
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      KAFKA_BROKERS: brokers,
      PORT: String(port),
      DATA_DIR: dataDir,
      SIMULATE_RATE: String(i === 0 ? simulateRate : 0),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Each line says which instance wrote it.
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop();
      for (const line of lines) process.stdout.write(`[${port}] ${line}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) console.log(`[${port}] exited (${signal ?? code}); the others go on`);
    if (children.every((other) => other.exitCode !== null || other.signalCode !== null)) process.exit(0);
  });
  children.push(child);
}
console.log(`npm run cluster: ${instances} instances on http://localhost:${firstPort}…${firstPort + instances - 1}, group ${process.env.KAFKA_GROUP_ID ?? 'waybill'} on ${brokers}`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  });
}
