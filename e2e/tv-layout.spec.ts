import { expect, test } from '@playwright/test';
import { TV_PANELS } from '../components/tv/tvPanels';
import { expectWallFits, measureWallLayout, saveScreenshot } from './tvLayout';

// The wall on the screens it hangs on: 16:9 from a laptop to 4K, and 4:3 and 21:9, with
// live figures from the server the suite runs (simulator on).

const SCREENS = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
  { width: 1024, height: 768 },
  { width: 2560, height: 1080 },
];

for (const screen of SCREENS) {
  test(`every panel fits a ${screen.width}×${screen.height} screen, without scrolling, overlap or clipped text`, async ({ page }, testInfo) => {
    await page.setViewportSize(screen);
    await page.goto('/tv');
    const wall = page.getByTestId('tv-wall');
    await expect(wall).toHaveAttribute('data-freshness', 'live', { timeout: 30_000 });
    await expect(page.getByTestId('tv-panel-throughput').getByTestId('tv-value')).not.toHaveText('—', { timeout: 20_000 });
    await expect(page.getByTestId('tv-panel-regions').getByTestId('tv-row').first()).toBeVisible({ timeout: 20_000 });

    // The screenshot first: when a check fails, it shows what failed.
    await saveScreenshot(page, testInfo, `tv-${screen.width}x${screen.height}`);
    expectWallFits(await measureWallLayout(page), TV_PANELS);
  });
}

test('pages of one, two and three panels fill the screen and still fit', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  for (const panels of [['throughput'], ['latency', 'exceptions'], ['pipeline', 'regions', 'errorRate']]) {
    await page.goto(`/tv?panels=${panels.join(',')}`);
    await expect(page.getByTestId('tv-wall')).toHaveAttribute('data-freshness', 'live', { timeout: 30_000 });
    await saveScreenshot(page, testInfo, `tv-${panels.length}-panels-1280x720`);
    const layout = await measureWallLayout(page);
    expectWallFits(layout, panels);
    const covered = layout.panels.reduce((sum, { box }) => sum + (box.right - box.left) * (box.bottom - box.top), 0);
    // The panels take most of the screen: no empty cell is left in the grid.
    expect(covered / (1280 * 720)).toBeGreaterThan(0.75);
  }
});
