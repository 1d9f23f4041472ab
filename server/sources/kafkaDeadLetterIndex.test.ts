import { Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../sinks/kafkaDeadLetterSink';
import { RefusedInputs } from '../pipeline/refusedInputs';
import { KafkaDeadLetterIndex } from './kafkaDeadLetterIndex';

const HOUR = 60 * 60_000;
const T = Date.parse('2026-03-01T12:00:00.000Z');

function entry(offset: number, failedAt: number): LedgerEntry {
  return { topic: 'events', partition: 0, offset, reason: 'invalid_json', error: 'not JSON', failedAt, key: 'S', value: null, headers: {} };
}

// What the index remembers needs no broker: it is only read from the DLQ topic on start.
function index(clock: () => number) {
  const kafka = new Kafka({ clientId: 'index-test', brokers: ['127.0.0.1:1'] });
  return new KafkaDeadLetterIndex(kafka, { dlqTopic: 'dlq', groupId: 'g', retentionMs: HOUR, clock }, new RefusedInputs(HOUR));
}

describe('KafkaDeadLetterIndex', () => {
  it('knows which inputs are dead-lettered, once each', () => {
    const known = index(() => T);
    known.remember(entry(1, T));
    known.remember(entry(1, T));
    expect(known.has('events', 0, 1)).toBe(true);
    expect(known.has('events', 0, 2)).toBe(false);
    expect(known.page({ reason: null, type: null, from: null, to: null, cursor: null, limit: 10 }).total).toBe(1);
  });

  it('forgets the inputs no rebuild can read again, so its memory stays bounded', () => {
    let now = T;
    const known = index(() => now);
    for (let offset = 0; offset < 15_000; offset += 1) {
      now = T + offset * 1_000;
      known.remember(entry(offset, now));
    }
    // An hour of retention: what failed more than two hours ago is gone (a rebuild still
    // under way may have started from an hour before its own start), the rest is kept.
    expect(known.knownCount).toBe(7_201);
    expect(known.has('events', 0, 7_798)).toBe(false);
    expect(known.has('events', 0, 7_799)).toBe(true);
    expect(known.has('events', 0, 14_999)).toBe(true);
  });
});
