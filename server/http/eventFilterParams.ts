import { DEAD_LETTER_REASONS, type DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import { EVENT_TYPES, isEventType, type EventType } from '../../lib/contract/eventTypes';
import { isOutcome, OUTCOMES, TIME_BASES, type EventFilter, type EventOutcome, type TimeBasis } from '../../lib/events';
import { ApiError } from './apiError';
import { parseInstant } from './queryParams';

const MAX_VALUES = 50;
const MAX_TEXT = 512;

/** A comma list, each item trimmed; empty items dropped. */
function list(params: URLSearchParams, name: string): string[] {
  const values = params
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  if (values.length > MAX_VALUES) throw new ApiError('invalid_parameter', `${name}: at most ${MAX_VALUES} values`);
  for (const value of values) if (value.length > MAX_TEXT) throw new ApiError('invalid_parameter', `${name}: a value is longer than ${MAX_TEXT} characters`);
  return values;
}

function text(params: URLSearchParams, name: string): string | null {
  const value = params.get(name);
  if (value === null || value === '') return null;
  if (value.length > MAX_TEXT) throw new ApiError('invalid_parameter', `${name}: longer than ${MAX_TEXT} characters`);
  return value;
}

function closedList<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[], is: (value: string) => boolean): T[] {
  const values = list(params, name);
  const wrong = values.find((value) => !is(value));
  if (wrong !== undefined) throw new ApiError('invalid_parameter', `${name}: ${JSON.stringify(wrong)} is not one of ${allowed.join(', ')}`);
  return values as T[];
}

/**
 * The filters of GET /api/events and its export and count, parsed and checked: a bad one is
 * a 400 that names it. Without `from`/`to` the whole index is searched.
 */
export function parseEventFilter(params: URLSearchParams): EventFilter {
  const fromText = params.get('from');
  const toText = params.get('to');
  const from = fromText === null || fromText === '' ? null : parseInstant('from', fromText, 0);
  const to = toText === null || toText === '' ? null : parseInstant('to', toText, 0);
  if (from !== null && to !== null && from >= to) throw new ApiError('invalid_parameter', 'from: must be before to');
  const time = params.get('time') ?? 'append';
  if (!(TIME_BASES as readonly string[]).includes(time)) {
    throw new ApiError('invalid_parameter', `time: expected ${TIME_BASES.join(' or ')}, got ${JSON.stringify(time)}`);
  }
  return {
    from,
    to,
    time: time as TimeBasis,
    type: closedList<EventType>(params, 'type', EVENT_TYPES, isEventTypeOrAny),
    region: list(params, 'region'),
    carrier: list(params, 'carrier'),
    facility: list(params, 'facility'),
    subject: text(params, 'subject'),
    source: text(params, 'source'),
    outcome: closedList<EventOutcome>(params, 'outcome', OUTCOMES, isOutcome),
    reason: closedList<DeadLetterReason>(params, 'reason', DEAD_LETTER_REASONS, (value) => (DEAD_LETTER_REASONS as readonly string[]).includes(value)),
  };
}

/**
 * Types outside the contract are accepted too: a dead letter for an unknown type is
 * indexed under the type it named, and an operator may look for it.
 */
function isEventTypeOrAny(value: string): boolean {
  return isEventType(value) || /^[\w.-]{1,128}$/.test(value);
}

/** A filter as the query string parseEventFilter reads back: how an instance asks another for the same matches. */
export function eventFilterParams(filter: EventFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.from !== null) params.set('from', String(filter.from));
  if (filter.to !== null) params.set('to', String(filter.to));
  params.set('time', filter.time);
  for (const name of ['type', 'region', 'carrier', 'facility', 'outcome', 'reason'] as const) {
    for (const value of filter[name]) params.append(name, value);
  }
  if (filter.subject !== null) params.set('subject', filter.subject);
  if (filter.source !== null) params.set('source', filter.source);
  return params;
}
