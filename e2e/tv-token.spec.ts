import { expect, test } from '@playwright/test';
import { startServer } from '../server/testing/runningServer';

// A wall cannot type: with a viewer token configured, its link carries the token. The
// page keeps it for the session and takes it out of the address bar at once.

const VIEWER_TOKEN = 'wall-viewer-token-7f3a';

test('/tv?token= shows live data, and the address no longer holds the token', async ({ page }) => {
  test.setTimeout(120_000);
  const server = await startServer({ env: { SIMULATE_RATE: '40', WAYBILL_VIEWER_TOKEN: VIEWER_TOKEN } });
  try {
    // Without the token the wall says why it shows nothing.
    await page.goto(`${server.url}/tv`);
    await expect(page.getByTestId('tv-notice')).toContainText('needs a viewer token', { timeout: 30_000 });
    await expect(page.getByTestId('tv-wall')).toHaveAttribute('data-freshness', 'reconnecting');

    await page.goto(`${server.url}/tv?panels=throughput,pipeline&token=${VIEWER_TOKEN}&region=uk`);
    const wall = page.getByTestId('tv-wall');
    await expect(wall).toHaveAttribute('data-freshness', 'live', { timeout: 30_000 });
    await expect(page.getByTestId('tv-panel-throughput').getByTestId('tv-value')).not.toHaveText('—', { timeout: 20_000 });
    const address = new URL(page.url());
    expect(address.searchParams.has('token')).toBe(false);
    expect(page.url()).not.toContain(VIEWER_TOKEN);
    expect(address.searchParams.get('panels')).toBe('throughput,pipeline');
    expect(address.searchParams.get('region')).toBe('uk');
    await expect(page.getByTestId('tv-panel-throughput').getByTestId('tv-panel-scope')).toHaveText('Region uk · last 1 min');
    expect(await page.evaluate(() => sessionStorage.getItem('waybill.token'))).toBe(VIEWER_TOKEN);
    // Nor is it left in the history entry's state.
    expect(JSON.stringify(await page.evaluate(() => history.state))).not.toContain(VIEWER_TOKEN);

    // A wrong token is refused, and said so.
    await page.evaluate(() => sessionStorage.clear());
    await page.goto(`${server.url}/tv?token=not-the-token`);
    await expect(page.getByTestId('tv-notice')).toContainText('not accepted', { timeout: 30_000 });
    expect(page.url()).not.toContain('not-the-token');
    // The server's log never shows the token either.
    expect(server.output()).not.toContain(VIEWER_TOKEN);
  } finally {
    await server.stop();
  }
});
