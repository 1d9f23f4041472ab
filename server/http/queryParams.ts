import { parseTimestamp } from '../pipeline/parseTimestamp';
import { isDimension, type Dimension } from '../../lib/summary';
import { parseDuration } from '../duration';
import { ApiError } from './apiError';

/** The largest distance from the epoch a JavaScript date can stand for (±100,000,000 days). */
const MAX_INSTANT_MS = 8.64e15;

/** An instant as ISO 8601 or epoch milliseconds. */
export function parseInstant(name: string, text: string | null, fallback: number): number {
  if (text === null || text === '') return fallback;
  // As strict as an event's time: RFC 3339 with its zone (2026-02-30 is no date), or epoch ms.
  const value = /^-?\d+$/.test(text) ? Number(text) : parseTimestamp(text);
  // Beyond the range of dates a millisecond no longer adds up: 1e20 + 1000 === 1e20.
  if (!Number.isFinite(value) || Math.abs(value) > MAX_INSTANT_MS) {
    throw new ApiError(
      'invalid_parameter',
      `${name}: expected an RFC 3339 time with its zone (2026-03-01T12:00:00Z) or epoch milliseconds within the range of dates, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

export const DEFAULT_RANGE_MS = 5 * 60_000;

/** `[from, to)`; by default the last 5 minutes. */
export function parseRange(params: URLSearchParams, now: number): { from: number; to: number } {
  const to = parseInstant('to', params.get('to'), now);
  const from = parseInstant('from', params.get('from'), to - DEFAULT_RANGE_MS);
  if (from >= to) throw new ApiError('invalid_parameter', 'from: must be before to');
  return { from, to };
}

export const MAX_SERIES_POINTS = 5_000;

/** A step of at least one second, as milliseconds or a duration (`5s`, `1m`); by default about 60 points. */
export function parseStep(text: string | null, from: number, to: number): number {
  if (text === null || text === '') return Math.max(1_000, Math.ceil((to - from) / 60 / 1_000) * 1_000);
  const step = parseDuration(text);
  if (step === null || step < 1_000 || step % 1_000 !== 0) {
    throw new ApiError('invalid_parameter', `step: expected whole seconds of at least 1s, such as 5s or 60000, got ${JSON.stringify(text)}`);
  }
  if ((to - from) / step > MAX_SERIES_POINTS) {
    throw new ApiError('invalid_parameter', `step: ${text} gives more than ${MAX_SERIES_POINTS} points for this range`);
  }
  return step;
}

export function parseDimension(text: string | null): Dimension | null {
  if (text === null || text === '') return null;
  if (!isDimension(text)) throw new ApiError('invalid_parameter', `by: expected one of type, region, carrier, facility, got ${JSON.stringify(text)}`);
  return text;
}

export function parseLimit(text: string | null, fallback: number, max: number): number {
  if (text === null || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ApiError('invalid_parameter', `limit: expected a whole number from 1 to ${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}
