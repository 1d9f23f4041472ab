#!/usr/bin/env node
// `npm test`: every suite, in order: typecheck, lint, unit and integration tests
// (Vitest), browser journeys (Playwright). Ends with one line `N passed, N failed`
// summing all of them; exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildIfNeeded, root } from './buildIfNeeded.mjs';

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const resultsDir = path.join(root, 'test-results');
fs.mkdirSync(resultsDir, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

/**
 * Installs a Debian package when its program is missing and this machine can (root,
 * apt-get); a fresh machine may lack it. Returns whether the program is there.
 */
function ensureDebianProgram(program, debianPackage, why) {
  if (fs.existsSync(program)) return true;
  const canInstall = process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.error(`No ${program}: install Debian's ${debianPackage} (apt-get install ${debianPackage}); ${why}.`);
    return false;
  }
  console.log(`\n━━ installing ${debianPackage} from Debian (${why})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-qq', debianPackage], { stdio: 'inherit', env }).status === 0;
  // The package lists may be missing or stale on a new machine: update once and try again.
  const installed = install() || (spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env }).status === 0 && install());
  return installed && fs.existsSync(program);
}

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ensureChromium = () => ensureDebianProgram(chromiumPath, 'chromium', 'browser tests need it');
// promtool checks the /metrics output and the rules in docs/ (a test fails clearly without it).
ensureDebianProgram(process.env.PROMTOOL_PATH ?? '/usr/bin/promtool', 'prometheus', 'promtool checks metrics and alert rules');

let passed = 0;
let failed = 0;
const summary = [];

function run(label, command, args, extraEnv = {}) {
  console.log(`\n━━ ${label}: ${path.basename(command)} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  return result.status ?? 1;
}

/** A check with no test count of its own (typecheck, lint, build) counts as one test. */
function check(label, command, args) {
  const status = run(label, command, args);
  if (status === 0) passed += 1;
  else failed += 1;
  summary.push(`${label}: ${status === 0 ? 'passed' : 'FAILED'}`);
  return status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

check('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
check('lint', bin('eslint'), ['.']);

console.log('\n━━ build');
const built = buildIfNeeded() === 0;
if (built) passed += 1;
else failed += 1;
summary.push(`build: ${built ? 'passed' : 'FAILED'}`);

// Kafka mode's tests need a real broker: the same script users run starts one of the
// tests' own, on a port and in a directory of its own, so the suite runs beside a user's
// Kafka on 9092 (and it is stopped again at the end if this run started it). The tests,
// which stop and start it too, are told where it is.
const testBroker = {
  KAFKA_PORT: process.env.KAFKA_TEST_PORT ?? '19092',
  KAFKA_DIR: path.join(root, '.kafka', 'test-broker'),
};
Object.assign(env, testBroker, { KAFKA_TEST_BROKERS: `127.0.0.1:${testBroker.KAFKA_PORT}` });
const brokerWasRunning = spawnSync('node', [path.join(root, 'scripts', 'kafka.mjs'), 'status'], { cwd: root, env }).status === 0;
check('kafka broker', process.execPath, [path.join(root, 'scripts', 'kafka.mjs'), 'start']);

const vitestReport = path.join(resultsDir, 'vitest.json');
fs.rmSync(vitestReport, { force: true });
const vitestStatus = run('unit and integration tests', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
]);
const vitest = readJson(vitestReport);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  // A file that failed to load counts as a failure even though none of its tests ran.
  const brokenFiles = vitest.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
  failed += brokenFiles;
  summary.push(`vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests + brokenFiles} failed`);
} else {
  failed += 1;
  summary.push(`vitest: no report (exit ${vitestStatus})`);
}

const haveChromium = built && ensureChromium();
if (built && !haveChromium) {
  failed += 1;
  summary.push('playwright: not run (no Chromium)');
} else if (built) {
  const playwrightReport = path.join(resultsDir, 'playwright.json');
  fs.rmSync(playwrightReport, { force: true });
  const playwrightStatus = run('browser tests', bin('playwright'), ['test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
  });
  const playwright = readJson(playwrightReport);
  if (playwright) {
    const { expected = 0, unexpected = 0, flaky = 0 } = playwright.stats;
    const errors = playwright.errors?.length ?? 0;
    passed += expected + flaky;
    failed += unexpected + errors;
    summary.push(`playwright: ${expected + flaky} passed, ${unexpected + errors} failed`);
  } else {
    failed += 1;
    summary.push(`playwright: no report (exit ${playwrightStatus})`);
  }
} else {
  summary.push('playwright: not run (no build)');
}

if (!brokerWasRunning) spawnSync(process.execPath, [path.join(root, 'scripts', 'kafka.mjs'), 'stop'], { cwd: root, stdio: 'inherit', env });

console.log(`\n━━ summary\n${summary.map((line) => `  ${line}`).join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
