import { expect, type APIRequestContext } from '@playwright/test';
import { CLOUDEVENTS_BATCH_CONTENT_TYPE } from '../lib/contract/eventTypes';

/*
 * The journeys post their own events to the running server, under a subject no other
 * test or the simulator uses, so what they look for is theirs and nothing else's.
 */

export function uniqueSubject(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * A CloudEvent of the contract. Event times sit a few seconds before now: the simulator
 * keeps every partition's watermark at the present, and an older bucket would be final,
 * which would make the event late.
 */
export function shipmentEvent(subject: string, type: string, sequence: number | null, eventTime: number, data: Record<string, unknown> = {}) {
  return {
    specversion: '1.0',
    id: `${subject}-${type}-${sequence ?? 'x'}`,
    source: '/hubs/AMS-3/scanner-e2e',
    type,
    time: new Date(eventTime).toISOString(),
    subject,
    dataschema: 'urn:waybill:shipment:2',
    ...(sequence === null ? {} : { sequence: String(sequence) }),
    data: { carrier: 'DHL', facility: { code: 'AMS-3', region: 'eu-west' }, ...data },
  };
}

export async function postBatch(request: APIRequestContext, events: unknown[]) {
  const answer = await request.post('/api/events', {
    headers: { 'content-type': CLOUDEVENTS_BATCH_CONTENT_TYPE },
    data: JSON.stringify(events),
  });
  expect(answer.status()).toBe(202);
  return (await answer.json()) as { accepted: number; rejected: number };
}

/** Waits until the event index holds `count` inputs of the subject: it is written in batches. */
export async function waitForIndexed(request: APIRequestContext, subject: string, count: number) {
  await expect
    .poll(async () => {
      const answer = await request.get(`/api/events/count?subject=${encodeURIComponent(subject)}`);
      return answer.ok() ? ((await answer.json()) as { count: number }).count : -1;
    }, { timeout: 20_000 })
    .toBe(count);
}

export const LAPTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };
