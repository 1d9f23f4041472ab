import { expect, test } from '@playwright/test';
import { LAPTOP, PHONE, postBatch, shipmentEvent, uniqueSubject, waitForIndexed } from './operatorData';

// From a filtered link to the raw events, one event's story, and its shipment, against the real server.

test('a filtered link lists the matching events, opens one, and its shipment', async ({ page, request }) => {
  const subject = uniqueSubject('E2E-SHP');
  const base = Date.now() - 8_000;
  const events = [
    shipmentEvent(subject, 'shipment.created', 1, base, { promisedAt: new Date(base + 2_000).toISOString() }),
    shipmentEvent(subject, 'shipment.picked_up', 2, base + 1_000),
    // Sequence 4 before 3: a gap, then 3 arrives out of order.
    shipmentEvent(subject, 'shipment.arrived_at_hub', 4, base + 3_000, { facility: { code: 'FRA-1', region: 'eu-central' } }),
    shipmentEvent(subject, 'shipment.departed_hub', 3, base + 2_000),
    // Delivered after the promise: the SLA is breached.
    shipmentEvent(subject, 'shipment.delivered', 5, base + 4_000, { facility: { code: 'FRA-1', region: 'eu-central' } }),
  ];
  expect((await postBatch(request, events)).accepted).toBe(5);
  await waitForIndexed(request, subject, 5);

  const from = base - 60_000;
  await page.setViewportSize(LAPTOP);
  await page.goto(`/events?from=${from}&subject=${subject}`);
  await expect(page.getByTestId('filter-subject')).toHaveValue(subject);
  await expect(page.getByTestId('event-row')).toHaveCount(5);
  await expect(page.getByTestId('event-count')).toContainText('5 matching');
  await page.screenshot({ path: 'test-results/screenshots/events-laptop.png' });

  // The URL is the whole state: adding a type narrows the list to it.
  await page.goto(`/events?from=${from}&subject=${subject}&type=shipment.departed_hub`);
  const departed = page.getByTestId('event-row');
  await expect(departed).toHaveCount(1);
  await expect(departed).toContainText('Departed hub');
  await expect(departed.getByTestId('outcome-badge')).toHaveText(/Out of order/);

  await page.setViewportSize(PHONE);
  await page.goto(`/events?from=${from}&subject=${subject}`);
  await expect(page.getByTestId('event-row')).toHaveCount(5);
  await page.screenshot({ path: 'test-results/screenshots/events-phone.png' });
  await page.setViewportSize(LAPTOP);

  await page.getByTestId('event-row').filter({ hasText: 'Created' }).click();
  await expect(page).toHaveURL(/\/events\/p\d+-o\d+$/);
  const detail = page.getByTestId('event-detail');
  await expect(detail.getByTestId('outcome-badge')).toHaveText(/OK/);
  await expect(page.getByTestId('event-json')).toContainText('"type": "shipment.created"');
  await expect(page.getByTestId('event-raw')).toContainText(subject);
  await expect(page.getByTestId('trace-appendTime')).not.toContainText('not yet');
  await expect(page.getByTestId('trace-processedAt')).not.toContainText('not yet', { timeout: 10_000 });
  await page.screenshot({ path: 'test-results/screenshots/event-detail-laptop.png', fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: 'test-results/screenshots/event-detail-phone.png', fullPage: true });
  await page.setViewportSize(LAPTOP);

  await page.getByTestId('shipment-link').click();
  await expect(page).toHaveURL(new RegExp(`/shipments/${subject}$`));
  await expect(page.getByTestId('shipment-event')).toHaveCount(5);
  await expect(page.getByTestId('sla-verdict')).toHaveText('SLA breached');
  const markers = page.getByTestId('shipment-timeline').getByTestId('anomaly-marker');
  await expect(markers.filter({ hasText: 'Out of order' })).toHaveCount(1);
  await expect(markers.filter({ hasText: 'Sequence gap' })).toHaveCount(1);
  await expect(page.getByTestId('lead-time')).not.toHaveText('—');
  await page.screenshot({ path: 'test-results/screenshots/shipment-laptop.png', fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: 'test-results/screenshots/shipment-phone.png', fullPage: true });

  // Every page has a way back: the shipment leads to its events.
  await page.getByTestId('back-link').click();
  await expect(page).toHaveURL(new RegExp(`/events\\?subject=${subject}$`));
  await expect(page.getByTestId('event-row')).toHaveCount(5);
});

test('the live tail puts new matches on top without a reload', async ({ page, request }) => {
  const subject = uniqueSubject('E2E-TAIL');
  const now = Date.now();
  await postBatch(request, [shipmentEvent(subject, 'shipment.created', 1, now - 3_000)]);
  await waitForIndexed(request, subject, 1);

  await page.goto(`/events?from=${now - 60_000}&subject=${subject}`);
  await expect(page.getByTestId('event-row')).toHaveCount(1);
  await page.locator('label.switch').click();
  await expect(page.getByTestId('live-tail')).toBeChecked();

  await postBatch(request, [shipmentEvent(subject, 'shipment.picked_up', 2, Date.now() - 1_000)]);
  const rows = page.getByTestId('event-row');
  await expect(rows).toHaveCount(2, { timeout: 15_000 });
  await expect(rows.first()).toContainText('Picked up');
  await expect(rows.first()).toHaveAttribute('data-live', 'true');
});
