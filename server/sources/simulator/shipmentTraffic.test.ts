import { describe, expect, it } from 'vitest';
import { summarize } from '../../pipeline/aggregateQuery';
import { Pipeline } from '../../pipeline/pipeline';
import { partitionForKey } from '../../store/keyPartitioner';
import { ShipmentTrafficGenerator } from './shipmentTraffic';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');

function run(count: number, seed: number) {
  const generator = new ShipmentTrafficGenerator({ seed });
  const pipeline = new Pipeline();
  const offsets = new Map<number, number>();
  const outcomes = new Map<string, number>();
  const encoder = new TextEncoder();
  const bodies: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const now = T0 + i * 20; // 50 events a second
    const input = generator.next(now);
    bodies.push(input.body);
    const partition = partitionForKey(input.key ?? input.body, 8);
    const offset = offsets.get(partition) ?? 0;
    offsets.set(partition, offset + 1);
    const outcome = pipeline.process({ partition, offset, appendTime: now, key: input.key, value: encoder.encode(input.body) });
    const label = outcome.kind === 'deadLetter' ? `deadLetter:${outcome.rejection.reason}` : outcome.kind;
    outcomes.set(label, (outcomes.get(label) ?? 0) + 1);
  }
  const summary = summarize(pipeline.partitions(), T0 - 600_000, T0 + count * 20 + 1_000, null);
  return { outcomes, summary, bodies };
}

describe('ShipmentTrafficGenerator', () => {
  it('produces every case the pipeline must handle, mostly valid traffic', () => {
    const { outcomes, summary } = run(6_000, 7);
    for (const kind of ['ok', 'duplicate', 'outOfOrder', 'late']) expect(outcomes.get(kind), kind).toBeGreaterThan(0);
    for (const reason of ['invalid_json', 'invalid_envelope', 'schema_violation', 'unsupported_schema', 'too_large']) {
      expect(outcomes.get(`deadLetter:${reason}`), reason).toBeGreaterThan(0);
    }
    expect(summary.events / summary.inputs).toBeGreaterThan(0.9);
    expect(summary.futureSchema).toBeGreaterThan(0);
    expect(summary.exceptions).toBeGreaterThan(0);
    expect(summary.deliveries).toBeGreaterThan(0);
    expect(summary.byType['device.telemetry']).toBeGreaterThan(0);
    expect(Object.keys(summary.byRegion).length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(summary.byCarrier).length).toBe(6);
  });

  it('includes version 1 producers, whose data is upcast', () => {
    const { bodies } = run(500, 3);
    const versionOne = bodies.filter((body) => body.includes('"hub"') && !body.includes('dataschema'));
    expect(versionOne.length).toBeGreaterThan(20);
  });

  it('is deterministic for a seed', () => {
    expect(run(300, 11).bodies).toEqual(run(300, 11).bodies);
    expect(run(300, 11).bodies).not.toEqual(run(300, 12).bodies);
  });
});
