import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventFilter } from '../../lib/events';
import type { LogRecord } from '../pipeline/logRecord';
import { Pipeline } from '../pipeline/pipeline';
import { T0, TestLog, testEvent } from '../pipeline/testing';
import { emptyFilter, type IndexedInput } from './eventIndex';
import { BLOCK_CAPACITY } from './indexBlock';
import { REPLAY_OF_HEADER, SqliteEventIndex } from './sqliteEventIndex';
import { EVENT_TYPES } from '../../lib/contract/eventTypes';

const dirs: string[] = [];
const indexes: SqliteEventIndex[] = [];
afterEach(async () => {
  for (const index of indexes.splice(0)) await index.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function openIndex(dataDir?: string) {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-index-'));
  if (!dataDir) dirs.push(dir);
  const index = new SqliteEventIndex({ dataDir: dir, clock: () => T0 });
  indexes.push(index);
  return { index, dir };
}

const REGIONS = ['eu-west', 'uk', 'us-east'];
const TYPES = ['shipment.created', 'shipment.arrived_at_hub', 'shipment.exception'] as const;

/** `count` records over `partitions`, one per 10 ms of append time, a few of them bad, duplicated or late. */
function traffic(count: number, partitions = 3) {
  const log = new TestLog();
  const records: LogRecord[] = [];
  for (let i = 0; i < count; i += 1) {
    const partition = i % partitions;
    const appendTime = T0 + i * 10;
    if (i % 97 === 0) {
      records.push(log.record('{not json', { partition, appendTime, raw: true }));
      continue;
    }
    const event = testEvent({
      id: `e-${i % 211 === 0 ? i - 1 : i}`,
      subject: `S-${i % 50}`,
      type: TYPES[i % TYPES.length],
      time: appendTime - 500,
      sequence: Math.floor(i / 50) + 1,
      data: { exceptionCode: 'DAMAGED', carrier: i % 2 ? 'DHL' : 'UPS', facility: { code: `HUB-${i % 4}`, region: REGIONS[Math.floor(i / 3) % REGIONS.length] } },
    });
    records.push(log.record(event, { partition, appendTime }));
  }
  return records;
}

function indexAll(index: SqliteEventIndex, records: LogRecord[], chunk = 100) {
  const pipeline = new Pipeline();
  const outcomes = records.map((record) => pipeline.process(record));
  for (let i = 0; i < records.length; i += chunk) index.add(records.slice(i, i + chunk), outcomes.slice(i, i + chunk), T0 + i);
  return outcomes;
}

async function allPages(index: SqliteEventIndex, filter: EventFilter, limit: number, between?: () => void): Promise<IndexedInput[]> {
  const items: IndexedInput[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 10_000; pages += 1) {
    const page = await index.page({ ...filter, cursor, limit });
    items.push(...page.items);
    between?.();
    cursor = page.nextCursor;
    if (cursor === null) return items;
  }
  throw new Error('paging did not end');
}

const key = (input: IndexedInput) => `p${input.partition}-o${input.offset}`;

describe('SqliteEventIndex', () => {
  it('answers newest append first, filtered, with counts equal to the items found', async () => {
    const { index } = openIndex();
    const records = traffic(3 * BLOCK_CAPACITY + 123);
    const outcomes = indexAll(index, records);
    const filter: EventFilter = { ...emptyFilter(), type: ['shipment.exception'], region: ['uk', 'eu-west'], outcome: ['ok', 'outOfOrder'] };
    const items = await allPages(index, filter, 250);
    const expected = records.filter((record, i) => {
      const outcome = outcomes[i]!;
      if (outcome.kind !== 'ok' && outcome.kind !== 'outOfOrder') return false;
      return outcome.event.type === 'shipment.exception' && ['uk', 'eu-west'].includes(outcome.event.data.facility.region);
    });
    expect(items.length).toBe(expected.length);
    expect(items.length).toBeGreaterThan(100);
    expect(await index.count(filter)).toBe(expected.length);
    expect(new Set(items.map(key)).size).toBe(items.length);
    for (let i = 1; i < items.length; i += 1) expect(items[i - 1]!.appendTime).toBeGreaterThanOrEqual(items[i]!.appendTime);
    expect(await index.count(emptyFilter())).toBe(records.length);
    expect(await index.count({ ...emptyFilter(), outcome: ['deadLetter'], reason: ['invalid_json'] })).toBe(
      outcomes.filter((outcome) => outcome.kind === 'deadLetter').length,
    );
    expect(await index.count({ ...emptyFilter(), outcome: ['duplicate'] })).toBe(outcomes.filter((outcome) => outcome.kind === 'duplicate').length);
  });

  it('reads every field alike from an open block and from its stored form, the word table full or not', async () => {
    const { index, dir } = openIndex();
    // Room for the event types and one value more: regions, carriers and facilities overflow into the blocks.
    const smallDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-index-'));
    dirs.push(smallDir);
    const small = new SqliteEventIndex({ dataDir: smallDir, clock: () => T0, wordCapacity: EVENT_TYPES.length + 1 });
    indexes.push(small);
    const records = traffic(600);
    const log = new TestLog();
    // The same partitions, at offsets after the traffic's.
    for (const record of records) log.record('{}', { partition: record.partition, raw: true });
    // Dead letters that still say what they are: the block keeps their words itself.
    for (let i = 0; i < 20; i += 1) {
      const bad = testEvent({ id: `bad-${i}`, subject: `Zürich-📦-${i}`, type: 'shipment.exception', data: { exceptionCode: 'NOT_A_CODE', carrier: 'DHL', facility: { code: 'HUB-Δ', region: 'eu-west' } } });
      records.push(log.record(bad, { partition: i % 3, appendTime: T0 + 6_000 + i }));
    }
    indexAll(index, records);
    indexAll(small, records);
    const filters: EventFilter[] = [
      { ...emptyFilter(), region: ['eu-west'] },
      { ...emptyFilter(), carrier: ['DHL'], facility: ['HUB-1', 'HUB-Δ'] },
      { ...emptyFilter(), source: '/hubs/AMS-3/scanner-12' },
      { ...emptyFilter(), subject: 'S-7' },
      { ...emptyFilter(), subject: 'Zürich-📦-3' },
      { ...emptyFilter(), type: ['shipment.exception'], outcome: ['deadLetter'] },
    ];
    const open = await Promise.all(records.map((record) => index.get(record.partition, record.offset)));
    const openCounts = await Promise.all(filters.map((filter) => index.count(filter)));
    expect(open.every((input) => input !== null)).toBe(true);
    expect(open.filter((input) => input!.outcome === 'deadLetter' && input!.region === 'eu-west')).toHaveLength(20);
    expect(await Promise.all(records.map((record) => small.get(record.partition, record.offset)))).toEqual(open);
    expect(await Promise.all(filters.map((filter) => small.count(filter)))).toEqual(openCounts);
    expect(openCounts.every((count) => count > 0)).toBe(true);

    await index.close();
    const { index: reopened } = openIndex(dir);
    expect(await Promise.all(records.map((record) => reopened.get(record.partition, record.offset)))).toEqual(open);
    expect(await Promise.all(filters.map((filter) => reopened.count(filter)))).toEqual(openCounts);
  });

  it('reads a block whose columns once held a stored block\'s rows exactly as a block on new columns', async () => {
    // Dead letters (a reason, no subject), gaps and duplicates first; then, on the same
    // partition, inputs with none of these, appended once the first block is stored (its
    // columns are taken again) in one index and at once (new columns) in the other.
    const first = traffic(BLOCK_CAPACITY, 1);
    const log = new TestLog();
    // The same partition, at offsets after the first block's.
    for (let i = 0; i < first.length; i += 1) log.record('{}', { partition: 0, raw: true });
    const second = Array.from({ length: 300 }, (_, i) =>
      log.record(testEvent({ id: `later-${i}`, subject: `L-${i}`, sequence: 1, time: T0 + 30_000 + i }), { partition: 0, appendTime: T0 + 30_500 + i }),
    );
    const pipeline = new Pipeline();
    const outcomes = [...first, ...second].map((record) => pipeline.process(record));
    expect(outcomes.slice(0, BLOCK_CAPACITY).some((outcome) => outcome.kind === 'deadLetter')).toBe(true);
    expect(outcomes.slice(0, BLOCK_CAPACITY).some((outcome) => outcome.kind !== 'deadLetter' && outcome.sequenceGap)).toBe(true);
    expect(outcomes.slice(BLOCK_CAPACITY).every((outcome) => outcome.kind === 'ok' && !outcome.sequenceGap)).toBe(true);

    const { index: reusing } = openIndex();
    const { index: fresh } = openIndex();
    reusing.add(first, outcomes.slice(0, BLOCK_CAPACITY), T0);
    await reusing.whenWritten();
    reusing.add(second, outcomes.slice(BLOCK_CAPACITY), T0);
    fresh.add([...first, ...second], outcomes, T0);
    const read = (index: SqliteEventIndex) => Promise.all(second.map((record) => index.get(record.partition, record.offset)));
    const reused = await read(reusing);
    expect(reused).toEqual(await read(fresh));
    expect(reused.every((input) => input !== null && input.outcome === 'ok' && input.reason === null && input.subject!.startsWith('L-'))).toBe(true);
    for (const filter of [{ ...emptyFilter(), outcome: ['deadLetter' as const] }, { ...emptyFilter(), subject: 'L-7' }]) {
      expect(await reusing.count(filter)).toBe(await fresh.count(filter));
    }
  });

  it('selects by event time with time=event, by append time otherwise', async () => {
    const { index } = openIndex();
    const records = traffic(500);
    indexAll(index, records);
    // Event time is append time - 500 ms: the second [T0+2000, T0+3000) by event time is appended in [T0+2500, T0+3500).
    const byEvent = await allPages(index, { ...emptyFilter(), from: T0 + 2_000, to: T0 + 3_000, time: 'event' }, 1_000);
    expect(byEvent.length).toBeGreaterThan(0);
    expect(byEvent.every((input) => input.eventTime! >= T0 + 2_000 && input.eventTime! < T0 + 3_000)).toBe(true);
    const byAppend = await allPages(index, { ...emptyFilter(), from: T0 + 2_000, to: T0 + 3_000 }, 1_000);
    expect(byAppend).toHaveLength(100);
    expect(byAppend.every((input) => input.appendTime >= T0 + 2_000 && input.appendTime < T0 + 3_000)).toBe(true);
  });

  it('pages without gaps or repeats while inputs keep arriving', async () => {
    const { index } = openIndex();
    const records = traffic(4 * BLOCK_CAPACITY);
    const pipeline = new Pipeline();
    const outcomes = records.map((record) => pipeline.process(record));
    const firstHalf = records.length / 2;
    index.add(records.slice(0, firstHalf), outcomes.slice(0, firstHalf), T0);
    let next = firstHalf;
    const seen = await allPages(index, emptyFilter(), 97, () => {
      // 150 newer inputs arrive between every two pages.
      const end = Math.min(records.length, next + 150);
      index.add(records.slice(next, end), outcomes.slice(next, end), T0);
      next = end;
    });
    expect(seen.map(key)).toEqual(
      records
        .slice(0, firstHalf)
        .map((record) => `p${record.partition}-o${record.offset}`)
        .reverse(),
    );
  });

  it('keeps sealed blocks across a restart and writes nothing twice on a replay', async () => {
    const { index, dir } = openIndex();
    const records = traffic(BLOCK_CAPACITY * 3);
    indexAll(index, records);
    await index.close();
    const { index: reopened } = openIndex(dir);
    expect(await reopened.count(emptyFilter())).toBe(records.length);
    const throughBefore = [0, 1, 2].map((partition) => reopened.indexedThrough(partition));
    indexAll(reopened, records);
    expect(await reopened.count(emptyFilter())).toBe(records.length);
    expect([0, 1, 2].map((partition) => reopened.indexedThrough(partition))).toEqual(throughBefore);
    const one = await reopened.get(1, 7);
    expect(one).toMatchObject({ partition: 1, offset: 7, appendTime: records.find((r) => r.partition === 1 && r.offset === 7)!.appendTime });
    expect(await reopened.get(1, 999_999)).toBeNull();
  });

  it('drops a file of an earlier layout whole, so that the replay indexes everything again', async () => {
    const { index, dir } = openIndex();
    const records = traffic(BLOCK_CAPACITY * 2);
    indexAll(index, records);
    await index.close();
    // The layout before subjects and ids were kept as code units: no texts column, user_version 0.
    const db = new Database(path.join(dir, 'event-index.sqlite'));
    db.exec('ALTER TABLE index_blocks DROP COLUMN texts');
    db.pragma('user_version = 0');
    db.close();
    const { index: reopened } = openIndex(dir);
    expect(await reopened.count(emptyFilter())).toBe(0);
    expect([0, 1, 2].map((partition) => reopened.indexedThrough(partition))).toEqual([0, 0, 0]);
    indexAll(reopened, records);
    await reopened.close();
    const { index: rebuilt } = openIndex(dir);
    expect(await rebuilt.count(emptyFilter())).toBe(records.length);
    const ofS7 = records.filter((r) => Buffer.from(r.value!).toString().includes('"subject":"S-7"')).length;
    expect(ofS7).toBeGreaterThan(0);
    expect(await rebuilt.count({ ...emptyFilter(), subject: 'S-7' })).toBe(ofS7);
  });

  it('finds a shipment by subject, drops a revoked partition, forgets what retention removed', async () => {
    const { index } = openIndex();
    const records = traffic(BLOCK_CAPACITY * 2, 2);
    indexAll(index, records);
    index.sealDue(T0 + 120_000);
    await index.whenWritten();
    const shipment = await index.ofSubject('S-7');
    expect(shipment.length).toBe(records.filter((_, i) => i % 97 !== 0 && i % 50 === 7).length);
    expect(shipment.every((input) => input.subject === 'S-7')).toBe(true);

    index.dropPartition(1);
    expect(await index.count({ ...emptyFilter() })).toBe(records.filter((record) => record.partition === 0).length);
    expect(index.indexedThrough(1)).toBe(0);

    const cutoff = T0 + 20_000;
    index.deleteBefore(cutoff);
    const left = await allPages(index, emptyFilter(), 1_000);
    expect(left.length).toBe(records.filter((record) => record.partition === 0 && record.appendTime >= cutoff).length);
  });

  it('remembers replays by the dead letter they replay, and wakes whoever waits for an input', async () => {
    const { index } = openIndex();
    const log = new TestLog();
    const pipeline = new Pipeline();
    const bad = log.record('nope', { raw: true });
    const waiting = index.waitFor(0, 1, 5_000);
    const replay = log.record(testEvent({ id: 'fixed' }), { headers: { [REPLAY_OF_HEADER]: 'p0-o0' } });
    index.add([bad, replay], [pipeline.process(bad), pipeline.process(replay)], T0);
    expect(await waiting).toMatchObject({ offset: 1, outcome: 'ok', replayOf: 'p0-o0' });
    expect((await index.replaysOf(['p0-o0', 'p9-o9'])).get('p0-o0')).toEqual({ ref: 'p0-o1', appendTime: replay.appendTime });
    expect(await index.waitFor(0, 5, 10)).toBeNull();
  });
});
