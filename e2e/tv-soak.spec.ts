import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startServer } from '../server/testing/runningServer';

/*
 * The wall over time at the full update rate: a wall runs for weeks, so its page must not
 * grow. The server is fed fast enough that every 100 ms frame changes the figures; every
 * 30 s the page's garbage is collected and its JS heap and DOM node count are sampled.
 * After the first minute (the page has warmed up by then) neither may grow: the heap by
 * less than 5 MB, the nodes by less than 1 %. `npm run soak` runs it for ten minutes;
 * the suite runs it for two (SOAK_MINUTES). Samples go to test-results/soak-tv.json.
 */

const SOAK_MINUTES = Number(process.env.SOAK_MINUTES ?? 2);
const SAMPLE_EVERY_MS = 30_000;
const WARM_UP_MS = 60_000;
const MAX_HEAP_GROWTH_BYTES = 5 * 1024 * 1024;
const MAX_NODE_GROWTH_RATIO = 0.01;
/** Events per second the simulator sends: thousands in every 100 ms frame. */
const SIMULATE_RATE = 2_000;
/** Updates a second the wall must keep drawing: the server sends ten. */
const MIN_UPDATES_PER_SECOND = 5;

interface SoakSample {
  atSeconds: number;
  heapUsedBytes: number;
  nodes: number;
  /** Frames drawn per second since the previous sample. */
  updatesPerSecond: number | null;
  freshness: string | null;
}

test(`the wall keeps its memory and DOM flat over ${SOAK_MINUTES} min of updates at the full rate`, async ({ page }) => {
  expect(SOAK_MINUTES * 60_000).toBeGreaterThan(WARM_UP_MS);
  test.setTimeout(SOAK_MINUTES * 60_000 + 4 * 60_000);
  // No alert rules: the simulator's dead letters would fire the defaults mid-run, and the
  // strip they bring is new content, not a leak.
  const rulesFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-soak-')), 'no-rules.yml');
  fs.writeFileSync(rulesFile, 'rules: []\n');
  const server = await startServer({ env: { SIMULATE_RATE: String(SIMULATE_RATE), WAYBILL_ALERT_RULES: rulesFile } });
  try {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${server.url}/tv`);
    const wall = page.getByTestId('tv-wall');
    await expect(wall).toHaveAttribute('data-freshness', 'live', { timeout: 30_000 });
    await expect(page.getByTestId('tv-panel-regions').getByTestId('tv-row').first()).toBeVisible({ timeout: 20_000 });
    // Counts the frames that changed the screen: the region total moves with every one at this rate.
    await page.evaluate(() => {
      const total = document.querySelector('[data-testid="tv-panel-regions"] [data-testid="tv-value"]')!;
      const counter = { updates: 0 };
      Object.assign(window, { soakCounter: counter });
      new MutationObserver(() => (counter.updates += 1)).observe(total, { subtree: true, characterData: true, childList: true });
    });

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('HeapProfiler.enable');
    const samples: SoakSample[] = [];
    const startedAt = Date.now();
    let previousUpdates = 0;
    const sampleCount = Math.floor((SOAK_MINUTES * 60_000) / SAMPLE_EVERY_MS) + 1;
    for (let index = 0; index < sampleCount; index += 1) {
      const due = startedAt + index * SAMPLE_EVERY_MS;
      // Time passing is what is measured here: wait for the next sample's moment.
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const metric = (name: string) => metrics.find((entry) => entry.name === name)?.value ?? Number.NaN;
      const updates = await page.evaluate(() => (window as unknown as { soakCounter: { updates: number } }).soakCounter.updates);
      samples.push({
        atSeconds: Math.round((Date.now() - startedAt) / 1_000),
        heapUsedBytes: metric('JSHeapUsedSize'),
        nodes: metric('Nodes'),
        updatesPerSecond: index === 0 ? null : (updates - previousUpdates) / (SAMPLE_EVERY_MS / 1_000),
        freshness: await wall.getAttribute('data-freshness'),
      });
      previousUpdates = updates;
    }

    const baseline = samples.find((sample) => sample.atSeconds * 1_000 >= WARM_UP_MS)!;
    const after = samples.filter((sample) => sample.atSeconds > baseline.atSeconds);
    const heapGrowth = Math.max(...after.map((sample) => sample.heapUsedBytes - baseline.heapUsedBytes));
    const nodeGrowth = Math.max(...after.map((sample) => (sample.nodes - baseline.nodes) / baseline.nodes));
    const report = {
      minutes: SOAK_MINUTES,
      simulateRate: SIMULATE_RATE,
      baselineAtSeconds: baseline.atSeconds,
      maxHeapGrowthMB: Number((heapGrowth / 1024 / 1024).toFixed(3)),
      maxNodeGrowthPercent: Number((nodeGrowth * 100).toFixed(3)),
      samples: samples.map((sample) => ({ ...sample, heapUsedMB: Number((sample.heapUsedBytes / 1024 / 1024).toFixed(3)) })),
    };
    fs.mkdirSync('test-results', { recursive: true });
    fs.writeFileSync(path.join('test-results', 'soak-tv.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`soak ${SOAK_MINUTES} min: heap growth ${report.maxHeapGrowthMB} MB, node growth ${report.maxNodeGrowthPercent} % after ${baseline.atSeconds} s`);
    console.table(report.samples.map(({ atSeconds, heapUsedMB, nodes, updatesPerSecond, freshness }) => ({ atSeconds, heapUsedMB, nodes, updatesPerSecond, freshness })));

    expect(after.length).toBeGreaterThan(0);
    for (const sample of samples) expect(sample.freshness, `live at ${sample.atSeconds} s`).toBe('live');
    for (const sample of samples.slice(1)) expect(sample.updatesPerSecond!, `updating at ${sample.atSeconds} s`).toBeGreaterThanOrEqual(MIN_UPDATES_PER_SECOND);
    expect(heapGrowth).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
    expect(nodeGrowth).toBeLessThan(MAX_NODE_GROWTH_RATIO);
  } finally {
    await server.stop();
  }
});
