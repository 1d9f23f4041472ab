/** Figures whose inputs the /events page picks out by outcome. */
const OUTCOME_OF_FIGURE: ReadonlyMap<string, string> = new Map([
  ['errorRate', 'deadLetter'],
  ['duplicates', 'duplicate'],
  ['late', 'late'],
  ['outOfOrder', 'outOfOrder'],
]);

/** Figures that count one event type. */
const TYPE_OF_FIGURE: ReadonlyMap<string, string> = new Map([
  ['exceptionRate', 'shipment.exception'],
  ['deliveries', 'shipment.delivered'],
  ['slaBreaches', 'shipment.delivered'],
  ['slaBreachRate', 'shipment.delivered'],
]);

// The /events page's parameter names (components/events/eventFilterParams.ts), so the link is its whole state.
const DIMENSION_PARAMETERS = [
  { prefix: 'byType.', parameter: 'type' },
  { prefix: 'byRegion.', parameter: 'region' },
  { prefix: 'byCarrier.', parameter: 'carrier' },
  { prefix: 'byFacility.', parameter: 'facility' },
] as const;

function filtersOf(figure: string): [string, string][] {
  if (figure.startsWith('deadLetters.')) {
    const reasonPrefix = 'deadLetters.byReason.';
    const reason = figure.startsWith(reasonPrefix) ? figure.slice(reasonPrefix.length) : null;
    return reason ? [['outcome', 'deadLetter'], ['reason', reason]] : [['outcome', 'deadLetter']];
  }
  const outcome = OUTCOME_OF_FIGURE.get(figure);
  if (outcome) return [['outcome', outcome]];
  const type = TYPE_OF_FIGURE.get(figure);
  if (type) return [['type', type]];
  for (const { prefix, parameter } of DIMENSION_PARAMETERS) {
    if (figure.startsWith(prefix)) return [[parameter, figure.slice(prefix.length)]];
  }
  return [];
}

/**
 * The /events link of the inputs behind a figure over [from, to): the time range, narrowed
 * by outcome, reason, type or dimension where the figure counts only those.
 */
export function defaultDrilldownPath(figure: string, from: number, to: number): string {
  // ISO instants are plain query characters; the page reads them as well as epoch ms.
  const parts = [`from=${new Date(from).toISOString()}`, `to=${new Date(to).toISOString()}`];
  for (const [name, value] of filtersOf(figure)) parts.push(`${name}=${encodeURIComponent(value)}`);
  return `/events?${parts.join('&')}`;
}
