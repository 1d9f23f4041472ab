import { formatClockTime, formatDuration } from '../../lib/format';
import type { FixedRange } from './dashboardUrlState';

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

function localDate(epochMs: number): string {
  const date = new Date(epochMs);
  return `${date.getFullYear()}-${twoDigits(date.getMonth() + 1)}-${twoDigits(date.getDate())}`;
}

/** The value of an `<input type="datetime-local" step="1">` for an instant, in local time. */
export function toDateTimeLocal(epochMs: number): string {
  return `${localDate(epochMs)}T${formatClockTime(epochMs)}`;
}

/** The instant a datetime-local value names in local time; null when it names none. */
export function fromDateTimeLocal(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return null;
  const [year, month, day, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(year, month - 1, day, hours, minutes, seconds);
  // Date rolls 2026-02-30 over into March; such a value names no instant.
  if (date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date.getTime();
}

/** "10:42:00 – 10:47:00 (5 min 0 s)", with the dates when the range is not within today. */
export function formatRangeLabel(range: FixedRange, now: number): string {
  const today = localDate(now);
  const sameDay = localDate(range.from) === today && localDate(range.to) === today;
  const end = (epochMs: number) => (sameDay ? formatClockTime(epochMs) : `${localDate(epochMs)} ${formatClockTime(epochMs)}`);
  return `${end(range.from)} – ${end(range.to)} (${formatDuration(range.to - range.from)})`;
}
