import { createLoader, createParser, createSerializer, parseAsArrayOf, parseAsString, parseAsStringLiteral } from 'nuqs';
import { DEAD_LETTER_REASONS } from '../../lib/contract/deadLetterReasons';
import { EVENT_TYPES } from '../../lib/contract/eventTypes';
import { OUTCOMES, TIME_BASES, type EventFilter } from '../../lib/events';

/** An instant as the API takes it: epoch ms, or ISO 8601 in a hand-written link; written back as epoch ms. */
export const parseAsInstant = createParser<number>({
  parse: (text) => {
    if (/^-?\d+$/.test(text)) {
      const epochMs = Number(text);
      return Number.isSafeInteger(epochMs) ? epochMs : null;
    }
    const epochMs = Date.parse(text);
    return Number.isFinite(epochMs) ? epochMs : null;
  },
  serialize: (epochMs) => String(epochMs),
});

// Comma lists, as the API takes them; empty entries of a hand-edited link are dropped.
const openList = parseAsArrayOf(parseAsString, ',').withDefault([]);
function closedList<Value extends string>(values: readonly Value[]) {
  return parseAsArrayOf(parseAsStringLiteral(values), ',').withDefault([]);
}

/**
 * The /events page's URL state. The keys are the query parameters of GET /api/events,
 * so a link from a chart is the whole state and the URL is the API call.
 */
export const eventFilterParsers = {
  from: parseAsInstant,
  to: parseAsInstant,
  time: parseAsStringLiteral(TIME_BASES).withDefault('append'),
  type: closedList(EVENT_TYPES),
  region: openList,
  carrier: openList,
  facility: openList,
  subject: parseAsString,
  source: parseAsString,
  outcome: closedList(OUTCOMES),
  reason: closedList(DEAD_LETTER_REASONS),
};

export const MULTI_VALUED_FILTERS = ['type', 'region', 'carrier', 'facility', 'outcome', 'reason'] as const;
export type MultiValuedFilter = (typeof MULTI_VALUED_FILTERS)[number];

/** Reads a filter from a query string (a page URL or an API URL alike). */
export const loadEventFilter: (search: URLSearchParams | string) => EventFilter = createLoader(eventFilterParsers);

const serializeEventFilterValues = createSerializer(eventFilterParsers);

function withoutBlanks(values: readonly string[]): string[] {
  return values.map((value) => value.trim()).filter((value) => value !== '');
}

/** The query string of a filter ("" or "?…"), defaults left out, in the API's names. */
export function serializeEventFilter(filter: EventFilter): string {
  return serializeEventFilterValues({
    ...filter,
    region: withoutBlanks(filter.region),
    carrier: withoutBlanks(filter.carrier),
    facility: withoutBlanks(filter.facility),
    subject: filter.subject?.trim() || null,
    source: filter.source?.trim() || null,
  });
}

/** The filter's parameters for an API call, with extra ones (cursor, limit, format) after them. */
export function eventFilterSearchParams(filter: EventFilter, extra: Record<string, string | number | null> = {}): URLSearchParams {
  const params = new URLSearchParams(serializeEventFilter(filter));
  for (const [name, value] of Object.entries(extra)) {
    if (value !== null) params.set(name, String(value));
  }
  return params;
}

/** How many filters narrow the list, counting a time range as one. */
export function activeFilterCount(filter: EventFilter): number {
  let count = filter.from !== null || filter.to !== null ? 1 : 0;
  for (const name of MULTI_VALUED_FILTERS) if (filter[name].length > 0) count += 1;
  if (filter.subject) count += 1;
  if (filter.source) count += 1;
  return count;
}

/** The /events link of a filter: what a chart, a detail page or a shipment links to. */
export function eventsHref(filter: Partial<EventFilter>): string {
  return `/events${serializeEventFilter({ ...EMPTY_EVENT_FILTER, ...filter })}`;
}

export const EMPTY_EVENT_FILTER: EventFilter = {
  from: null,
  to: null,
  time: 'append',
  type: [],
  region: [],
  carrier: [],
  facility: [],
  subject: null,
  source: null,
  outcome: [],
  reason: [],
};
