import type { ShipmentEvent } from './shipmentEvent';

/**
 * One record of the log, as both sources deliver it: the embedded SQLite log and a
 * Kafka partition. The pipeline sees nothing else of where a record came from.
 */
export interface LogRecord {
  partition: number;
  offset: number;
  /** When the log accepted the record (Kafka record timestamp, or the embedded log's clock). */
  appendTime: number;
  key: string | null;
  value: Uint8Array | null;
  headers?: Readonly<Record<string, string>>;
  /**
   * The event a front door already decoded and validated from `value`, with the pipeline's
   * own limits, at a time no later than `appendTime` (POST /api/events does, to answer the
   * producer). The fold takes it instead of parsing the bytes a second time: valid at an
   * earlier time is valid at the append time too, since only the bound ahead depends on it.
   * It is never stored: a replay decodes the bytes, to the same event.
   */
  validatedEvent?: ShipmentEvent;
}

/** The log coordinates of a record, as the API shows them: `p3-o1042`. */
export function recordRef(partition: number, offset: number): string {
  return `p${partition}-o${offset}`;
}

const REF_PATTERN = /^p(\d{1,6})-o(\d{1,16})$/;
export function parseRecordRef(ref: string): { partition: number; offset: number } | null {
  const match = REF_PATTERN.exec(ref);
  if (!match) return null;
  return { partition: Number(match[1]), offset: Number(match[2]) };
}
