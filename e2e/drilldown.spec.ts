import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import type { DeadLetterReason } from '../lib/contract/deadLetterReasons';
import type { Series } from '../lib/summary';
import { bucketRange, countedEvents, deadLetters, eventsHref, LATE, type DrillDownFilter } from '../components/dashboard/drillDownLinks';

// The dashboard as an operator's tool, against the real server (embedded mode, simulator on):
// its view state in the URL, drill-down links into /events, legend toggles and drag-to-zoom.

async function openLive(page: Page, path = '/') {
  await page.goto(path);
  await expect(page.getByTestId('connection-state')).toHaveText('Live', { timeout: 30_000 });
}

/**
 * Shapes of a chart as the page has them now. Recharts mounts a series' shapes anew on every
 * live update (its animation key follows the data, animated or not), so a handle found in one
 * call may be detached, and measure 0, by the next: shapes are found and measured in one
 * evaluation in the page, from a CSS selector.
 */
type ShapeSelector = string;

/**
 * A point well inside the drawn fill of an SVG shape (a stacked band is no rectangle), in
 * page coordinates: the middle of the band's height at some x, so a live update that
 * shifts the band a little still leaves the point inside.
 */
async function pointInsideFill(page: Page, shapes: ShapeSelector): Promise<{ x: number; y: number }> {
  // Among several shapes (the bars of a chart), the one with the longest run inside its fill.
  const findPoint = () =>
    page.evaluate((selector) => {
      let best: { x: number; y: number; run: number; matrix: DOMMatrix } | null = null;
      for (const element of document.querySelectorAll(selector)) {
        const path = element as SVGGeometryElement;
        const box = path.getBBox();
        const matrix = path.getScreenCTM();
        if (!matrix) continue;
        for (const fx of [0.5, 0.6, 0.4, 0.7, 0.3]) {
          const x = box.x + box.width * fx;
          const inside: number[] = [];
          for (let y = box.y; y <= box.y + box.height; y += 0.5) {
            if (path.isPointInFill(new DOMPoint(x, y))) inside.push(y);
          }
          if (inside.length > (best?.run ?? 0)) best = { x, y: inside[Math.floor(inside.length / 2)]!, run: inside.length, matrix };
        }
      }
      if (!best) return null;
      const screen = new DOMPoint(best.x, best.y).matrixTransform(best.matrix);
      return { x: screen.x, y: screen.y };
    }, shapes);
  // Shapes come and go with live updates: look again until one is there to aim at.
  let point: { x: number; y: number } | null = null;
  await expect
    .poll(async () => (point = await findPoint()), { message: 'a point inside the shape', timeout: 30_000 })
    .not.toBeNull();
  return point!;
}

/** Waits until a shape is wide enough to aim at: after a fresh start the data covers only the last seconds. */
async function waitUntilWide(page: Page, shape: ShapeSelector, minWidth: number) {
  const widest = () =>
    page.evaluate(
      (selector) => Math.max(0, ...[...document.querySelectorAll(selector)].map((element) => (element as SVGGraphicsElement).getBBox().width)),
      shape,
    );
  try {
    await expect.poll(widest, { timeout: 45_000 }).toBeGreaterThan(minWidth);
  } catch (error) {
    // Should it never widen, the report shows what the chart drew instead.
    throw new Error(`${(error as Error).message}\n${await describeThroughputChart(page)}`);
  }
}

async function describeThroughputChart(page: Page): Promise<string> {
  const bands = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="chart-throughput"] .recharts-area-area')].map((element) => {
      const box = (element as SVGGraphicsElement).getBBox();
      return `${element.closest('.plot-series')?.getAttribute('class') ?? '?'}: x ${box.x.toFixed(0)} width ${box.width.toFixed(0)} d ${(element.getAttribute('d') ?? '').slice(0, 80)}`;
    }),
  );
  const connection = await page.getByTestId('connection-state').textContent();
  return `connection ${connection}; ${bands.length} bands:\n${bands.join('\n')}`;
}

/** Hover first, as a person does: the chart knows the step under the pointer once its tooltip shows. */
async function clickStep(page: Page, chart: Locator, point: { x: number; y: number }) {
  await page.mouse.move(point.x - 3, point.y);
  await page.mouse.move(point.x, point.y, { steps: 2 });
  await expect(chart.locator('.chart-tooltip')).toBeVisible();
  await page.mouse.click(point.x, point.y);
}

function eventsParams(page: Page): URLSearchParams {
  const url = new URL(page.url());
  expect(url.pathname).toBe('/events');
  return url.searchParams;
}

test('window, breakdown and a fixed range live in the URL and survive a reload', async ({ page }) => {
  await openLive(page, '/?window=15m&by=carrier');
  const windowButton = (label: string) => page.getByTestId('window-select').getByRole('button', { name: label });
  const carrier = page.getByTestId('breakdown-select').getByRole('button', { name: /carrier/i });
  await expect(windowButton('15 min')).toHaveAttribute('aria-pressed', 'true');
  await expect(carrier).toHaveAttribute('aria-pressed', 'true');

  await windowButton('1 h').click();
  await expect(page).toHaveURL(/window=1h/);
  await page.reload();
  await expect(windowButton('1 h')).toHaveAttribute('aria-pressed', 'true');
  await expect(carrier).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('kpi-dead-letters')).toContainText('last 1 h');

  // A fixed range: no live socket, a clear way back.
  const to = Math.ceil(Date.now() / 5_000) * 5_000;
  const from = to - 3 * 60_000;
  await page.goto(`/?by=carrier&from=${from}&to=${to}`);
  await expect(page.getByTestId('connection-state')).toHaveText(/Paused/);
  await expect(page.getByTestId('fixed-range-label')).toContainText('3 min');
  await expect(page.getByTestId('kpi-dead-letters')).toContainText('in range');
  await expect(page.getByTestId('kpi-events-per-second').getByTestId('kpi-value')).not.toHaveText('—', { timeout: 20_000 });
  await expect(page.getByTestId('chart-throughput').locator('svg.recharts-surface')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('fixed-range-label')).toContainText('3 min');

  await page.getByTestId('back-to-live').click();
  await expect(page.getByTestId('connection-state')).toHaveText('Live', { timeout: 30_000 });
  expect(new URL(page.url()).searchParams.has('from')).toBe(false);
  await expect(carrier).toHaveAttribute('aria-pressed', 'true');
});

test('the custom range picker shows the range it was given', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openLive(page);
  await page.getByTestId('custom-range-toggle').click();
  await expect(page.getByTestId('range-picker')).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: 'test-results/screenshots/dashboard-390x844-light-range-picker.png' });
  await page.getByTestId('range-from').fill('2026-01-05T10:00:00');
  await page.getByTestId('range-to').fill('2026-01-05T10:30:00');
  await page.getByTestId('range-apply').click();
  await expect(page.getByTestId('fixed-range-label')).toHaveText('2026-01-05 10:00:00 – 2026-01-05 10:30:00 (30 min 0 s)');
  const params = new URL(page.url()).searchParams;
  expect(Number(params.get('to')) - Number(params.get('from'))).toBe(30 * 60_000);
});

test('a click on a throughput band opens the events of that type in that step, by event time', async ({ page }) => {
  // Up to 45 s for the band to widen after a fresh start, and the journey after it.
  test.setTimeout(90_000);
  await openLive(page);
  const throughput = page.getByTestId('chart-throughput');
  // Telemetry (the contract's last type, series s7) is the busiest band of the simulator.
  const telemetryBand = '[data-testid="chart-throughput"] .plot-series--s7 .recharts-area-area';
  await expect(page.locator(telemetryBand)).toBeVisible({ timeout: 20_000 });
  await waitUntilWide(page, telemetryBand, 60);
  await clickStep(page, throughput, await pointInsideFill(page, telemetryBand));

  await page.waitForURL(/\/events\?/);
  const params = eventsParams(page);
  const from = Number(params.get('from'));
  expect(from % 5_000).toBe(0);
  expect(Number(params.get('to')) - from).toBe(5_000);
  expect(params.get('time')).toBe('event');
  expect(params.get('type')).toBe('device.telemetry');
  expect(params.get('outcome')).toBe('ok,outOfOrder');
  // The events page takes the link as its whole state, and Back leads to the dashboard as it was.
  await expect(page.getByTestId('event-count')).toContainText(/\d+ matching input/, { timeout: 20_000 });
  await page.goBack();
  await expect(page.getByTestId('connection-state')).toHaveText('Live', { timeout: 30_000 });
});

test('from a band of a chart to the events behind it, one of them, and its shipment', async ({ page }) => {
  // Up to 45 s for the band to widen after a fresh start, and the journey after it.
  test.setTimeout(90_000);
  await openLive(page);
  const throughput = page.getByTestId('chart-throughput');
  // Arrivals at hubs (the contract's third type, series s2) belong to shipments with a whole journey.
  const band = '[data-testid="chart-throughput"] .plot-series--s2 .recharts-area-area';
  await expect(page.locator(band)).toBeVisible({ timeout: 20_000 });
  await waitUntilWide(page, band, 60);
  await clickStep(page, throughput, await pointInsideFill(page, band));

  await page.waitForURL(/\/events\?/);
  expect(eventsParams(page).get('type')).toBe('shipment.arrived_at_hub');
  const rows = page.getByTestId('event-row');
  await expect(rows.first()).toBeVisible({ timeout: 20_000 });
  await expect(rows.first()).toContainText('Arrived at hub');
  await page.screenshot({ path: 'test-results/screenshots/journey-1-events.png' });

  await rows.first().click();
  await expect(page).toHaveURL(/\/events\/p\d+-o\d+$/);
  await expect(page.getByTestId('event-json')).toContainText('"type": "shipment.arrived_at_hub"');
  await page.screenshot({ path: 'test-results/screenshots/journey-2-event.png' });

  await page.getByTestId('shipment-link').click();
  await expect(page).toHaveURL(/\/shipments\/[^/]+$/);
  await expect(page.getByTestId('shipment-event').first()).toBeVisible();
  await expect(page.getByTestId('shipment-event').filter({ hasText: 'Arrived at hub' }).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/journey-3-shipment.png', fullPage: true });
});

test('a breakdown row and a KPI tile open their events', async ({ page }) => {
  await openLive(page);
  const firstRow = page.getByTestId('breakdown-row').first();
  await expect(firstRow.getByRole('link')).toBeVisible({ timeout: 20_000 });
  const region = await firstRow.getAttribute('data-value');
  await firstRow.getByRole('link').click();
  await page.waitForURL(/\/events\?/);
  let params = eventsParams(page);
  expect(params.get('time')).toBe('event');
  expect(params.get('region')).toBe(region);
  expect(params.get('outcome')).toBe('ok,outOfOrder');
  expect(Number(params.get('to'))).toBeGreaterThan(Number(params.get('from')));

  await openLive(page);
  await page.getByTestId('kpi-late').getByRole('link').click();
  await page.waitForURL(/\/events\?/);
  params = eventsParams(page);
  expect(params.get('time')).toBe('append');
  expect(params.get('outcome')).toBe('late');
});

test('a dead-letter bar opens the dead letters of its reason, by append time', async ({ page }) => {
  await openLive(page, '/?window=15m');
  const chart = page.getByTestId('chart-dead-letters');
  const bars = '[data-testid="chart-dead-letters"] .plot-series .recharts-bar-rectangle path';
  await expect(page.locator(bars).first()).toBeVisible({ timeout: 30_000 });
  await clickStep(page, chart, await pointInsideFill(page, bars));
  await page.waitForURL(/\/events\?/);
  const params = eventsParams(page);
  expect(params.get('time')).toBe('append');
  expect(params.get('outcome')).toBe('deadLetter');
  expect(params.get('reason')).toMatch(/^[a-z_]+$/);
  expect(Number(params.get('to')) - Number(params.get('from'))).toBe(15_000);
});

test('the legend hides and shows a series', async ({ page }) => {
  await openLive(page);
  const throughput = page.getByTestId('chart-throughput');
  await expect(throughput.locator('.plot-series--s7 .recharts-area-area')).toBeVisible({ timeout: 20_000 });
  const toggle = throughput.getByRole('button', { name: 'Telemetry' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(throughput.locator('.plot-series--s7 .recharts-area-area')).toHaveCount(0);
  await toggle.click();
  await expect(throughput.locator('.plot-series--s7 .recharts-area-area')).toBeVisible();
});

test('a drag across a chart zooms to that range, and Back returns to live', async ({ page }) => {
  await openLive(page);
  const plot = page.getByTestId('chart-latency').locator('.recharts-surface').first();
  await expect(page.getByTestId('chart-latency').locator('.recharts-line-curve').first()).toBeVisible({ timeout: 20_000 });
  const box = (await plot.boundingBox())!;
  const y = box.y + box.height * 0.4;
  await page.mouse.move(box.x + box.width * 0.45, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 8 });
  await expect(page.getByTestId('chart-latency').locator('.recharts-reference-area')).toBeVisible();
  await page.mouse.move(box.x + box.width * 0.8, y, { steps: 8 });
  await page.mouse.up();

  await expect(page.getByTestId('fixed-range-label')).toBeVisible();
  const params = new URL(page.url()).searchParams;
  const from = Number(params.get('from'));
  const to = Number(params.get('to'));
  expect(from % 5_000).toBe(0);
  expect(to - from).toBeGreaterThanOrEqual(10_000);
  expect(to - from).toBeLessThan(5 * 60_000);
  await expect(page.getByTestId('connection-state')).toHaveText(/Paused/);

  await page.goBack();
  await expect(page.getByTestId('connection-state')).toHaveText('Live', { timeout: 30_000 });
});

test('figures that stop updating are marked stale, with the time of the last update', async ({ page }) => {
  // No live socket: the first figures come over HTTP and then nothing moves them. The page
  // opens /live on a WebSocket first, then long-polling: both are refused.
  await page.routeWebSocket(/\/socket\.io\//, (socket) => socket.close());
  await page.route('**/socket.io/**', (route) => route.abort());
  await page.goto('/');
  await expect(page.getByTestId('kpi-events-per-second').getByTestId('kpi-value')).not.toHaveText('—', { timeout: 20_000 });
  const banner = page.getByTestId('stale-banner');
  await expect(banner).toBeVisible({ timeout: 15_000 });
  await expect(banner).toContainText(/Stale — last update \d\d:\d\d:\d\d/);
  await expect(page.locator('main.dashboard')).toHaveAttribute('data-stale', 'true');
  await page.screenshot({ path: 'test-results/screenshots/dashboard-stale-1440-light.png', fullPage: false });
});

test('a fixed range reads as one, in both themes', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLive(page);
  await expect(page.getByTestId('kpi-events-per-second').getByTestId('kpi-value')).not.toHaveText('—', { timeout: 20_000 });
  const to = Math.ceil(Date.now() / 5_000) * 5_000;
  await page.goto(`/?from=${to - 2 * 60_000}&to=${to}`);
  await expect(page.getByTestId('fixed-range-label')).toBeVisible();
  await expect(page.getByTestId('chart-throughput').locator('.recharts-area-area').first()).toBeVisible({ timeout: 20_000 });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `test-results/screenshots/dashboard-fixed-range-1440-${colorScheme}.png` });
  }
});

/** How many inputs /events finds for a dashboard link: the same filter, asked of the count endpoint. */
async function countBehind(request: APIRequestContext, filter: DrillDownFilter, t: number, step: number): Promise<number> {
  const href = eventsHref(filter, bucketRange(t, step)).replace(/^\/events\?/, '/api/events/count?');
  const answer = await request.get(href);
  expect(answer.ok(), href).toBe(true);
  return ((await answer.json()) as { count: number }).count;
}

test('a link from a final bucket finds exactly the events the chart counted there', async ({ request }) => {
  test.setTimeout(120_000);
  const step = 5_000;
  // A bucket is final once the watermark passed it by the grace (30 s); the index is written in batches.
  const seriesOfFinalBuckets = async () => {
    const to = Math.floor((Date.now() - 45_000) / step) * step;
    const answer = await request.get(`/api/series?from=${to - 30_000}&to=${to}&step=${step}&by=region`);
    return (await answer.json()) as Series;
  };
  let series = await seriesOfFinalBuckets();
  await expect
    .poll(async () => (series = await seriesOfFinalBuckets()).points.some((point) => point.events > 0 && point.deadLetters > 0), {
      timeout: 90_000,
      intervals: [5_000],
    })
    .toBe(true);
  const point = series.points.find((candidate) => candidate.events > 0 && candidate.deadLetters > 0)!;

  const [type, typeCount] = Object.entries(point.byType).sort(([, a], [, b]) => b - a)[0]!;
  const [region, regionCount] = Object.entries(point.split ?? {}).sort(([, a], [, b]) => b - a)[0]!;
  const [reason, reasonCount] = Object.entries(point.deadLettersByReason).sort(([, a], [, b]) => b - a)[0]!;
  const expected = {
    events: point.events,
    type: typeCount,
    region: regionCount,
    reason: reasonCount,
    late: point.late,
  };
  await expect
    .poll(async () => ({
      events: await countBehind(request, countedEvents(), point.t, step),
      type: await countBehind(request, countedEvents({ type: [type as 'shipment.created'] }), point.t, step),
      region: await countBehind(request, countedEvents({ region: [region] }), point.t, step),
      reason: await countBehind(request, deadLetters(reason as DeadLetterReason), point.t, step),
      late: await countBehind(request, LATE, point.t, step),
    }), { timeout: 20_000 })
    .toEqual(expected);
});

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
  { width: 1920, height: 1080 },
] as const;

for (const viewport of VIEWPORTS) {
  test(`the dashboard at ${viewport.width}x${viewport.height}, light and dark`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await openLive(page);
    await expect(page.getByTestId('chart-throughput').locator('.recharts-area-area').first()).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('breakdown-row').first()).toBeVisible({ timeout: 20_000 });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({
        path: `test-results/screenshots/dashboard-${viewport.width}x${viewport.height}-${colorScheme}.png`,
        fullPage: true,
      });
      // The tables up close, where a phone makes them hardest to read.
      for (const table of ['chart-breakdown', 'partitions-card']) {
        await page.getByTestId(table).screenshot({
          path: `test-results/screenshots/dashboard-${viewport.width}x${viewport.height}-${colorScheme}-${table}.png`,
        });
      }
    }
    // Every table keeps its columns reachable: nothing wider than the page itself.
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth).toBeLessThanOrEqual(viewport.width);
  });
}
