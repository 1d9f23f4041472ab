import { formatCount, formatDuration, formatPercent } from '../../lib/format';

/*
 * When a KPI tile asks for a look, and why. Each rule names its threshold, and the
 * reason it gives is the tile's tooltip, so an operator never has to guess why a tile is marked.
 */

/** Dead letters over inputs: above 1 % a producer is likely sending something broken. */
export const ERROR_RATE_THRESHOLD = 0.01;
/** Event time → log: beyond 5 s (the default allowed lateness) events start to hold the watermark back or turn late. */
export const LATENCY_P95_THRESHOLD_MS = 5_000;
/** Every dead letter is an input that counted nowhere: any at all asks for a look. */
export const DEAD_LETTERS_THRESHOLD = 0;
/** A late event changed no figure: any at all means figures are missing something. */
export const LATE_THRESHOLD = 0;

/** Why a tile is marked, or null when it is not. */
export type Attention = string | null;

export function errorRateAttention(errorRate: number | null | undefined): Attention {
  if (errorRate === null || errorRate === undefined || !(errorRate > ERROR_RATE_THRESHOLD)) return null;
  return `Error rate ${formatPercent(errorRate)} is above the ${formatPercent(ERROR_RATE_THRESHOLD, 0)} threshold`;
}

export function latencyAttention(p95Ms: number | null | undefined): Attention {
  if (p95Ms === null || p95Ms === undefined || !(p95Ms > LATENCY_P95_THRESHOLD_MS)) return null;
  return `Latency p95 ${formatDuration(p95Ms)} is above the ${formatDuration(LATENCY_P95_THRESHOLD_MS)} threshold`;
}

/** `during` completes the sentence: "in the last 5 min", "in the selected range". */
function countAttention(count: number | null | undefined, threshold: number, noun: [string, string], during: string): Attention {
  if (count === null || count === undefined || !(count > threshold)) return null;
  return `${formatCount(count)} ${count === 1 ? noun[0] : noun[1]} ${during}, above the threshold of ${formatCount(threshold)}`;
}

export function deadLettersAttention(count: number | null | undefined, during: string): Attention {
  return countAttention(count, DEAD_LETTERS_THRESHOLD, ['dead letter', 'dead letters'], during);
}

export function lateAttention(count: number | null | undefined, during: string): Attention {
  return countAttention(count, LATE_THRESHOLD, ['late event', 'late events'], during);
}
