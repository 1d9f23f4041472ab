import { expect, test } from '@playwright/test';
import type { DeadLetterPage, DeadLetterPayload, DeadLetterView } from '../lib/deadLetters';
import { LAPTOP, PHONE, postBatch, shipmentEvent, uniqueSubject } from './operatorData';

// A dead letter found, corrected in the editor and replayed, against the real server.

test('a dead letter is replayed corrected, its outcome linked, and it shows as replayed', async ({ page, request }) => {
  const subject = uniqueSubject('E2E-DLQ');
  const broken = shipmentEvent(subject, 'shipment.teleported', 1, Date.now() - 2_000);
  expect((await postBatch(request, [broken])).rejected).toBe(1);
  // Rejected at ingest, the letter has no key; its payload names the subject.
  let letterRef = '';
  await expect
    .poll(async () => {
      const answer = await request.get('/api/dlq?reason=schema_violation&type=shipment.teleported');
      const page = (await answer.json()) as DeadLetterPage;
      letterRef = page.items.find((item) => item.payload?.includes(subject))?.ref ?? '';
      return letterRef;
    }, { timeout: 20_000 })
    .toMatch(/^p\d+-o\d+$/);

  await page.setViewportSize(LAPTOP);
  await page.goto('/dlq?reason=schema_violation&type=shipment.teleported');
  await expect(page.getByTestId('reason-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
  const letter = page.locator(`[data-testid="dead-letter-row"][data-ref="${letterRef}"]`);
  await expect(letter).toHaveCount(1);
  await expect(letter).toContainText('Not replayed');
  await letter.click();
  await expect(page.getByTestId('dead-letter-payload')).toContainText('"type": "shipment.teleported"');
  await page.screenshot({ path: 'test-results/screenshots/dlq-laptop.png' });

  await page.getByTestId('open-replay').click();
  const dialog = page.getByTestId('replay-dialog');
  const editor = dialog.locator('.cm-content');
  await expect(editor).toContainText('shipment.teleported');

  // Invalid JSON is caught in the editor and never sent.
  const replayRequests: string[] = [];
  page.on('request', (sent) => {
    if (sent.url().includes('/replay')) replayRequests.push(sent.url());
  });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText('{ "type": shipment.created }');
  await dialog.getByTestId('replay-corrected').click();
  await expect(dialog.getByTestId('replay-invalid')).toContainText('Not valid JSON');
  expect(replayRequests).toEqual([]);

  const corrected = { ...broken, type: 'shipment.created', time: new Date().toISOString() };
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(JSON.stringify(corrected, null, 2));
  await page.screenshot({ path: 'test-results/screenshots/dlq-replay-editor-laptop.png' });
  await dialog.getByTestId('replay-corrected').click();

  const result = dialog.getByTestId('replay-result');
  await expect(result.getByTestId('outcome-badge')).toHaveText(/OK/);
  const newRef = (await result.getByTestId('replay-result-link').textContent())!;
  expect(newRef).toMatch(/^p\d+-o\d+$/);
  expect(replayRequests).toHaveLength(1);
  await page.screenshot({ path: 'test-results/screenshots/dlq-replay-result-laptop.png' });

  // The letter stays, marked replayed, linked to the new input.
  await dialog.getByRole('button', { name: 'Close' }).click();
  const replayedNote = letter.getByTestId('replayed-note');
  await expect(replayedNote).toContainText(`as ${newRef}`);
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: 'test-results/screenshots/dlq-phone.png', fullPage: true });
  await page.setViewportSize(LAPTOP);

  await replayedNote.getByTestId('replayed-as-link').click();
  await expect(page).toHaveURL(new RegExp(`/events/${newRef}$`));
  await expect(page.getByTestId('event-detail').getByTestId('outcome-badge')).toHaveText(/OK/);
  await expect(page.getByTestId('event-json')).toContainText('"type": "shipment.created"');
  await expect(page.getByTestId('shipment-link')).toHaveText(subject);
});

test('a dead letter longer than a page shows is viewed and replayed whole', async ({ page, request }) => {
  const subject = uniqueSubject('E2E-DLQ-LONG');
  // Unknown fields are kept in the payload: this one puts its end well past the page's preview.
  const broken = { ...shipmentEvent(subject, 'shipment.teleported', 1, Date.now() - 2_000), note: `${'n'.repeat(6_000)} END-OF-NOTE` };
  expect((await postBatch(request, [broken])).rejected).toBe(1);
  let letter: DeadLetterView | undefined;
  await expect
    .poll(async () => {
      const answer = await request.get('/api/dlq?reason=schema_violation&type=shipment.teleported');
      letter = ((await answer.json()) as DeadLetterPage).items.find((item) => item.payload?.includes(subject));
      return letter?.payloadTruncated;
    }, { timeout: 20_000 })
    .toBe(true);
  expect(letter!.payload).not.toContain('END-OF-NOTE');

  await page.setViewportSize(LAPTOP);
  await page.goto('/dlq?reason=schema_violation&type=shipment.teleported');
  await page.locator(`[data-testid="dead-letter-row"][data-ref="${letter!.ref}"]`).click();
  await expect(page.getByTestId('dead-letter-payload')).toContainText('END-OF-NOTE');
  await expect(page.getByTestId('dead-letter-payload-partial')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/dlq-long-payload-laptop.png' });

  // Replayed corrected without an edit, the editor's text is sent: the whole payload, dead-lettered again.
  await page.getByTestId('open-replay').click();
  const dialog = page.getByTestId('replay-dialog');
  await expect(dialog.locator('.cm-content')).toContainText('shipment.teleported');
  await dialog.getByTestId('replay-corrected').click();
  const newRef = (await dialog.getByTestId('replay-result-link').textContent())!;
  const replayed = (await (await request.get(`/api/dlq/${newRef}/payload`)).json()) as DeadLetterPayload;
  expect(replayed.payload).toContain('END-OF-NOTE');
  expect(replayed.payloadBytes).toBe(letter!.payloadBytes);
});
