import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { LIVE_TICK_MS, STALE_AFTER_MS } from '../components/live/staleness';
import { startServer, type RunningServer } from '../server/testing/runningServer';
import { expectWallFits, measureWallLayout, saveScreenshot } from './tvLayout';
import { TV_PANELS } from '../components/tv/tvPanels';

// The wall with its server gone and back on the same port: it says it is reconnecting at
// once, that its data is stale after STALE_AFTER_MS, and is live again within seconds of
// the server's return, on the same page (no reload).

/** The longest a wall may take to be live again once its server listens. */
const LIVE_AGAIN_WITHIN_MS = 5_000;

test('the wall reconnects by itself, says its data is stale meanwhile, and never reloads', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-tv-freshness-'));
  let server: RunningServer = await startServer({ dataDir, env: { SIMULATE_RATE: '40' } });
  const port = new URL(server.url).port;
  try {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${server.url}/tv`);
    const wall = page.getByTestId('tv-wall');
    await expect(wall).toHaveAttribute('data-freshness', 'live', { timeout: 30_000 });
    await expect(page.getByTestId('tv-notice')).toHaveCount(0);
    await page.evaluate(() => Object.assign(window, { wallMarker: 'the page loaded once' }));

    const stopping = Date.now();
    await server.stop();
    await expect(wall).toHaveAttribute('data-freshness', 'reconnecting', { timeout: 5_000 });
    await expect(page.getByTestId('tv-freshness')).toHaveText('Reconnecting…');
    await expect(page.getByTestId('tv-notice')).toContainText(/reconnecting/i);

    const staleNotice = page.getByTestId('tv-stale-notice');
    await expect(staleNotice).toBeVisible({ timeout: STALE_AFTER_MS + 5_000 });
    // Not before STALE_AFTER_MS after the last frame, which came at most a tick or two
    // before the server began to stop (frames come every tick; the page may run a little late).
    expect(Date.now() - stopping).toBeGreaterThan(STALE_AFTER_MS - 2 * LIVE_TICK_MS);
    await expect(staleNotice).toHaveText(/^Data is stale: no update since \d{2}:\d{2}:\d{2}\./);
    // Greyed: the figures are drawn in the stale colour, not the live one.
    const staleColour = await page.getByTestId('tv-panel-throughput').getByTestId('tv-value').evaluate((element) => getComputedStyle(element).color);
    expect(staleColour).not.toBe('rgb(255, 255, 255)');
    await saveScreenshot(page, testInfo, 'tv-stale-reconnecting-1280x720');
    expectWallFits(await measureWallLayout(page), TV_PANELS);

    server = await startServer({ dataDir, env: { SIMULATE_RATE: '40', PORT: port } });
    const listening = Date.now();
    await expect(wall).toHaveAttribute('data-freshness', 'live', { timeout: LIVE_AGAIN_WITHIN_MS });
    expect(Date.now() - listening).toBeLessThan(LIVE_AGAIN_WITHIN_MS);
    await expect(page.getByTestId('tv-notice')).toHaveCount(0);
    await expect(page.getByTestId('tv-freshness')).toHaveText('Live');
    expect(await page.evaluate(() => (window as unknown as { wallMarker?: string }).wallMarker)).toBe('the page loaded once');
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a fresh server with no traffic reads as zeros and dashes, never NaN', async ({ page }, testInfo) => {
  const server = await startServer({ env: { SIMULATE_RATE: '0' } });
  try {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${server.url}/tv`);
    await expect(page.getByTestId('tv-wall')).toHaveAttribute('data-freshness', 'live', { timeout: 30_000 });
    await expect(page.getByTestId('tv-panel-throughput').getByTestId('tv-value')).toHaveText('0');
    await expect(page.getByTestId('tv-panel-latency').getByTestId('tv-value')).toHaveText('—');
    await expect(page.getByTestId('tv-panel-errorRate').getByTestId('tv-value')).toHaveText('—');
    await expect(page.getByTestId('tv-panel-deadLetters').getByTestId('tv-value')).toHaveText('0');
    await expect(page.getByTestId('tv-panel-regions').getByTestId('tv-list-empty')).toHaveText('No events in the last 1 min');
    await expect(page.getByTestId('tv-panel-pipeline').getByTestId('tv-value')).toHaveText('Live');
    await expect(page.getByTestId('tv-wall')).not.toContainText('NaN');
    await saveScreenshot(page, testInfo, 'tv-no-traffic-1920x1080');
    expectWallFits(await measureWallLayout(page), TV_PANELS);
  } finally {
    await server.stop();
  }
});
