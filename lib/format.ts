/**
 * Display formatting shared by every view. Pure and locale-fixed, so a number reads
 * the same in a test, on the server and in any browser.
 */

/** What a value shows when there is nothing to show. */
export const NO_VALUE = '—';

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;

const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimalFormats = new Map<number, Intl.NumberFormat>();

function decimalFormat(fractionDigits: number): Intl.NumberFormat {
  let format = decimalFormats.get(fractionDigits);
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
    decimalFormats.set(fractionDigits, format);
  }
  return format;
}

function isPresent(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A whole count with thousands separators: 12345 → "12,345". */
export function formatCount(value: number | null | undefined): string {
  return isPresent(value) ? countFormat.format(Math.round(value)) : NO_VALUE;
}

const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const smallFormat = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2 });

/**
 * A short number for axis ticks: 1234 → "1.2K". Below one it keeps two significant
 * digits, so a quiet hour's 0.05 events/s does not read as a column of zeros.
 */
export function formatCompact(value: number | null | undefined): string {
  if (!isPresent(value)) return NO_VALUE;
  return Math.abs(value) < 1 && value !== 0 ? smallFormat.format(value) : compactFormat.format(value);
}

/** A number with a fixed number of decimals: (3.14159, 1) → "3.1". */
export function formatDecimal(value: number | null | undefined, fractionDigits = 1): string {
  return isPresent(value) ? decimalFormat(fractionDigits).format(value) : NO_VALUE;
}

/**
 * A ratio (0..1) as a percentage. Small non-zero ratios get more decimals, so an error
 * rate of 0.04 % does not read as "0.0 %".
 */
export function formatPercent(ratio: number | null | undefined, fractionDigits?: number): string {
  if (!isPresent(ratio)) return NO_VALUE;
  const percent = ratio * 100;
  const digits = fractionDigits ?? (percent !== 0 && Math.abs(percent) < 1 ? 2 : 1);
  return `${decimalFormat(digits).format(percent)} %`;
}

/** A duration in the unit a person would say it in: "850 ms", "1.24 s", "4 min 12 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (!isPresent(ms)) return NO_VALUE;
  const sign = ms < 0 ? '-' : '';
  const magnitude = Math.abs(ms);
  if (magnitude === 0) return '0 ms';
  if (magnitude < 10) return `${sign}${decimalFormat(1).format(magnitude)} ms`;
  if (magnitude < SECOND_MS) return `${sign}${Math.round(magnitude)} ms`;
  if (magnitude < 10 * SECOND_MS) return `${sign}${decimalFormat(2).format(magnitude / SECOND_MS)} s`;
  if (magnitude < MINUTE_MS) return `${sign}${decimalFormat(1).format(magnitude / SECOND_MS)} s`;
  if (magnitude < HOUR_MS) {
    const totalSeconds = Math.round(magnitude / SECOND_MS);
    return `${sign}${Math.floor(totalSeconds / 60)} min ${totalSeconds % 60} s`;
  }
  const totalMinutes = Math.round(magnitude / MINUTE_MS);
  return `${sign}${Math.floor(totalMinutes / 60)} h ${totalMinutes % 60} min`;
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** The local wall-clock time of an epoch-ms instant, as HH:MM:SS (24 h). */
export function formatClockTime(epochMs: number | null | undefined): string {
  if (!isPresent(epochMs)) return NO_VALUE;
  const date = new Date(epochMs);
  return `${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}:${twoDigits(date.getSeconds())}`;
}
