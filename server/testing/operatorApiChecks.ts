import { expect } from 'vitest';
import { CLOUDEVENTS_CONTENT_TYPE } from '../../lib/contract/eventTypes';
import type { DeadLetterPage } from '../../lib/deadLetters';
import type { EventDetail, EventListItem, EventPage, ReplayResult, ShipmentTimeline } from '../../lib/events';
import type { Summary } from '../../lib/summary';
import type { knownEventSet } from './knownEventSet';

/*
 * The operators' read side, asserted the same way in both modes over the known event set
 * (knownEventSet.ts): the index against the summary, paging, an input's detail, shipment
 * timelines, replays, exports. Each check takes the server's URL.
 */

type KnownSet = ReturnType<typeof knownEventSet>;

export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  expect(response.status, `${url}: ${response.status}`).toBe(200);
  return (await response.json()) as T;
}

/** Every page of a query, bounded in pages. */
export async function allEvents(url: string, query: string, limit = 1_000, between?: () => Promise<void>): Promise<EventListItem[]> {
  const items: EventListItem[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1_000; page += 1) {
    const answer: EventPage = await getJson<EventPage>(`${url}/api/events?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...answer.items);
    if (answer.nextCursor === null) return items;
    cursor = answer.nextCursor;
    await between?.();
  }
  throw new Error('paging did not end');
}

async function count(url: string, query: string): Promise<number> {
  const { count: found } = await getJson<{ count: number }>(`${url}/api/events/count?${query}`);
  const listed = await allEvents(url, query);
  expect(listed.length, `count and list agree for ${query}`).toBe(found);
  return found;
}

/** Polls until the index holds `inputs` inputs in the range: bounded in attempts. */
export async function waitForIndexed(url: string, range: string, inputs: number, attempts = 300): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const { count: found } = await getJson<{ count: number }>(`${url}/api/events/count?${range}`);
    if (found >= inputs) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the event index did not reach ${inputs} inputs`);
}

/** Every filter's count equals the summary's figure for the same range, in the time basis the summary counts it by. */
export async function checkCountsAgainstSummary(url: string, range: string): Promise<void> {
  const summary = await getJson<Summary>(`${url}/api/summary?${range}`);
  expect(await count(url, range)).toBe(summary.inputs);
  expect(await count(url, `${range}&outcome=deadLetter`)).toBe(summary.deadLetters.total);
  for (const [reason, figure] of Object.entries(summary.deadLetters.byReason)) {
    expect(await count(url, `${range}&outcome=deadLetter&reason=${reason}`), reason).toBe(figure);
  }
  expect(await count(url, `${range}&outcome=late`)).toBe(summary.late);
  expect(await count(url, `${range}&time=event&outcome=duplicate`)).toBe(summary.duplicates);
  expect(await count(url, `${range}&time=event&outcome=outOfOrder`)).toBe(summary.outOfOrder);
  const counted = `${range}&time=event&outcome=ok,outOfOrder`;
  expect(await count(url, counted)).toBe(summary.events);
  for (const [type, figure] of Object.entries(summary.byType)) expect(await count(url, `${counted}&type=${type}`), type).toBe(figure);
  for (const [region, figure] of Object.entries(summary.byRegion)) expect(await count(url, `${counted}&region=${region}`), region).toBe(figure);
  for (const [carrier, figure] of Object.entries(summary.byCarrier)) expect(await count(url, `${counted}&carrier=${carrier}`), carrier).toBe(figure);
  for (const [facility, figure] of Object.entries(summary.byFacility)) expect(await count(url, `${counted}&facility=${facility}`), facility).toBe(figure);
  expect(await count(url, `${counted}&type=shipment.exception&region=eu-west`)).toBe(summary.exceptions);
}

/** A click on one event-time second finds exactly the events the chart counted in it. */
export async function checkEventTimeBucket(url: string, set: KnownSet): Promise<void> {
  for (const second of [0, 2_000, 3_000, 7_000]) {
    const from = set.T + second;
    const bucket = await getJson<Summary>(`${url}/api/summary?from=${from}&to=${from + 1_000}`);
    const items = await allEvents(url, `from=${from}&to=${from + 1_000}&time=event&outcome=ok,outOfOrder`);
    expect(items.length, `second ${second}`).toBe(bucket.events);
    expect(items.every((item) => item.eventTime! >= from && item.eventTime! < from + 1_000)).toBe(true);
  }
}

/** Paging from the first page to the last returns every item once while new inputs keep arriving. */
export async function checkPagingWhileArriving(url: string, range: string, post: (index: number) => Promise<void>): Promise<void> {
  const before = await allEvents(url, range);
  let posted = 0;
  const paged = await allEvents(url, range, 3, async () => {
    await post(posted);
    posted += 1;
  });
  expect(posted).toBeGreaterThan(3);
  const refs = paged.map((item) => item.ref);
  expect(new Set(refs).size, 'no repeats').toBe(refs.length);
  // Everything there at the first page is found; newer inputs sort before it and are not pages' business.
  expect(refs.filter((ref) => before.some((item) => item.ref === ref))).toEqual(before.map((item) => item.ref));
  for (let i = 1; i < paged.length; i += 1) expect(paged[i - 1]!.appendTime).toBeGreaterThanOrEqual(paged[i]!.appendTime);
}

export async function checkEventDetails(url: string, range: string): Promise<void> {
  const all = await allEvents(url, range);
  const byOutcome = (outcome: string) => all.find((item) => item.outcome === outcome)!;

  const deadLetter = await getJson<EventDetail>(`${url}/api/events/${byOutcome('deadLetter').ref}`);
  expect(deadLetter).toMatchObject({ outcome: 'deadLetter', event: null });
  expect(deadLetter.reason).not.toBeNull();
  expect(deadLetter.error).toEqual(expect.any(String));

  const versionOne = all.find((item) => item.subject === 'F')!;
  const detail = await getJson<EventDetail>(`${url}/api/events/${versionOne.ref}`);
  expect(detail).toMatchObject({ ref: versionOne.ref, partition: versionOne.partition, offset: versionOne.offset, outcome: 'ok', reason: null });
  // The raw payload is version 1 as sent; the event is upcast to version 2.
  expect(detail.raw).toContain('FRA-1');
  expect(detail.event).toMatchObject({ subject: 'F', dataschema: 'urn:waybill:shipment:2', data: { facility: { code: 'FRA-1', region: 'eu-central' } } });
  expect(detail.trace.eventTime).toBe(versionOne.eventTime);
  expect(detail.trace.appendTime).toBe(versionOne.appendTime);
  expect(detail.trace.processedAt).toBeGreaterThanOrEqual(detail.trace.appendTime);

  for (const outcome of ['duplicate', 'late', 'outOfOrder']) {
    const item = byOutcome(outcome);
    const answer = await getJson<EventDetail>(`${url}/api/events/${item.ref}`);
    expect(answer.outcome).toBe(outcome);
    expect(answer.event).not.toBeNull();
  }
  const missing = await fetch(`${url}/api/events/p0-o999999`);
  expect(missing.status).toBe(404);
  const malformed = await fetch(`${url}/api/events/not-a-ref`);
  expect(malformed.status).toBe(404);
}

export async function checkShipmentTimelines(url: string, set: KnownSet): Promise<void> {
  // C: sequences 1, 3, 2 arrive in that order: 3 is a gap, 2 out of order; the timeline is 1, 2, 3.
  const c = await getJson<ShipmentTimeline>(`${url}/api/shipments/C`);
  expect(c.events.map((event) => event.sequence)).toEqual([1, 2, 3]);
  expect(c.events.map((event) => event.anomalies)).toEqual([[], ['outOfOrder'], ['sequenceGap']]);
  expect(c.legs.map((leg) => leg.durationMs)).toEqual([1_000, 1_000]);

  // A: created, picked up (and its duplicate), delivered after the promise.
  const a = await getJson<ShipmentTimeline>(`${url}/api/shipments/A`);
  expect(a.events.map((event) => event.type)).toEqual(['shipment.created', 'shipment.picked_up', 'shipment.picked_up', 'shipment.delivered']);
  expect(a.events.filter((event) => event.anomalies.includes('duplicate'))).toHaveLength(1);
  expect(a).toMatchObject({ leadTimeMs: 8_000, promisedAt: set.T + 5_000, deliveredAt: set.T + 8_000, slaBreached: true });
  expect(a.legs).toHaveLength(2);

  const b = await getJson<ShipmentTimeline>(`${url}/api/shipments/B`);
  expect(b).toMatchObject({ leadTimeMs: 2_500, slaBreached: false });
  expect((await fetch(`${url}/api/shipments/NO-SUCH`)).status).toBe(404);
}

/** Replays as it was, corrected, and corrected twice: the second counts once. */
export async function checkReplays(url: string, set: KnownSet, range: string, headers: Record<string, string> = {}): Promise<void> {
  const letters = await getJson<DeadLetterPage>(`${url}/api/dlq?limit=100`, { headers });
  const replayable = letters.items.filter((letter) => /^p\d+-o\d+$/.test(letter.ref));
  const notJson = replayable.find((letter) => letter.reason === 'invalid_json' && letter.payload === 'not json')!;
  const noTime = replayable.find((letter) => letter.reason === 'invalid_envelope')!;
  expect(notJson && noTime, 'both dead letters are listed').toBeTruthy();

  const post = (ref: string, body?: string) =>
    fetch(`${url}/api/dlq/${ref}/replay`, { method: 'POST', headers: { ...headers, ...(body ? { 'content-type': CLOUDEVENTS_CONTENT_TYPE } : {}) }, body });

  const asItWas = await post(notJson.ref);
  expect(asItWas.status).toBe(200);
  const again = (await asItWas.json()) as ReplayResult;
  expect(again).toMatchObject({ outcome: 'deadLetter', reason: 'invalid_json' });
  expect(again.ref).not.toBe(notJson.ref);

  const before = await getJson<Summary>(`${url}/api/summary?${range}`, { headers });
  // The event that lacked its time, given one. Stamped now: earlier traffic has moved the
  // watermark past the known set's own seconds.
  const corrected = { ...(JSON.parse(set.ndjsonLines[3]!) as Record<string, unknown>), time: new Date().toISOString() };
  const first = (await (await post(noTime.ref, JSON.stringify(corrected))).json()) as ReplayResult;
  expect(first).toMatchObject({ outcome: 'ok', reason: null });
  const second = (await (await post(noTime.ref, JSON.stringify(corrected))).json()) as ReplayResult;
  expect(second).toMatchObject({ outcome: 'duplicate', reason: null });
  const after = await getJson<Summary>(`${url}/api/summary?${range}`, { headers });
  expect(after.events).toBe(before.events + 1);
  expect(after.duplicates).toBe(before.duplicates + 1);

  const replayed = await getJson<EventDetail>(`${url}/api/events/${first.ref}`, { headers });
  expect(replayed.headers['waybill.replay.of']).toBe(noTime.ref);
  const listed = await getJson<DeadLetterPage>(`${url}/api/dlq?reason=invalid_envelope`, { headers });
  const marked = listed.items.find((letter) => letter.ref === noTime.ref)!;
  expect(marked.replayedAs).toBe(second.ref);
  expect(marked.replayedAt).toEqual(expect.any(Number));

  expect((await post(noTime.ref, '{"unterminated')).status).toBe(400);
  expect((await post('p0-o999999')).status).toBe(404);
}

export async function checkExports(url: string, range: string): Promise<void> {
  const query = `${range}&outcome=deadLetter`;
  const { count: expected } = await getJson<{ count: number }>(`${url}/api/events/count?${query}`);
  const ndjson = await fetch(`${url}/api/events/export?${query}&format=ndjson`);
  expect(ndjson.headers.get('content-type')).toContain('application/x-ndjson');
  const lines = (await ndjson.text()).trim().split('\n');
  expect(lines).toHaveLength(expected);
  expect((JSON.parse(lines[0]!) as EventListItem).outcome).toBe('deadLetter');
  const csv = (await (await fetch(`${url}/api/events/export?${query}&format=csv`)).text()).trim().split('\r\n');
  expect(csv[0]).toBe('ref,partition,offset,appendTime,eventTime,outcome,reason,type,subject,region,carrier,facility');
  expect(csv).toHaveLength(expected + 1);
  expect((await fetch(`${url}/api/events/export?${query}&format=xml`)).status).toBe(400);
}

export async function checkBadParameters(url: string): Promise<void> {
  for (const [query, parameter] of [
    ['outcome=fine', 'outcome'],
    ['time=wall', 'time'],
    ['limit=5000', 'limit'],
    ['cursor=abc', 'cursor'],
    ['from=yesterday', 'from'],
    ['reason=bad_vibes', 'reason'],
  ] as const) {
    const response = await fetch(`${url}/api/events?${query}`);
    expect(response.status, query).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_parameter');
    expect(body.error.message.startsWith(`${parameter}:`), body.error.message).toBe(true);
  }
}
