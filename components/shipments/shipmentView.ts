import type { Anomaly, ShipmentLeg, ShipmentTimeline } from '../../lib/events';

export type SlaVerdict = 'onTime' | 'breached' | 'unknown';

export const SLA_VERDICT_LABELS: Record<SlaVerdict, string> = {
  onTime: 'On time',
  breached: 'SLA breached',
  unknown: 'SLA unknown',
};

/** Unknown until the shipment has both a promise and a delivery to compare. */
export function slaVerdict(timeline: Pick<ShipmentTimeline, 'slaBreached'>): SlaVerdict {
  if (timeline.slaBreached === null) return 'unknown';
  return timeline.slaBreached ? 'breached' : 'onTime';
}

/** Why the verdict is unknown, in the operator's words; null when there is a verdict. */
export function slaUnknownReason(timeline: Pick<ShipmentTimeline, 'slaBreached' | 'promisedAt' | 'deliveredAt'>): string | null {
  if (timeline.slaBreached !== null) return null;
  if (timeline.promisedAt === null) return 'no delivery promise was sent';
  if (timeline.deliveredAt === null) return 'not delivered yet';
  return 'not enough to compare';
}

/** The leg that ends at each event, so the page can show it above the event it leads to. */
export function legsByDestination(legs: readonly ShipmentLeg[]): Map<string, ShipmentLeg> {
  return new Map(legs.map((leg) => [leg.toRef, leg]));
}

export const ANOMALY_LABELS: Record<Anomaly, string> = {
  outOfOrder: 'Out of order',
  sequenceGap: 'Sequence gap',
  duplicate: 'Duplicate',
  late: 'Late',
  deadLetter: 'Dead letter',
};

export const ANOMALY_EXPLANATIONS: Record<Anomaly, string> = {
  outOfOrder: 'Arrived with a lower sequence than one already seen; it still counts in its event-time bucket.',
  sequenceGap: 'Its sequence jumps by more than one: an event before it is missing or not here yet.',
  duplicate: 'The same source and id arrived before; it changed no figure.',
  late: 'Its bucket was already final when it arrived; it changed no figure but is kept here.',
  deadLetter: 'It could not be processed and went to the dead-letter queue.',
};

/** How many events carry each anomaly, for the summary above the timeline. */
export function anomalyCounts(timeline: Pick<ShipmentTimeline, 'events'>): Partial<Record<Anomaly, number>> {
  const counts: Partial<Record<Anomaly, number>> = {};
  for (const event of timeline.events) {
    for (const anomaly of event.anomalies) counts[anomaly] = (counts[anomaly] ?? 0) + 1;
  }
  return counts;
}
