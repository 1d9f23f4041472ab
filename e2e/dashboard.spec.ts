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
