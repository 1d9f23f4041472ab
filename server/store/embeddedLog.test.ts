import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
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

describe.each(['here', 'thread'] as const)('EmbeddedLog (SQLite), written %s', (writer) => {
  it('partitions by key like Kafka, assigns offsets in order and append times that never go back', async () => {
    let now = 1_000;
    const log = new EmbeddedLog({ dataDir: tempDir(), partitions: 4, clock: () => now, writer });
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
    await log.close();
  });

  it('writes concurrent appends in one transaction and tells listeners after they are durable', async () => {
    const log = new EmbeddedLog({ dataDir: tempDir(), partitions: 2, writer });
    const seen: LogRecord[][] = [];
    log.onAppend((records) => seen.push(records));
    const results = await Promise.all([log.append([input('a')]), log.append([input('b'), input('c')])]);
    expect(results.map((records) => records.length)).toEqual([1, 2]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.map((r) => Buffer.from(r.value!).toString())).toEqual(['a', 'b', 'c']);
    await log.close();
  });

  it('keeps records across a reopen and never reuses an offset after retention empties a partition', async () => {
    const dataDir = tempDir();
    let now = 10_000;
    const log = new EmbeddedLog({ dataDir, partitions: 1, clock: () => now, writer });
    await log.append([input('x'), input('y')]);
    now = 20_000;
    await log.append([input('z')]);
    expect(await log.deleteBefore(15_000)).toBe(2);
    await log.close();

    const reopened = new EmbeddedLog({ dataDir, partitions: 1, clock: () => now, writer });
    expect(reopened.offsetForTime(0, 0)).toBe(2);
    expect(reopened.read(0, 0, 10).map((r) => r.offset)).toEqual([2]);
    expect(reopened.lastAppendTime(0)).toBe(20_000);
    expect(await reopened.deleteBefore(30_000)).toBe(1);
    const [next] = await reopened.append([input('w')]);
    expect(next!.offset).toBe(3);
    await reopened.close();
  });

  it('deletes what retention drops a chunk at a time, oldest first', async () => {
    let now = 1_000;
    const log = new EmbeddedLog({ dataDir: tempDir(), partitions: 2, clock: () => now, writer });
    for (let i = 0; i < 5; i += 1) {
      now = 1_000 * (i + 1);
      await log.append([input(`SHP-${i}`), input(`SHP-${i + 10}`)]);
    }
    // Ten records, eight of them before 5,000: three chunks of at most three.
    expect([await log.deleteSomeBefore(5_000, 3), await log.deleteSomeBefore(5_000, 3), await log.deleteSomeBefore(5_000, 3)]).toEqual([3, 3, 2]);
    expect(await log.deleteSomeBefore(5_000, 3)).toBe(0);
    expect(log.countFrom(0, 0) + log.countFrom(1, 0)).toBe(2);
    await log.close();
  });

  it('refuses a batch whose write fails, tells no listener, and gives its offsets again', async () => {
    const dataDir = tempDir();
    const log = new EmbeddedLog({ dataDir, partitions: 1, writer });
    const seen: number[] = [];
    log.onAppend((records) => seen.push(...records.map((record) => record.offset)));
    await log.append([input('a')]);
    // Another writer took offset 1 behind the log's back: the next insert breaks the key.
    const intruder = new Database(path.join(dataDir, 'waybill.sqlite'));
    intruder.prepare("INSERT INTO log_records (partition, offset, append_time, key, value) VALUES (0, 1, 0, 'x', x'00')").run();
    await expect(log.append([input('b')])).rejects.toThrow(/UNIQUE/);
    intruder.prepare('DELETE FROM log_records WHERE offset = 1').run();
    intruder.close();
    const [again] = await log.append([input('c')]);
    expect(again!.offset).toBe(1);
    expect(seen).toEqual([0, 1]);
    expect(log.read(0, 0, 10).map((r) => Buffer.from(r.value!).toString())).toEqual(['a', 'c']);
    await log.close();
  });

  it('refuses to open a log with another partition count', async () => {
    const dataDir = tempDir();
    await new EmbeddedLog({ dataDir, partitions: 8, writer }).close();
    expect(() => new EmbeddedLog({ dataDir, partitions: 6, writer })).toThrow(/PARTITIONS: the log in this DATA_DIR has 8 partitions/);
  });
});

describe.each(['here', 'thread'] as const)('EmbeddedLog, read ahead %s', (reader) => {
  it('gives what `read` gives: keys, headers, any bytes, a null value', async () => {
    const dataDir = tempDir();
    const log = new EmbeddedLog({ dataDir, partitions: 1, reader });
    await log.append([
      input('a'),
      { key: null, value: Uint8Array.from([0, 255, 10, 13]) },
      { key: 'Zürich-📦', value: Buffer.from('{"x":1}'), headers: { 'waybill.replay.of': 'p0-o0', traceparent: 't' } },
    ]);
    // A record without a value, as a producer's tombstone would be.
    const other = new Database(path.join(dataDir, 'waybill.sqlite'));
    other.prepare("INSERT INTO log_records (partition, offset, append_time, key, value) VALUES (0, 3, 5, 'k', NULL)").run();
    other.close();
    const plain = log.read(0, 1, 10);
    const ahead = await log.readAhead(0, 1, 10);
    expect(ahead).toHaveLength(3);
    expect(ahead.map((record) => ({ ...record, value: record.value && [...record.value] }))).toEqual(
      plain.map((record) => ({ ...record, value: record.value && [...record.value] })),
    );
    expect(ahead[2]!.value).toBeNull();
    expect(await log.readAhead(0, 4, 10)).toEqual([]);
    // Ended after a rebuild, the reader starts again when asked.
    await log.endReadAhead();
    expect((await log.readAhead(0, 0, 10)).map((record) => record.offset)).toEqual([0, 1, 2, 3]);
    await log.close();
    await expect(log.readAhead(0, 0, 10)).rejects.toThrow(/closed/);
  });
});
