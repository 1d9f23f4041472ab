import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pipeline } from '../server/pipeline/pipeline';
import type { Outcome } from '../server/pipeline/outcome';
import type { LogRecord } from '../server/pipeline/logRecord';
import { SqliteEventIndex } from '../server/store/sqliteEventIndex';
import { partitionForKey } from '../server/store/keyPartitioner';
import { ShipmentTrafficGenerator } from '../server/sources/simulator/shipmentTraffic';
async function main() {
const generator = new ShipmentTrafficGenerator({ seed: 42, faults: { duplicate: 0, outOfOrder: 0, late: 0, malformed: 0 } });
const START = Date.parse('2026-03-01T12:00:00.000Z');
const offsets = new Array<number>(8).fill(0);
const records: LogRecord[] = [];
for (let i = 0; i < 200000; i += 1) { const now = START + Math.floor((i / 2000) * 1000); const input = generator.next(now); const p = partitionForKey(input.key!, 8); records.push({ partition: p, offset: offsets[p]!++, appendTime: now, key: input.key, value: Buffer.from(input.body) }); }
const pipeline = new Pipeline();
const t0 = process.hrtime.bigint();
const outcomes: Outcome[] = records.map((r) => pipeline.process(r));
console.log('pipeline us/event', Number(process.hrtime.bigint() - t0) / 1e3 / records.length);
for (let round = 0; round < 4; round++) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idxprof-'));
  const index = new SqliteEventIndex({ dataDir: dir });
  const t = process.hrtime.bigint();
  for (let s = 0; s < records.length; s += 500) index.add(records.slice(s, s + 500), outcomes.slice(s, s + 500), START);
  const t1 = process.hrtime.bigint();
  await index.whenWritten();
  const t2 = process.hrtime.bigint();
  await index.close();
  console.log('add us/event', (Number(t1 - t) / 1e3 / records.length).toFixed(3), 'writer drain ms', Number(t2 - t1) / 1e6, 'total us/event', (Number(t2 - t) / 1e3 / records.length).toFixed(3));
  fs.rmSync(dir, { recursive: true });
}
}
void main();
