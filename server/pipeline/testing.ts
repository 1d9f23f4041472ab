import { DATA_SCHEMA_V2, type EventType } from '../../lib/contract/eventTypes';
import type { LogRecord } from './logRecord';

/** Test helpers: events and records with sensible defaults, overridable field by field. */

export const T0 = Date.parse('2026-03-01T12:00:00.000Z');

export interface TestEventOverrides {
  id?: string;
  source?: string;
  type?: EventType | string;
  time?: number | string;
  subject?: string;
  sequence?: number | string;
  dataschema?: string | null;
  data?: Record<string, unknown>;
  [extra: string]: unknown;
}

let nextId = 0;

export function testEvent(overrides: TestEventOverrides = {}): Record<string, unknown> {
  const { time, sequence, dataschema, data, ...rest } = overrides;
  const event: Record<string, unknown> = {
    specversion: '1.0',
    id: `evt-${++nextId}`,
    source: '/hubs/AMS-3/scanner-12',
    type: 'shipment.arrived_at_hub',
    time: new Date(typeof time === 'number' ? time : time === undefined ? T0 : Date.parse(time)).toISOString(),
    subject: 'SHP-1',
    dataschema: DATA_SCHEMA_V2,
    data: { carrier: 'DHL', facility: { code: 'AMS-3', region: 'eu-west' }, ...data },
    ...rest,
  };
  if (typeof time === 'string') event.time = time;
  if (sequence !== undefined) event.sequence = String(sequence);
  if (dataschema === null) delete event.dataschema;
  else if (dataschema !== undefined) event.dataschema = dataschema;
  return event;
}

const encoder = new TextEncoder();

/** Appends records to an in-memory partition log, assigning offsets in order. */
export class TestLog {
  private readonly nextOffset = new Map<number, number>();

  record(value: unknown, options: { partition?: number; appendTime?: number; raw?: boolean; headers?: Record<string, string> } = {}): LogRecord {
    const partition = options.partition ?? 0;
    const offset = this.nextOffset.get(partition) ?? 0;
    this.nextOffset.set(partition, offset + 1);
    const bytes =
      value instanceof Uint8Array ? value : encoder.encode(options.raw ? String(value) : JSON.stringify(value));
    return {
      partition,
      offset,
      appendTime: options.appendTime ?? T0 + 1_000,
      key: null,
      value: bytes,
      headers: options.headers,
    };
  }
}
