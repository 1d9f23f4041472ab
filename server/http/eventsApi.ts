import type { ServerResponse } from 'node:http';
import { DATA_SCHEMA_V2 } from '../../lib/contract/eventTypes';
import { parseTraceparent } from '../../lib/traceparent';
import type { DeadLetterPayload } from '../../lib/deadLetters';
import type { EventDetail, EventListItem, EventPage, ReplayResult } from '../../lib/events';
import type { ReplayInput } from '../deadLetterReplay';
import { decodeRecord } from '../pipeline/decode';
import { Rejection } from '../pipeline/deadLetter';
import { parseRecordRef, recordRef, type LogRecord } from '../pipeline/logRecord';
import type { ShipmentEvent } from '../pipeline/shipmentEvent';
import { validateEvent } from '../pipeline/validate';
import type { EventIndexReader, IndexedInput } from '../store/eventIndex';
import { InvalidCursorError } from '../store/blockScan';
import { ApiError } from './apiError';
import { parseEventFilter } from './eventFilterParams';
import { parseLimit } from './queryParams';
import { shipmentTimeline } from './shipmentTimeline';

/** What the operator endpoints need of the running mode. */
export interface OperatorContext {
  index: EventIndexReader;
  /** An input's record from the log: the embedded log, or read back from Kafka by its coordinates. */
  readRecord: (partition: number, offset: number) => Promise<LogRecord | null>;
  /** When an update covering `time` first reached a dashboard after `processedAt`. */
  firstPushedAt: (processedAt: number, time: number) => number | null;
  /** A dead letter's original input, read from the log by its coordinates; null when there is no such dead letter. */
  deadLetterOriginal: (ref: string) => Promise<ReplayInput | null>;
  /** Re-submits a dead letter, as it was (null) or corrected; answers the new input's outcome (asked of its partition's holder with `authorization`). */
  replay: (ref: string, corrected: Uint8Array | null, authorization?: string) => Promise<ReplayResult>;
  /** A link to a trace in the team's tracing UI (Jaeger, Tempo…), when one is configured. */
  traceUrl?: (traceId: string) => string | null;
  /**
   * With several instances (Kafka mode): the index of every instance as one, for a request
   * carrying this Authorization header; `index` is then this instance's own.
   */
  indexFor?: (authorization: string | undefined) => EventIndexReader;
  /** The partitions this instance's own index answers for (held here, replayed whole): what it answers other instances. */
  localPartitions?: () => ReadonlySet<number>;
}

/** What an answer leaves out, for the index readers that can leave something out. */
function coverageOf(index: EventIndexReader): { partial?: boolean; missingPartitions?: number[] } {
  const coverage = index.coverage?.();
  return coverage ? { partial: coverage.partial, missingPartitions: coverage.missingPartitions } : {};
}

export const MAX_EVENTS_PAGE = 1_000;
const EXPORT_CHUNK = 1_000;

export function toListItem(input: IndexedInput): EventListItem {
  return {
    ref: recordRef(input.partition, input.offset),
    partition: input.partition,
    offset: input.offset,
    appendTime: input.appendTime,
    eventTime: input.eventTime,
    outcome: input.outcome,
    reason: input.reason,
    type: input.type,
    subject: input.subject,
    region: input.region,
    carrier: input.carrier,
    facility: input.facility,
  };
}

export async function listEvents(context: OperatorContext, params: URLSearchParams): Promise<EventPage> {
  const filter = parseEventFilter(params);
  const limit = parseLimit(params.get('limit'), 100, MAX_EVENTS_PAGE);
  const cursor = params.get('cursor') || null;
  try {
    const page = await context.index.page({ ...filter, cursor, limit });
    return { items: page.items.map(toListItem), nextCursor: page.nextCursor, ...coverageOf(context.index) };
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new ApiError('invalid_parameter', `cursor: ${error.message}`);
    throw error;
  }
}

export async function countEvents(context: OperatorContext, params: URLSearchParams): Promise<{ count: number; partial?: boolean; missingPartitions?: number[] }> {
  const count = await context.index.count(parseEventFilter(params));
  return { count, ...coverageOf(context.index) };
}

const CSV_COLUMNS: (keyof EventListItem)[] = ['ref', 'partition', 'offset', 'appendTime', 'eventTime', 'outcome', 'reason', 'type', 'subject', 'region', 'carrier', 'facility'];

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Quoted when it must be; a leading = + - @ is defused so a spreadsheet never runs it.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The header (and trailer) that names partitions an export leaves out: their holders did not answer. */
export const MISSING_PARTITIONS_HEADER = 'x-waybill-missing-partitions';

/**
 * Streams every match, newest first, chunk by chunk: bounded by the filter, never held
 * whole. With several instances, partitions whose holders did not answer are named in a
 * header (from the first pages) and in a trailer (from the whole export).
 */
export async function exportEvents(context: OperatorContext, params: URLSearchParams) {
  const filter = parseEventFilter(params);
  const format = params.get('format') ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv') throw new ApiError('invalid_parameter', `format: expected ndjson or csv, got ${JSON.stringify(format)}`);
  const chunks = context.index.scan(filter, EXPORT_CHUNK)[Symbol.asyncIterator]();
  // The first chunk is read before the answer starts: what it had to leave out goes in a header.
  const first = await chunks.next();
  const missingAtStart = context.index.coverage?.().missingPartitions ?? [];
  const headers: Record<string, string> = {
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    'content-disposition': `attachment; filename="waybill-events.${format}"`,
    'cache-control': 'no-store',
    ...(context.index.coverage ? { trailer: MISSING_PARTITIONS_HEADER } : {}),
    ...(missingAtStart.length > 0 ? { [MISSING_PARTITIONS_HEADER]: missingAtStart.join(',') } : {}),
  };
  const lines = (chunk: IndexedInput[]) =>
    chunk
      .map((input) => {
        const item = toListItem(input);
        return format === 'csv' ? `${CSV_COLUMNS.map((column) => csvField(item[column])).join(',')}\r\n` : `${JSON.stringify(item)}\n`;
      })
      .join('');
  return {
    status: 200,
    headers,
    write: async (res: ServerResponse) => {
      if (format === 'csv') await send(res, `${CSV_COLUMNS.join(',')}\r\n`);
      for (let next = first; !next.done; next = await chunks.next()) {
        if (res.destroyed) return;
        await send(res, lines(next.value));
      }
      if (context.index.coverage) res.addTrailers({ [MISSING_PARTITIONS_HEADER]: context.index.coverage().missingPartitions.join(',') });
    },
  };
}

/** Writes, waiting for the socket to drain when its buffer is full: a slow reader slows the export, not memory. */
function send(res: ServerResponse, text: string): Promise<void> {
  if (res.write(text)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function parseRef(ref: string): { partition: number; offset: number } {
  const coordinates = parseRecordRef(ref);
  if (!coordinates) throw new ApiError('not_found', `no input ${JSON.stringify(ref)}: a ref looks like p3-o1042`);
  return coordinates;
}

/** The validated, upcast event as the pipeline folded it, in CloudEvents form. */
function presentEvent(event: ShipmentEvent): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: event.id,
    source: event.source,
    type: event.type,
    time: new Date(event.time).toISOString(),
    subject: event.subject,
    ...(event.sequence === null ? {} : { sequence: String(event.sequence) }),
    dataschema: DATA_SCHEMA_V2,
    ...(event.traceparent === null ? {} : { traceparent: event.traceparent }),
    ...(event.dataVersion > 2 ? { declaredDataVersion: event.dataVersion } : {}),
    data: event.data,
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export async function eventDetail(context: OperatorContext, ref: string): Promise<EventDetail> {
  const { partition, offset } = parseRef(ref);
  const input = await context.index.get(partition, offset);
  if (!input && context.index.coverage?.().missingPartitions.includes(partition)) {
    throw new ApiError('unavailable', `partition ${partition} is held by an instance that did not answer, or by none yet; try again`);
  }
  if (!input) throw new ApiError('not_found', `no input ${ref} in the event index (never there, or older than the retention)`);
  const record = await context.readRecord(partition, offset);
  let event: ShipmentEvent | null = null;
  if (record && input.outcome !== 'deadLetter') {
    const decoded = decodeRecord(record.value, record.headers, Number.POSITIVE_INFINITY);
    const validated = decoded instanceof Rejection ? decoded : validateEvent(decoded, record.appendTime, Number.POSITIVE_INFINITY);
    if (!(validated instanceof Rejection)) event = validated;
  }
  const traceparent = event?.traceparent ?? record?.headers?.traceparent ?? null;
  const traceId = parseTraceparent(traceparent)?.traceId ?? null;
  // Dead letters and late inputs count by append time, everything else in its event-time bucket.
  const countedAt = input.outcome === 'deadLetter' || input.outcome === 'late' || input.eventTime === null ? input.appendTime : input.eventTime;
  return {
    ref,
    partition,
    offset,
    appendTime: input.appendTime,
    outcome: input.outcome,
    reason: input.reason,
    error: input.error,
    key: record?.key ?? null,
    headers: { ...(record?.headers ?? {}) },
    raw: record?.value ? utf8.decode(record.value) : null,
    event: event ? writableOrNull(presentEvent(event)) : null,
    trace: {
      traceparent,
      traceId,
      traceUrl: traceId !== null ? (context.traceUrl?.(traceId) ?? null) : null,
      eventTime: input.eventTime,
      appendTime: input.appendTime,
      processedAt: input.processedAt,
      firstPushedAt: context.firstPushedAt(input.processedAt, countedAt),
    },
  };
}

const MAX_SUBJECT_LENGTH = 512;

export async function shipmentOf(context: OperatorContext, subject: string) {
  if (subject === '' || subject.length > MAX_SUBJECT_LENGTH) throw new ApiError('invalid_parameter', `subject: expected 1 to ${MAX_SUBJECT_LENGTH} characters`);
  const inputs = await context.index.ofSubject(subject);
  const coverage = coverageOf(context.index);
  if (inputs.length === 0 && coverage.partial) {
    throw new ApiError('unavailable', `partitions ${coverage.missingPartitions!.join(', ')} are held by instances that did not answer, or by none yet; try again`);
  }
  if (inputs.length === 0) throw new ApiError('not_found', `no inputs of shipment ${JSON.stringify(subject)} in the event index`);
  return { ...shipmentTimeline(subject, inputs), ...coverage };
}

/** POST /api/dlq/:ref/replay: an empty body replays the original, a JSON body the corrected event. */
/**
 * The event as the answer shows it, or null when JSON cannot write it: an unknown field
 * nested thousands deep is accepted (the contract ignores it), but would overflow the
 * stack of JSON.stringify; `raw` still shows it as sent.
 */
function writableOrNull<T>(value: T): T | null {
  try {
    JSON.stringify(value);
    return value;
  } catch {
    return null;
  }
}

/** GET /api/dlq/:ref/payload: the whole value a page shows the start of. */
export async function deadLetterPayload(context: OperatorContext, ref: string): Promise<DeadLetterPayload> {
  const original = await context.deadLetterOriginal(ref);
  if (!original) throw new ApiError('not_found', `no dead letter ${ref} (never one, or older than the retention), or its value was not kept`);
  return { ref, payload: utf8.decode(original.value), payloadBytes: original.value.byteLength };
}

export async function replayDeadLetter(context: OperatorContext, ref: string, body: Buffer, authorization?: string): Promise<ReplayResult> {
  let corrected: Uint8Array | null = null;
  if (body.some((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new ApiError('invalid_json', `the corrected event is not JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ApiError('invalid_json', 'the corrected event must be a JSON object');
    try {
      corrected = Buffer.from(JSON.stringify(parsed));
    } catch {
      // JSON.parse takes nesting that JSON.stringify cannot write back (thousands deep).
      throw new ApiError('invalid_json', 'the corrected event is nested too deeply to be taken');
    }
  }
  return context.replay(ref, corrected, authorization);
}
