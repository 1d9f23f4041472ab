import { parseTraceparent } from '../../lib/traceparent';

const TRACEPARENT_LENGTH = 55;
const FLAGS_LAST_DIGIT = 54;
/**
 * The ratio is decided on the trace id's last 13 hex digits: W3C Trace Context level 2
 * makes the right part of the id random, and 52 bits still fit a double exactly.
 */
const RATIO_DIGITS_START = 22;
const RATIO_DIGITS_END = 35;
const RATIO_SPACE = 2 ** 52;

/**
 * Whether Waybill records the trace a `traceparent` belongs to: the producer sampled it
 * and its trace id falls within `ratio`. Deterministic in the trace id, so every span of
 * one event (and every Waybill instance) agrees without sharing state. Called for every
 * event, so the common refusals (no context, sampled flag off, outside the ratio) are
 * decided on a few characters before the whole string is validated.
 */
export function createTraceSampler(ratio: number): (traceparent: string | null) => boolean {
  if (!(ratio > 0)) return () => false;
  const threshold = ratio >= 1 ? RATIO_SPACE : Math.floor(ratio * RATIO_SPACE);
  return (traceparent) => {
    if (traceparent === null || traceparent.length !== TRACEPARENT_LENGTH) return false;
    const lastFlagDigit = hexDigit(traceparent.charCodeAt(FLAGS_LAST_DIGIT));
    if (lastFlagDigit < 0 || (lastFlagDigit & 1) === 0) return false;
    if (threshold < RATIO_SPACE && !(ratioPosition(traceparent) < threshold)) return false;
    return parseTraceparent(traceparent) !== null;
  };
}

/** The trace id's random low bits as a number in [0, 2^52), or NaN when they are not hex. */
function ratioPosition(traceparent: string): number {
  let position = 0;
  for (let index = RATIO_DIGITS_START; index < RATIO_DIGITS_END; index++) {
    const digit = hexDigit(traceparent.charCodeAt(index));
    if (digit < 0) return NaN;
    position = position * 16 + digit;
  }
  return position;
}

/** Lowercase only, as W3C Trace Context requires. */
function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}
