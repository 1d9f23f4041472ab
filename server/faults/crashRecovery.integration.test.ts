import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShipmentTrafficGenerator } from '../sources/simulator/shipmentTraffic';
import { startServer, waitUntilLive } from '../testing/runningServer';
import { figureLine, healthOf, settledSummary } from './crashFigures';
import { ResendingClient, sendPacedBatches } from './resendingClient';
import { RestartingServer } from './serverCrash';

/*
 * Embedded mode, crashed for real: the production server is SIGKILLed ten times while a
 * client streams NDJSON batches at it, and started again on the same DATA_DIR each time.
 * The client sends every batch again until it is acknowledged. Whatever a kill
 * interrupted, every acknowledged event must be counted once, a batch taken before its
 * answer was lost must come back only as duplicates, and a clean restart (a rebuild from
 * the log alone) must give the same figures.
 */

const KILLS = 10;
const BATCH_SIZE = 200;
/** Traffic after the last kill, so that the last server, too, takes some. */
const BATCHES_AFTER_LAST_KILL = 5;
/**
 * At most 20 batches a second (4,000 events): unpaced, the client would fill the log faster
 * than the kills come, and each restart would replay more of it on a shared machine.
 */
const MIN_BATCH_INTERVAL_MS = 50;
/** Bounds on the stream, should the kills take longer than planned. */
const MAX_BATCHES = 600;
const SENDING_DEADLINE_MS = 100_000;
/** After each restart, the next kill comes this long after (ms), within the next request then. */
const KILL_DELAY = { minDelayMs: 200, maxDelayMs: 1_500 };
/** A start that builds the dashboard first (sources changed) takes long; one that hangs must not hang the run. */
const START_TIMEOUT_MS = 150_000;
/** CRASH_TEST_SEED repeats a run's kill moments and traffic. */
const SEED = Number(process.env.CRASH_TEST_SEED ?? Date.now() % 2_147_483_647);

describe('embedded mode, SIGKILLed mid-stream', () => {
  const startedAt = Date.now();
  // Wide: event times sit up to seconds before sending, append times until the end of the run.
  const range = `from=${startedAt - 10 * 60_000}&to=${startedAt + 30 * 60_000}`;
  const target = new RestartingServer({
    start: (dataDir) => startServer({ dataDir, timeoutMs: START_TIMEOUT_MS }),
    ready: (server) => waitUntilLive(server.url, 300),
  });

  // The first start builds the dashboard if its sources changed: out of the test's time.
  beforeAll(async () => {
    await target.start();
  }, 180_000);

  afterAll(async () => {
    const dataDir = target.server?.dataDir;
    await target.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts every acknowledged event once, re-sent ones only as duplicates, and replays the same figures', { timeout: 150_000 }, async () => {
    const testStartedAt = Date.now();
    console.log(`crash test seed ${SEED} (CRASH_TEST_SEED=${SEED} repeats it)`);
    const client = new ResendingClient(target);
    // Valid events only, none late and none a duplicate by itself: every duplicate counted is a re-send's.
    const generator = new ShipmentTrafficGenerator({ seed: SEED, runId: `crash${SEED.toString(36)}`, faults: { duplicate: 0, late: 0, malformed: 0 } });

    const stopCrashing = new AbortController();
    let crashingDone = false;
    const crashing = target
      .crashRepeatedly({
        kills: KILLS,
        seed: SEED,
        ...KILL_DELAY,
        moment: (random) => client.midRequest(random),
        signal: stopCrashing.signal,
      })
      .finally(() => (crashingDone = true));
    const sending = sendPacedBatches({
      client,
      nextLine: () => generator.next(Date.now()).body,
      batchSize: BATCH_SIZE,
      minIntervalMs: MIN_BATCH_INTERVAL_MS,
      maxBatches: MAX_BATCHES,
      deadlineMs: SENDING_DEADLINE_MS,
      faultsDone: () => crashingDone,
      batchesAfterFaults: BATCHES_AFTER_LAST_KILL,
    }).catch((error: unknown) => {
      stopCrashing.abort();
      throw error;
    });
    const [crashed, sent] = await Promise.allSettled([crashing, sending]);
    if (sent.status === 'rejected') throw sent.reason;
    if (crashed.status === 'rejected') throw crashed.reason;
    const sentEvents = sent.value;
    expect(target.restartCount).toBe(KILLS);
    expect(client.tally.eventsAcknowledged).toBe(sentEvents);

    const server = target.server!;
    const summary = await settledSummary(server.url, range, sentEvents);
    console.log(figureLine('crash test', { kills: KILLS, tally: client.tally, summary, sentEvents, startedAt: testStartedAt }));
    expect({
      events: summary.events,
      late: summary.late,
      deadLetters: summary.deadLetters.total,
      inputs: summary.inputs,
    }).toEqual({
      events: sentEvents,
      late: 0,
      deadLetters: 0,
      inputs: sentEvents + summary.duplicates,
    });
    expect(summary.duplicates).toBeLessThanOrEqual(client.tally.eventsResent);
    expect((await healthOf(server.url)).status).toBe('ok');

    const restarted = await target.restartCleanly();
    expect(await settledSummary(restarted.url, range, sentEvents)).toEqual(summary);
  });
});
