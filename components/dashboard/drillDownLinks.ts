import type { DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import type { EventType } from '../../lib/contract/eventTypes';
import type { EventOutcome, TimeBasis } from '../../lib/events';

/*
 * Links from a figure of the dashboard to the events behind it, on the /events page
 * (its parameters are the API's). The count /events finds must equal what the figure
 * showed, so each link selects on the clock the figure counts by (DESIGN.md section 4):
 *
 * - by event time: events, their split by type, region and carrier, exceptions and
 *   latency count the valid, first-seen inputs that were not late, i.e. outcomes `ok` and
 *   `outOfOrder` (an out-of-order event still counts in its bucket); duplicates and
 *   out-of-order are counted by event time too;
 * - by append time: inputs (everything), dead letters and late events (a late event
 *   changes no bucket, so only its arrival can place it).
 */

export const EVENTS_PATH = '/events';

/** What a figure selects; the time range comes from the bucket or window it covers. */
export interface DrillDownFilter {
  time: TimeBasis;
  type?: readonly EventType[];
  region?: readonly string[];
  carrier?: readonly string[];
  outcome?: readonly EventOutcome[];
  reason?: readonly DeadLetterReason[];
}

export interface TimeRange {
  from: number;
  to: number;
}

/** The outcomes of the inputs that count as events. */
export const COUNTED_OUTCOMES: readonly EventOutcome[] = ['ok', 'outOfOrder'];

/** Events (optionally of one type, region or carrier), as throughput, breakdown, exceptions and latency count them. */
export function countedEvents(selection: Pick<DrillDownFilter, 'type' | 'region' | 'carrier'> = {}): DrillDownFilter {
  return { time: 'event', ...selection, outcome: COUNTED_OUTCOMES };
}

export const EXCEPTIONS: DrillDownFilter = countedEvents({ type: ['shipment.exception'] });
export const INPUTS: DrillDownFilter = { time: 'append' };
export const LATE: DrillDownFilter = { time: 'append', outcome: ['late'] };
export const DUPLICATES: DrillDownFilter = { time: 'event', outcome: ['duplicate'] };
export const OUT_OF_ORDER: DrillDownFilter = { time: 'event', outcome: ['outOfOrder'] };

export function deadLetters(reason?: DeadLetterReason): DrillDownFilter {
  return reason ? { time: 'append', outcome: ['deadLetter'], reason: [reason] } : { time: 'append', outcome: ['deadLetter'] };
}

/** A series point covers [t, t + step). */
export function bucketRange(t: number, step: number): TimeRange {
  return { from: t, to: t + step };
}

const LIST_PARAMETERS = ['type', 'region', 'carrier', 'outcome', 'reason'] as const;

function listValue(values: readonly string[]): string {
  // Commas stay readable: they separate the values of one parameter.
  return values.map((value) => encodeURIComponent(value)).join(',');
}

/** The /events URL of a filter over a range, parameters in a fixed order so equal links are equal strings. */
export function eventsHref(filter: DrillDownFilter, range: TimeRange): string {
  const parts = [
    `from=${Math.floor(range.from)}`,
    `to=${Math.ceil(range.to)}`,
    `time=${filter.time}`,
  ];
  for (const name of LIST_PARAMETERS) {
    const values = filter[name];
    if (values && values.length > 0) parts.push(`${name}=${listValue(values)}`);
  }
  return `${EVENTS_PATH}?${parts.join('&')}`;
}

const SECOND_MS = 1_000;

/**
 * The range, in whole seconds, that a summary over [from, to) counted: the server rounds
 * `from` down to its second and includes the second in which `to` falls. A link to the
 * events behind a summary's figure must cover the same seconds to find the same count.
 */
export function countedSeconds(from: number, to: number): TimeRange {
  return { from: Math.floor(from / SECOND_MS) * SECOND_MS, to: Math.floor(to / SECOND_MS) * SECOND_MS + SECOND_MS };
}
