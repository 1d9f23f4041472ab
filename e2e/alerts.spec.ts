import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { TV_PANELS } from '../components/tv/tvPanels';
import { NDJSON_CONTENT_TYPE } from '../lib/contract/eventTypes';
import { postEvents, startServer, waitUntilLive, type RunningServer } from '../server/testing/runningServer';
import { expectWallFits, measureWallLayout, saveScreenshot } from './tvLayout';

/*
 * Waybill's own alerts where people look: a burst of dead letters fires rules of each
 * severity, the dashboard's banner names them and links to the inputs behind them, and
 * the TV wall shows them in a strip that still fits every screen. A server of its own,
 * with a rules file and no simulator, so the burst is all the traffic there is.
 */

// Windows of two minutes: every rule keeps firing for the whole spec once the burst is in.
const RULES = `rules:
  - name: DeadLettersPiling
    figure: deadLetters.total
    window: 2m
    above: 10
    for: 0s
    severity: critical
    annotations: { summary: "Dead letters are piling up" }
  - name: ErrorRateHigh
    figure: errorRate
    window: 2m
    above: 0.5
    for: 0s
    severity: warning
    annotations: { summary: "Over half of the inputs are dead letters" }
  - name: InputsArriving
    figure: inputs
    window: 2m
    above: 0
    for: 0s
    severity: info
`;

const BURST_SIZE = 20;
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const WALL_SCREENS = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
  { width: 3840, height: 2160 },
  { width: 1024, height: 768 },
  { width: 2560, height: 1080 },
];

async function postBurstOfDeadLetters(url: string, count: number) {
  const lines = Array.from({ length: count }, (_, index) => `{not json ${index}`);
  const answer = await postEvents(url, NDJSON_CONTENT_TYPE, lines.join('\n'));
  expect(answer.body).toMatchObject({ accepted: 0, rejected: count });
}

async function openLiveDashboard(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId('connection-state')).toHaveText('Live', { timeout: 30_000 });
}

test.describe.configure({ mode: 'serial' });

let server: RunningServer;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const rulesFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-e2e-rules-')), 'rules.yml');
  fs.writeFileSync(rulesFile, RULES);
  server = await startServer({ env: { WAYBILL_ALERT_RULES: rulesFile, WAYBILL_ALERT_INTERVAL: '250ms', SIMULATE_RATE: '0' } });
  await waitUntilLive(server.url);
});

test.afterAll(async () => {
  await server?.stop();
});

test('a burst of dead letters brings up the alert banner, whose link lists them', async ({ page }, testInfo) => {
  await page.setViewportSize(DESKTOP);
  await openLiveDashboard(page, `${server.url}/`);
  const banner = page.getByTestId('alert-banner');
  // Nothing fires yet: no banner at all.
  await expect(banner).toHaveCount(0);

  await postBurstOfDeadLetters(server.url, BURST_SIZE);
  const deadLettersAlert = banner.locator('[data-alert-name="DeadLettersPiling"]');
  await expect(deadLettersAlert).toBeVisible({ timeout: 5_000 });
  await expect(deadLettersAlert).toContainText('Critical');
  await expect(deadLettersAlert).toContainText('Dead letters are piling up');
  await expect(deadLettersAlert).toContainText(`${BURST_SIZE} > 10 over 2 min`);
  await expect(deadLettersAlert).toContainText(/for \d+ s|just now/);
  await expect(deadLettersAlert.getByRole('alert')).toContainText('DeadLettersPiling');
  // Every rule fires on this burst, the loudest first.
  await expect(banner.getByTestId('alert-item')).toHaveCount(3);
  await expect
    .poll(() => banner.getByTestId('alert-item').evaluateAll((items) => items.map((item) => item.getAttribute('data-alert-name'))))
    .toEqual(['DeadLettersPiling', 'ErrorRateHigh', 'InputsArriving']);
  await expect(banner.locator('[data-alert-name="ErrorRateHigh"]')).toContainText('100.0 % > 50.0 % over 2 min');

  // The time counts up: the banner follows the server's clock, not a frozen snapshot.
  await expect(deadLettersAlert.locator('.alert-item__since')).toHaveText(/for ([2-9]|\d{2,}) s/, { timeout: 10_000 });
  await saveScreenshot(page, testInfo, 'alerts-dashboard-1440x900');
  await page.setViewportSize(PHONE);
  await expect(deadLettersAlert.getByRole('link', { name: 'Show events' })).toBeInViewport();
  await saveScreenshot(page, testInfo, 'alerts-dashboard-390x844');
  await page.setViewportSize(DESKTOP);
  await page.emulateMedia({ colorScheme: 'dark' });
  await saveScreenshot(page, testInfo, 'alerts-dashboard-dark-1440x900');
  await page.emulateMedia({ colorScheme: 'light' });

  await deadLettersAlert.getByRole('link', { name: 'Show events' }).click();
  await expect(page).toHaveURL(/\/events\?/);
  expect(new URL(page.url()).searchParams.getAll('outcome')).toEqual(['deadLetter']);
  await expect(page.getByTestId('event-count')).toContainText(`${BURST_SIZE} matching inputs`, { timeout: 10_000 });
  const rows = page.getByTestId('event-row');
  await expect(rows.first()).toBeVisible();
  const outcomes = await rows.getByTestId('outcome-badge').evaluateAll((badges) => badges.map((badge) => badge.getAttribute('data-outcome')));
  expect(outcomes.length).toBeGreaterThan(0);
  expect(new Set(outcomes)).toEqual(new Set(['deadLetter']));
});

test('the wall shows the firing alerts in a strip, and every screen still fits', async ({ page }, testInfo) => {
  // Should this test run on its own, the burst is its own too; more dead letters fire the same rules.
  await postBurstOfDeadLetters(server.url, BURST_SIZE);
  for (const [index, screen] of WALL_SCREENS.entries()) {
    await page.setViewportSize(screen);
    if (index === 0) await page.goto(`${server.url}/tv`);
    await expect(page.getByTestId('tv-wall')).toHaveAttribute('data-freshness', 'live', { timeout: 30_000 });
    const strip = page.getByTestId('tv-alerts');
    await expect(strip.locator('[data-alert-name="DeadLettersPiling"]')).toContainText('Critical', { timeout: 5_000 });
    await expect(strip.getByTestId('tv-alert')).toHaveCount(3);
    // The wall has no controls: nothing in the strip is a link.
    await expect(strip.getByRole('link')).toHaveCount(0);

    // The screenshot first: when a check fails, it shows what failed.
    await saveScreenshot(page, testInfo, `alerts-tv-${screen.width}x${screen.height}`);
    expectWallFits(await measureWallLayout(page), TV_PANELS);
  }

  // The light theme, for a bright room: the strip keeps its colours and its contrast.
  await page.setViewportSize(WALL_SCREENS[0]!);
  await page.goto(`${server.url}/tv?theme=light`);
  await expect(page.getByTestId('tv-alerts').getByTestId('tv-alert')).toHaveCount(3, { timeout: 30_000 });
  await saveScreenshot(page, testInfo, 'alerts-tv-light-1920x1080');
});

test('a wall with more alerts than it lists counts the rest, and still fits', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  // A server of its own, whose seven rules all fire on the burst: more than a wall lists.
  const names = ['DeadLettersPiling', 'ErrorRateHigh', 'ProcessingErrors', 'ConsumerLagHigh', 'SlaBreachRateHigh', 'StaleData', 'InputsArriving'];
  const rules = `rules:\n${names.map((name, index) => `  - name: ${name}\n    figure: inputs\n    window: 2m\n    above: 0\n    severity: ${['critical', 'warning', 'info'][index % 3]}\n`).join('')}`;
  const rulesFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-e2e-rules-')), 'rules.yml');
  fs.writeFileSync(rulesFile, rules);
  const crowded = await startServer({ env: { WAYBILL_ALERT_RULES: rulesFile, WAYBILL_ALERT_INTERVAL: '250ms', SIMULATE_RATE: '0' } });
  try {
    await waitUntilLive(crowded.url);
    await postBurstOfDeadLetters(crowded.url, BURST_SIZE);
    for (const screen of [{ width: 1280, height: 720 }, { width: 1024, height: 768 }]) {
      await page.setViewportSize(screen);
      await page.goto(`${crowded.url}/tv`);
      await expect(page.getByTestId('tv-wall')).toHaveAttribute('data-freshness', 'live', { timeout: 30_000 });
      const strip = page.getByTestId('tv-alerts');
      await expect(strip).toContainText('7 alerts', { timeout: 5_000 });
      await expect(strip.getByTestId('tv-alert')).toHaveCount(4);
      await expect(strip).toContainText('+3 more');
      await saveScreenshot(page, testInfo, `alerts-tv-many-${screen.width}x${screen.height}`);
      expectWallFits(await measureWallLayout(page), TV_PANELS);
    }
  } finally {
    await crowded.stop();
  }
});
