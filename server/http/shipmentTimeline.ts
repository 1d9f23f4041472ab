import type { Anomaly, ShipmentLeg, ShipmentTimeline, ShipmentTimelineEvent } from '../../lib/events';
import { recordRef } from '../pipeline/logRecord';
import type { IndexedInput } from '../store/eventIndex';

function anomaliesOf(input: IndexedInput): Anomaly[] {
  const anomalies: Anomaly[] = [];
  if (input.outcome === 'outOfOrder') anomalies.push('outOfOrder');
  if (input.sequenceGap) anomalies.push('sequenceGap');
  if (input.outcome === 'duplicate') anomalies.push('duplicate');
  if (input.outcome === 'late') anomalies.push('late');
  if (input.outcome === 'deadLetter') anomalies.push('deadLetter');
  return anomalies;
}

const byEventTime = (a: IndexedInput, b: IndexedInput) =>
  (a.eventTime ?? a.appendTime) - (b.eventTime ?? b.appendTime) || a.appendTime - b.appendTime || a.offset - b.offset;

/**
 * Orders a shipment's inputs by sequence; inputs without one (telemetry, some producers)
 * take their place by event time among the sequenced ones.
 */
function inTimelineOrder(inputs: readonly IndexedInput[]): IndexedInput[] {
  const sequenced = inputs
    .filter((input) => input.sequence !== null)
    .sort((a, b) => a.sequence! - b.sequence! || byEventTime(a, b));
  const unsequenced = inputs.filter((input) => input.sequence === null).sort(byEventTime);
  const ordered: IndexedInput[] = [];
  let next = 0;
  for (const input of sequenced) {
    while (next < unsequenced.length && byEventTime(unsequenced[next]!, input) < 0) ordered.push(unsequenced[next++]!);
    ordered.push(input);
  }
  ordered.push(...unsequenced.slice(next));
  return ordered;
}

/** Whether the pipeline counted it: first seen and on time. */
function counted(input: IndexedInput): boolean {
  return input.outcome === 'ok' || input.outcome === 'outOfOrder';
}

/**
 * A shipment's story from its indexed inputs: every input in order with its anomalies,
 * the legs between consecutive counted journey events (telemetry travels along, it is no leg),
 * lead time from creation to delivery, and the delivery promise's verdict.
 */
export function shipmentTimeline(subject: string, inputs: readonly IndexedInput[]): ShipmentTimeline {
  const ordered = inTimelineOrder(inputs);
  const events: ShipmentTimelineEvent[] = ordered.map((input) => ({
    ref: recordRef(input.partition, input.offset),
    outcome: input.outcome,
    type: input.type,
    eventTime: input.eventTime,
    appendTime: input.appendTime,
    sequence: input.sequence,
    source: input.source,
    id: input.id,
    region: input.region,
    facility: input.facility,
    carrier: input.carrier,
    anomalies: anomaliesOf(input),
  }));

  // Legs follow the timeline (sequence order), so each sits between the two events it joins;
  // a leg whose clocks disagree with the sequence shows as negative rather than being reordered.
  const journey = ordered.filter((input) => counted(input) && input.type !== 'device.telemetry' && input.eventTime !== null);
  const legs: ShipmentLeg[] = [];
  for (let i = 1; i < journey.length; i += 1) {
    const from = journey[i - 1]!;
    const to = journey[i]!;
    legs.push({
      fromRef: recordRef(from.partition, from.offset),
      toRef: recordRef(to.partition, to.offset),
      fromType: from.type!,
      toType: to.type!,
      fromFacility: from.facility,
      toFacility: to.facility,
      durationMs: to.eventTime! - from.eventTime!,
    });
  }

  const created = journey.find((input) => input.type === 'shipment.created') ?? null;
  const delivered = journey.find((input) => input.type === 'shipment.delivered') ?? null;
  // The promise in force is the latest one the shipment's counted events carried.
  const promised = inputs
    .filter((input) => counted(input) && input.promisedAt !== null)
    .sort((a, b) => a.appendTime - b.appendTime || a.offset - b.offset)
    .at(-1);
  const promisedAt = promised?.promisedAt ?? null;
  const deliveredAt = delivered?.eventTime ?? null;
  return {
    subject,
    events,
    legs,
    leadTimeMs: created && delivered ? delivered.eventTime! - created.eventTime! : null,
    promisedAt,
    deliveredAt,
    slaBreached: deliveredAt !== null && promisedAt !== null ? deliveredAt > promisedAt : null,
  };
}
