#!/usr/bin/env node
// `npm run kafka:start` / `npm run kafka:stop`: a single-node Apache Kafka broker in
// KRaft mode on 127.0.0.1, for users without a Kafka of their own and for the tests.
// The official jars come from Maven Central through scripts/kafka/pom.xml and are cached
// in .kafka/libs; storage is formatted once in .kafka/data. Starting twice is harmless.
//
//   KAFKA_PORT (9092)   the client port; the controller listens on KAFKA_PORT + 1
//   KAFKA_DIR (.kafka)  where config, data, log and pid file live: one broker each
//
// The jars stay in .kafka/libs whatever KAFKA_DIR says, so a second broker (the tests'
// own, beside a user's on 9092) does not fetch them again.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const home = path.resolve(root, process.env.KAFKA_DIR ?? '.kafka');
const port = Number(process.env.KAFKA_PORT ?? 9092);
const controllerPort = port + 1;
const pom = path.join(root, 'scripts', 'kafka', 'pom.xml');
const libs = path.join(root, '.kafka', 'libs');
const dataDir = path.join(home, 'data');
const configFile = path.join(home, 'server.properties');
const pidFile = path.join(home, 'broker.pid');
const logFile = path.join(home, 'broker.log');
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

function fail(message) {
  console.error(`kafka: ${message}`);
  process.exit(1);
}

function runningPid() {
  if (!fs.existsSync(pidFile)) return null;
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

function portAnswers(targetPort) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: targetPort });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Resolves the broker's jars with Maven, once per version of the pom. */
function ensureJars() {
  const stamp = path.join(libs, '.pom-sha256');
  const digest = crypto.createHash('sha256').update(fs.readFileSync(pom)).digest('hex');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === digest) return;
  if (spawnSync('mvn', ['-v'], { stdio: 'ignore' }).status !== 0) fail('Maven (mvn) is needed to fetch the Kafka jars');
  console.error('kafka: resolving Apache Kafka from Maven Central…');
  fs.rmSync(libs, { recursive: true, force: true });
  const result = spawnSync(
    'mvn',
    ['-q', '-B', '-Dstyle.color=never', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${libs}`, '-DincludeScope=runtime'],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) fail('Maven could not resolve the Kafka jars (see above)');
  fs.writeFileSync(stamp, digest);
}

function writeConfig() {
  const properties = {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': dataDir,
    'num.partitions': '1',
    'auto.create.topics.enable': 'false',
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '4',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    // One broker, no one to wait for: let consumer groups form at once.
    'group.initial.rebalance.delay.ms': '0',
  };
  fs.writeFileSync(configFile, Object.entries(properties).map(([key, value]) => `${key}=${value}`).join('\n') + '\n');
}

function java(mainClass, args, options) {
  return [['-Xms256m', '-Xmx1g', '-cp', `${libs}/*`, mainClass, ...args], options];
}

function formatStorageOnce() {
  if (fs.existsSync(path.join(dataDir, 'meta.properties'))) return;
  const clusterId = crypto.randomBytes(16).toString('base64url');
  const [args] = java('kafka.tools.StorageTool', ['format', '--ignore-formatted', '-t', clusterId, '-c', configFile]);
  const result = spawnSync('java', args, { encoding: 'utf8' });
  if (result.status !== 0) fail(`could not format the storage:\n${result.stdout}${result.stderr}`);
}

async function start() {
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) fail('Java 17 or newer is needed (java on the PATH)');
  const pid = runningPid();
  if (pid !== null && (await portAnswers(port))) {
    console.log(`kafka: already running (pid ${pid}) on 127.0.0.1:${port}`);
    return;
  }
  // Another start is still booting this broker (two test files restart it): wait for it
  // rather than start a second JVM that dies on the data directory's lock.
  if (pid !== null) {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline && runningPid() === pid) {
      if (await portAnswers(port)) {
        console.log(`kafka: broker running (pid ${pid}) on 127.0.0.1:${port}, started by another call`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (runningPid() === pid) fail(`the broker (pid ${pid}) did not answer on 127.0.0.1:${port} within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`);
  }
  if (pid === null && (await portAnswers(port))) fail(`port ${port} is taken by another process; set KAFKA_PORT`);
  fs.mkdirSync(home, { recursive: true });
  ensureJars();
  writeConfig();
  formatStorageOnce();
  const log = fs.openSync(logFile, 'a');
  const [args] = java('kafka.Kafka', [configFile]);
  const broker = spawn('java', args, { detached: true, stdio: ['ignore', log, log] });
  fs.writeFileSync(pidFile, String(broker.pid));
  broker.unref();
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (runningPid() === null) fail(`the broker exited during start; see ${logFile}`);
    if (await portAnswers(port)) {
      console.log(`kafka: broker running (pid ${broker.pid}) on 127.0.0.1:${port}; log in ${path.relative(root, logFile)}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  fail(`the broker did not answer on 127.0.0.1:${port} within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`);
}

async function stop() {
  const pid = runningPid();
  if (pid === null) {
    console.log('kafka: not running');
    fs.rmSync(pidFile, { force: true });
    return;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (Date.now() < deadline && runningPid() !== null) await new Promise((resolve) => setTimeout(resolve, 200));
  if (runningPid() !== null) process.kill(pid, 'SIGKILL');
  fs.rmSync(pidFile, { force: true });
  console.log(`kafka: stopped (pid ${pid})`);
}

/** Exit 0 when the broker this script started answers, 1 otherwise. */
async function status() {
  const pid = runningPid();
  const answers = pid !== null && (await portAnswers(port));
  console.log(answers ? `kafka: running (pid ${pid}) on 127.0.0.1:${port}` : 'kafka: not running');
  process.exit(answers ? 0 : 1);
}

const command = process.argv[2];
if (command === 'start') await start();
else if (command === 'stop') await stop();
else if (command === 'status') await status();
else fail('usage: node scripts/kafka.mjs start|stop|status');
