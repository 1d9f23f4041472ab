import { expect, test, type Page } from '@playwright/test';
import { TV_PARAMETER_DOCS } from '../components/tv/tvParameters';
import { saveScreenshot } from './tvLayout';

// The wall configured by its link alone, against the suite's server (simulator on).

async function openWall(page: Page, query: string) {
  await page.goto(`/tv${query}`);
  const wall = page.getByTestId('tv-wall');
  await expect(wall).toHaveAttribute('data-freshness', 'live', { timeout: 30_000 });
  return wall;
}

async function panelOrder(page: Page): Promise<Array<{ id: string | null; left: number; top: number }>> {
  return page.locator('[data-panel]').evaluateAll((panels) =>
    panels.map((panel) => {
      const box = panel.getBoundingClientRect();
      return { id: panel.getAttribute('data-panel'), left: Math.round(box.left), top: Math.round(box.top) };
    }),
  );
}

test('panels appear in the order the link names them, reading row by row, left to right', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openWall(page, '?panels=regions,throughput,pipeline');
  const order = await panelOrder(page);
  expect(order.map((panel) => panel.id)).toEqual(['regions', 'throughput', 'pipeline']);
  // On screen too: row by row, left to right.
  const onScreen = [...order].sort((a, b) => a.top - b.top || a.left - b.left);
  expect(onScreen.map((panel) => panel.id)).toEqual(['regions', 'throughput', 'pipeline']);
  expect(new Set(order.map((panel) => `${panel.left},${panel.top}`)).size).toBe(3);
  await expect(page.getByTestId('tv-panel-latency')).toHaveCount(0);
});

test('a region filter scopes throughput, labels the other panels “all regions” and marks its row', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openWall(page, '?region=eu-west&panels=throughput,latency,regions,exceptions');
  await expect(page.getByTestId('tv-scope')).toHaveText('Region eu-west · last 1 min');
  await expect(page.getByTestId('tv-panel-throughput').getByTestId('tv-panel-scope')).toHaveText('Region eu-west · last 1 min');
  await expect(page.getByTestId('tv-panel-latency').getByTestId('tv-panel-scope')).toHaveText('All regions · last 1 min');
  await expect(page.getByTestId('tv-panel-exceptions').getByTestId('tv-panel-scope')).toHaveText('All regions · last 1 min');
  const marked = page.getByTestId('tv-panel-regions').locator('[data-testid="tv-row"][data-highlighted="true"]');
  await expect(marked).toHaveCount(1, { timeout: 20_000 });
  await expect(marked).toContainText('eu-west');
  await saveScreenshot(page, testInfo, 'tv-region-filter-1280x720');
});

test('a carrier filter labels the other panels “all carriers”', async ({ page }) => {
  await openWall(page, '?carrier=DHL&panels=throughput,errorRate&window=5m');
  await expect(page.getByTestId('tv-panel-throughput').getByTestId('tv-panel-scope')).toHaveText('Carrier DHL · last 5 min');
  await expect(page.getByTestId('tv-panel-errorRate').getByTestId('tv-panel-scope')).toHaveText('All carriers · last 5 min');
  await expect(page.getByTestId('tv-panel-throughput').getByTestId('tv-trend')).toContainText('vs previous 5 min');
});

test('thresholds in the link turn a figure to warning, and only past them', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openWall(page, '?panels=latency,throughput,deadLetters&latencyWarnMs=0&throughputMin=1000000&deadLettersWarn=off');
  await expect(page.getByTestId('tv-panel-latency')).toHaveAttribute('data-warning', 'true', { timeout: 20_000 });
  await expect(page.getByTestId('tv-panel-throughput')).toHaveAttribute('data-warning', 'true');
  await expect(page.getByTestId('tv-panel-throughput').getByTestId('tv-threshold')).toHaveText('⚠ below 1,000,000/s');
  await expect(page.getByTestId('tv-panel-deadLetters')).toHaveAttribute('data-warning', 'false');
  const warningColour = await page.getByTestId('tv-panel-latency').getByTestId('tv-value').evaluate((element) => getComputedStyle(element).color);
  await saveScreenshot(page, testInfo, 'tv-thresholds-1280x720');

  await openWall(page, '?panels=latency,throughput&latencyWarnMs=3600000&throughputMin=0');
  await expect(page.getByTestId('tv-panel-latency')).toHaveAttribute('data-warning', 'false');
  await expect(page.getByTestId('tv-panel-throughput')).toHaveAttribute('data-warning', 'false');
  await expect(page.getByTestId('tv-panel-latency').getByTestId('tv-threshold')).toHaveText('warn above 1 h 0 min');
  const calmColour = await page.getByTestId('tv-panel-latency').getByTestId('tv-value').evaluate((element) => getComputedStyle(element).color);
  expect(calmColour).not.toBe(warningColour);
});

test('the theme comes from the link: dark by default, light on request', async ({ page }, testInfo) => {
  const background = () => page.getByTestId('tv-wall').evaluate((element) => getComputedStyle(element).backgroundColor);
  await openWall(page, '');
  await expect(page.getByTestId('tv-wall')).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe('rgb(0, 0, 0)');
  await openWall(page, '?theme=light');
  await expect(page.getByTestId('tv-wall')).toHaveAttribute('data-theme', 'light');
  expect(await background()).toBe('rgb(233, 236, 240)');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await saveScreenshot(page, testInfo, 'tv-light-1920x1080');
});

test('values it cannot use fall back to defaults, named in a small note', async ({ page }) => {
  const wall = await openWall(page, '?panels=throughput,bogus&window=2h&theme=neon&rotate=fast');
  await expect(wall).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('[data-panel]')).toHaveCount(1);
  await expect(page.getByTestId('tv-panel-throughput').getByTestId('tv-panel-scope')).toHaveText('All traffic · last 1 min');
  const note = page.getByTestId('tv-config-note');
  await expect(note).toContainText('“bogus”');
  await expect(note).toContainText('window:');
  await expect(note).toContainText('theme:');
  await expect(note).toContainText('rotate:');
  await expect(page.getByTestId('tv-panel-throughput').getByTestId('tv-value')).not.toHaveText(/NaN/);
});

test('pages rotate every `rotate` seconds, back to the first after the last', async ({ page }) => {
  await page.clock.install();
  const wall = await openWall(page, '?panels=throughput,latency|regions&rotate=30');
  await expect(wall).toHaveAttribute('data-page', '0');
  await expect(page.getByTestId('tv-page-indicator')).toHaveText('1/2');
  await expect(page.getByTestId('tv-panel-throughput')).toBeVisible();
  await expect(page.getByTestId('tv-panel-regions')).toHaveCount(0);

  await page.clock.fastForward(29_000);
  await expect(wall).toHaveAttribute('data-page', '0');
  await page.clock.fastForward(1_000);
  await expect(wall).toHaveAttribute('data-page', '1');
  await expect(page.getByTestId('tv-page-indicator')).toHaveText('2/2');
  await expect(page.getByTestId('tv-panel-regions')).toBeVisible();
  await expect(page.getByTestId('tv-panel-throughput')).toHaveCount(0);

  await page.clock.fastForward(30_000);
  await expect(wall).toHaveAttribute('data-page', '0');
  await expect(page.getByTestId('tv-panel-throughput')).toBeVisible();
});

test('/tv/help lists every parameter with its default and an example that opens the wall', async ({ page }) => {
  await page.goto('/');
  const navLink = page.getByTestId('app-nav').getByRole('link', { name: 'TV wall' });
  await expect(navLink).toHaveAttribute('href', '/tv/help');
  await navLink.click();
  await expect(page).toHaveURL(/\/tv\/help$/);
  const table = page.getByTestId('tv-help-parameters');
  for (const parameter of TV_PARAMETER_DOCS) {
    const row = table.locator(`tr[data-parameter="${parameter.name}"]`);
    await expect(row).toContainText(parameter.defaultValue);
  }
  await expect(table.locator('tbody tr')).toHaveCount(TV_PARAMETER_DOCS.length);
  await table.locator('tr[data-parameter="region"]').getByRole('link').click();
  await expect(page).toHaveURL(/\/tv\?region=eu-west$/);
  await expect(page.getByTestId('tv-panel-throughput').getByTestId('tv-panel-scope')).toHaveText('Region eu-west · last 1 min', { timeout: 30_000 });
});
