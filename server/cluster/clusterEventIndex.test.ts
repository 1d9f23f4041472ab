import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogRecord } from '../pipeline/logRecord';
import type { Outcome } from '../pipeline/outcome';
import { Pipeline } from '../pipeline/pipeline';
import { T0, TestLog, testEvent } from '../pipeline/testing';
import { emptyFilter, type EventIndexReader, type IndexedInput } from '../store/eventIndex';
import { SqliteEventIndex } from '../store/sqliteEventIndex';
import type { OperatorContext } from '../http/eventsApi';
import { serveApiRouter } from '../testing/apiRouterServer';
import { ClusterEventIndex, type IndexPlacement } from './clusterEventIndex';

const PARTITIONS = [0, 1, 2, 3];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function openIndex(): SqliteEventIndex {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-cluster-index-'));
  const index = new SqliteEventIndex({ dataDir: dir, clock: () => T0 });
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }), () => index.close());
  return index;
}

/** Inputs over four partitions, a few of them dead letters and duplicates, folded once. */
function traffic(count: number): { records: LogRecord[]; outcomes: Outcome[] } {
  const log = new TestLog();
  const records: LogRecord[] = [];
  for (let i = 0; i < count; i += 1) {
    const partition = i % PARTITIONS.length;
    const appendTime = T0 + Math.floor(i / 3) * 10;
    if (i % 89 === 0) records.push(log.record('{nope', { partition, appendTime, raw: true }));
    else records.push(log.record(testEvent({ id: `e-${i % 101 === 0 ? i - 4 : i}`, subject: `S-${i % 30}`, time: appendTime - 300 }), { partition, appendTime }));
  }
  const pipeline = new Pipeline();
  return { records, outcomes: records.map((record) => pipeline.process(record)) };
}

function indexed(index: SqliteEventIndex, { records, outcomes }: ReturnType<typeof traffic>, partitions: ReadonlySet<number>): SqliteEventIndex {
  const keep = records.map((record) => partitions.has(record.partition));
  index.add(records.filter((_, i) => keep[i]), outcomes.filter((_, i) => keep[i]), T0);
  return index;
}

/** Another instance: its own index behind the real API router, answering for `holds`. */
async function peer(index: SqliteEventIndex, holds: ReadonlySet<number>): Promise<{ url: string; server: http.Server }> {
  const operator = { index, localPartitions: () => holds } as unknown as OperatorContext;
  const served = await serveApiRouter({ operator });
  cleanups.push(() => new Promise<void>((resolve) => served.server.close(() => resolve())));
  return served;
}

async function everyPage(reader: () => EventIndexReader, limit: number, between?: () => void): Promise<IndexedInput[]> {
  const items: IndexedInput[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1_000; pages += 1) {
    const page = await reader().page({ ...emptyFilter(), cursor, limit });
    items.push(...page.items);
    between?.();
    cursor = page.nextCursor;
    if (cursor === null) return items;
  }
  throw new Error('paging did not end');
}

const refOf = (input: IndexedInput) => `p${input.partition}-o${input.offset}`;

describe('the event index of several instances, read as one', () => {
  const data = traffic(2_000);

  it('pages through every instance merged in the index order, each input once, as one index would', async () => {
    const whole = indexed(openIndex(), data, new Set(PARTITIONS));
    const here = indexed(openIndex(), data, new Set([0, 1]));
    const there = await peer(indexed(openIndex(), data, new Set([2, 3])), new Set([2, 3]));
    const placement: IndexPlacement = { partitions: PARTITIONS, local: new Set([0, 1]), urls: new Map([[2, there.url], [3, there.url]]), selfUrl: 'http://here' };
    const cluster = new ClusterEventIndex(here, () => placement);

    const expected = await everyPage(() => whole, 137);
    const merged = await everyPage(() => cluster.forRequest(undefined), 137);
    expect(merged.map(refOf)).toEqual(expected.map(refOf));
    expect(new Set(merged.map(refOf)).size).toBe(data.records.length);
    const reader = cluster.forRequest(undefined);
    expect(await reader.count({ ...emptyFilter(), outcome: ['deadLetter'] })).toBe(await whole.count({ ...emptyFilter(), outcome: ['deadLetter'] }));
    expect(reader.coverage!()).toEqual({ partial: false, missingPartitions: [] });
    // One input, a shipment and an export: from whoever holds them.
    expect(await reader.get(3, 7)).toEqual(await whole.get(3, 7));
    expect((await reader.ofSubject('S-7')).map(refOf).sort()).toEqual((await whole.ofSubject('S-7')).map(refOf).sort());
    const exported: string[] = [];
    for await (const chunk of cluster.forRequest(undefined).scan(emptyFilter(), 250)) exported.push(...chunk.map(refOf));
    expect(exported).toEqual(expected.map(refOf));
  });

  it('keeps its cursors valid while a partition moves between instances mid-paging: no gaps, no repeats', async () => {
    const whole = indexed(openIndex(), data, new Set(PARTITIONS));
    // Both hold partition 1's index (it moves from here to there); the placement says who answers for it.
    const here = indexed(openIndex(), data, new Set([0, 1]));
    const thereIndex = indexed(openIndex(), data, new Set([1, 2, 3]));
    const there = await peer(thereIndex, new Set([1, 2, 3]));
    let placement: IndexPlacement = { partitions: PARTITIONS, local: new Set([0, 1]), urls: new Map([[2, there.url], [3, there.url]]), selfUrl: 'http://here' };
    const cluster = new ClusterEventIndex(here, () => placement);
    let pages = 0;
    const moved = await everyPage(() => cluster.forRequest(undefined), 100, () => {
      pages += 1;
      if (pages === 5) placement = { ...placement, local: new Set([0]), urls: new Map([[1, there.url], [2, there.url], [3, there.url]]) };
    });
    expect(pages).toBeGreaterThan(5);
    expect(moved.map(refOf)).toEqual((await everyPage(() => whole, 100)).map(refOf));
  });

  it('says which partitions it left out when their holder does not answer, or nobody holds them, and carries the token', async () => {
    const here = indexed(openIndex(), data, new Set([0, 1]));
    const asked: (string | undefined)[] = [];
    const placement: IndexPlacement = { partitions: PARTITIONS, local: new Set([0, 1]), urls: new Map([[2, 'http://127.0.0.1:9']]), selfUrl: 'http://here' };
    const cluster = new ClusterEventIndex(here, () => placement, async (_url, _path, _params, authorization) => {
      asked.push(authorization);
      return { ok: false, why: 'refused' };
    });
    const reader = cluster.forRequest('Bearer viewer-token');
    const page = await reader.page({ ...emptyFilter(), cursor: null, limit: 5_000 });
    expect(page.items.every((input) => input.partition === 0 || input.partition === 1)).toBe(true);
    expect(page.items.length).toBeGreaterThan(0);
    expect(reader.coverage!()).toEqual({ partial: true, missingPartitions: [2, 3] });
    expect(asked).toEqual(['Bearer viewer-token']);
    // Before the group's assignment is known, nothing can be whole.
    const unknown = new ClusterEventIndex(here, () => ({ ...placement, partitions: null })).forRequest(undefined);
    await unknown.count(emptyFilter());
    expect(unknown.coverage!().partial).toBe(true);
  });

  it('refuses a cursor that is not one, before asking anyone', async () => {
    let asked = 0;
    const cluster = new ClusterEventIndex(openIndex(), () => ({ partitions: PARTITIONS, local: new Set(), urls: new Map([[0, 'http://x']]), selfUrl: null }), async () => {
      asked += 1;
      return { ok: false, why: 'no' };
    });
    await expect(cluster.forRequest(undefined).page({ ...emptyFilter(), cursor: 'bm90IGEgY3Vyc29y', limit: 10 })).rejects.toThrow(/cursor/);
    expect(asked).toBe(0);
  });
});
