import { expect, test } from '@playwright/test';

// The dashboard against the real server (npm start, embedded mode, simulator on).

test('the dashboard connects and shows figures that change live', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('connection-state')).toHaveText('Live', { timeout: 30_000 });
  await expect(page.getByTestId('run-mode')).toContainText(/embedded/i);

  const eventsPerSecond = page.getByTestId('kpi-events-per-second').getByTestId('kpi-value');
  await expect(eventsPerSecond).not.toHaveText('—', { timeout: 20_000 });
  const first = (await eventsPerSecond.textContent())!;
  // The simulator keeps events coming: the tile must move without a reload.
  await expect(eventsPerSecond).not.toHaveText(first, { timeout: 20_000 });

  for (const chart of ['chart-throughput', 'chart-latency', 'chart-rates', 'chart-dead-letters', 'chart-breakdown']) {
    await expect(page.getByTestId(chart).locator('svg.recharts-surface').first()).toBeVisible();
  }
  await expect(page.getByTestId('chart-throughput').locator('.recharts-area-area').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/dashboard-light.png', fullPage: true });
});

test('charts are drawn about as often as their axis moves, while the tiles follow every update', async ({ page }) => {
  await page.goto('/?window=5m');
  await expect(page.getByTestId('connection-state')).toHaveText('Live', { timeout: 30_000 });
  await expect(page.locator('[data-testid="chart-throughput"] .recharts-area-area').first()).toBeVisible({ timeout: 20_000 });
  const seconds = 5;
  // A draw mounts the chart's bands anew (Recharts); a tile's update changes its text.
  const counted = await page.evaluate(
    (forMs) =>
      new Promise<{ chartDraws: number; tileUpdates: number }>((resolve) => {
        const counts = { chartDraws: 0, tileUpdates: 0 };
        const chart = new MutationObserver((records) => {
          const drew = records.some((record) => [...record.addedNodes].some((node) => node instanceof Element && (node.matches('.recharts-area-area') || node.querySelector('.recharts-area-area') !== null)));
          if (drew) counts.chartDraws += 1;
        });
        chart.observe(document.querySelector('[data-testid="chart-throughput"]')!, { subtree: true, childList: true });
        const tiles = new MutationObserver(() => (counts.tileUpdates += 1));
        for (const tile of document.querySelectorAll('[data-testid^="kpi-"]')) tiles.observe(tile, { subtree: true, childList: true, characterData: true });
        setTimeout(() => {
          chart.disconnect();
          tiles.disconnect();
          resolve(counts);
        }, forMs);
      }),
    seconds * 1_000,
  );
  // A 5-minute window redraws every 300 ms (chartRedraw.ts): at most 17 draws in 5 s, and at least one.
  expect(counted.chartDraws).toBeGreaterThan(0);
  expect(counted.chartDraws).toBeLessThanOrEqual(Math.ceil((seconds * 1_000) / 300) + 1);
  expect(counted.tileUpdates).toBeGreaterThan(counted.chartDraws);
});

test('the window and breakdown selectors change what is shown', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('connection-state')).toHaveText('Live', { timeout: 30_000 });

  await page.getByTestId('breakdown-select').getByRole('button', { name: /carrier/i }).click();
  await expect(page.getByTestId('breakdown-select').getByRole('button', { name: /carrier/i })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('breakdown-table')).toContainText(/DHL|UPS|FedEx|PostNL|DPD|GLS/, { timeout: 20_000 });

  await page.getByTestId('window-select').getByRole('button', { name: '1 h' }).click();
  await expect(page.getByTestId('kpi-dead-letters')).toContainText('1 h');
  await expect(page.getByTestId('connection-state')).toHaveText('Live');

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/screenshots/dashboard-dark.png', fullPage: true });
});
