import { NO_VALUE } from '../../lib/format';

/*
 * Instants on operator pages are read to the millisecond (an append and the event it
 * carries differ by less than a second), in the browser's local time like the charts.
 */

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** "2025-12-01 10:42:07.318", local time. */
export function formatTimestamp(epochMs: number | null | undefined): string {
  if (typeof epochMs !== 'number' || !Number.isFinite(epochMs)) return NO_VALUE;
  const date = new Date(epochMs);
  return `${localDate(date)} ${localTime(date)}.${pad(date.getMilliseconds(), 3)}`;
}

/** "10:42:07.318", local time: for rows where the day is plain from context. */
export function formatTimeOfDay(epochMs: number | null | undefined): string {
  if (typeof epochMs !== 'number' || !Number.isFinite(epochMs)) return NO_VALUE;
  const date = new Date(epochMs);
  return `${localTime(date)}.${pad(date.getMilliseconds(), 3)}`;
}

/** The value of an `<input type="datetime-local" step="1">`: "2025-12-01T10:42:07". */
export function toLocalInputValue(epochMs: number | null): string {
  if (epochMs === null || !Number.isFinite(epochMs)) return '';
  const date = new Date(epochMs);
  return `${localDate(date)}T${localTime(date)}`;
}

/** Epoch ms of a datetime-local value (seconds optional); null when it is empty or not a time. */
export function fromLocalInputValue(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value);
  if (!match) return null;
  const [, year, month, day, hours, minutes, seconds = '0', millis = '0'] = match;
  const date = new Date(Number(year), Number(month) - 1, Number(day), Number(hours), Number(minutes), Number(seconds), Number(millis.padEnd(3, '0')));
  return Number.isFinite(date.getTime()) ? date.getTime() : null;
}

function localDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function localTime(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
