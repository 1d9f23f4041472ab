import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { EmbeddedLog } from '../server/store/embeddedLog';
import { ShipmentTrafficGenerator } from '../server/sources/simulator/shipmentTraffic';
import { startServer } from '../server/testing/runningServer';

// A server started on a log that already holds plenty shows the rebuild, with progress,
// until the replay has caught up, then goes live.

const RECORDS = 600_000;

test('the dashboard shows the rebuild with progress while the log replays', async ({ page }) => {
  test.setTimeout(180_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-rebuild-'));
  const now = Date.now();
  const log = new EmbeddedLog({ dataDir, partitions: 8 });
  const generator = new ShipmentTrafficGenerator({ seed: 9 });
  for (let written = 0; written < RECORDS; written += 20_000) {
    const batch = Array.from({ length: 20_000 }, (_, i) => {
      const input = generator.next(now - 20 * 60_000 + Math.floor(((written + i) / RECORDS) * 19 * 60_000));
      return { key: input.key, value: Buffer.from(input.body) };
    });
    await log.append(batch);
  }
  await log.close();

  const server = await startServer({ dataDir });
  try {
    await page.goto(server.url);
    const banner = page.getByTestId('rebuild-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('Rebuilding state from the log');
    await expect(banner.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /\d+/);
    await page.screenshot({ path: 'test-results/screenshots/dashboard-rebuilding.png' });

    await expect(banner).toBeHidden({ timeout: 120_000 });
    await expect(page.getByTestId('connection-state')).toHaveText('Live');
    const health = (await (await page.request.get(`${server.url}/api/health`)).json()) as {
      rebuild: { state: string; replayed: number };
    };
    expect(health.rebuild).toMatchObject({ state: 'live', replayed: RECORDS });
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
