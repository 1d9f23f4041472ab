import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogRecord } from '../pipeline/logRecord';
import { EmbeddedLog } from './embeddedLog';
import { partitionForKey } from './keyPartitioner';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-log-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const input = (key: string, text = key) => ({ key, value: Buffer.from(text) });

describe('EmbeddedLog (SQLite)', () => {
  it('partitions by key like Kafka, assigns offsets in order and append times that never go back', async () => {
    let now = 1_000;
    const log = new EmbeddedLog({ dataDir: tempDir(), partitions: 4, clock: () => now });
    const first = await log.append([input('SHP-1', 'a'), input('SHP-1', 'b')]);
    now = 500; // the clock steps back
    const second = await log.append([input('SHP-1', 'c')]);
    const partition = partitionForKey('SHP-1', 4);
    expect([...first, ...second].map((r) => [r.partition, r.offset, r.appendTime])).toEqual([
      [partition, 0, 1_000],
      [partition, 1, 1_000],
      [partition, 2, 1_000],
    ]);
    expect(log.read(partition, 1, 10).map((r) => Buffer.from(r.value!).toString())).toEqual(['b', 'c']);
    log.close();
  });

  it('writes concurrent appends in one transaction and tells listeners after they are durable', async () => {
    const log = new EmbeddedLog({ dataDir: tempDir(), partitions: 2 });
    const seen: LogRecord[][] = [];
    log.onAppend((records) => seen.push(records));
    const results = await Promise.all([log.append([input('a')]), log.append([input('b'), input('c')])]);
    expect(results.map((records) => records.length)).toEqual([1, 2]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.map((r) => Buffer.from(r.value!).toString())).toEqual(['a', 'b', 'c']);
    log.close();
  });

  it('keeps records across a reopen and never reuses an offset after retention empties a partition', async () => {
    const dataDir = tempDir();
    let now = 10_000;
    const log = new EmbeddedLog({ dataDir, partitions: 1, clock: () => now });
    await log.append([input('x'), input('y')]);
    now = 20_000;
    await log.append([input('z')]);
    expect(log.deleteBefore(15_000)).toBe(2);
    log.close();

    const reopened = new EmbeddedLog({ dataDir, partitions: 1, clock: () => now });
    expect(reopened.offsetForTime(0, 0)).toBe(2);
    expect(reopened.read(0, 0, 10).map((r) => r.offset)).toEqual([2]);
    expect(reopened.lastAppendTime(0)).toBe(20_000);
    expect(reopened.deleteBefore(30_000)).toBe(1);
    const [next] = await reopened.append([input('w')]);
    expect(next!.offset).toBe(3);
    reopened.close();
  });

  it('deletes what retention drops a chunk at a time, oldest first', async () => {
    let now = 1_000;
    const log = new EmbeddedLog({ dataDir: tempDir(), partitions: 2, clock: () => now });
    for (let i = 0; i < 5; i += 1) {
      now = 1_000 * (i + 1);
      await log.append([input(`SHP-${i}`), input(`SHP-${i + 10}`)]);
    }
    // Ten records, eight of them before 5,000: three chunks of at most three.
    expect([log.deleteSomeBefore(5_000, 3), log.deleteSomeBefore(5_000, 3), log.deleteSomeBefore(5_000, 3)]).toEqual([3, 3, 2]);
    expect(log.deleteSomeBefore(5_000, 3)).toBe(0);
    expect(log.countFrom(0, 0) + log.countFrom(1, 0)).toBe(2);
    log.close();
  });

  it('refuses to open a log with another partition count', () => {
    const dataDir = tempDir();
    new EmbeddedLog({ dataDir, partitions: 8 }).close();
    expect(() => new EmbeddedLog({ dataDir, partitions: 6 })).toThrow(/PARTITIONS: the log in this DATA_DIR has 8 partitions/);
  });
});
