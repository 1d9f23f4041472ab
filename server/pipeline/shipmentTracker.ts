import { parseTimestamp } from './parseTimestamp';
import type { ShipmentEvent } from './shipmentEvent';

interface ShipmentState {
  highestSequence: number | null;
  /** Event time of the latest shipment event, for leg durations. */
  lastEventTime: number | null;
  createdAt: number | null;
  promisedAt: number | null;
  lastAppendTime: number;
}

/** What one event tells about its shipment, beyond its own counts. */
export interface ShipmentObservation {
  outOfOrder: boolean;
  sequenceGap: boolean;
  /** Time since the shipment's previous event, if it had one earlier in event time. */
  legDurationMs: number | null;
  /** `created` → `delivered`, on a delivery whose creation was seen. */
  leadTimeMs: number | null;
  delivered: boolean;
  slaBreached: boolean;
}

/**
 * Per-shipment state of one partition: the highest sequence seen (ordering), the
 * previous event time (leg durations), creation and promise (lead time, SLA).
 * Telemetry travels with a shipment but is not a leg of its journey.
 */
export class ShipmentTracker {
  private readonly shipments = new Map<string, ShipmentState>();

  observe(event: ShipmentEvent, appendTime: number): ShipmentObservation {
    let state = this.shipments.get(event.subject);
    if (!state) {
      state = { highestSequence: null, lastEventTime: null, createdAt: null, promisedAt: null, lastAppendTime: appendTime };
      this.shipments.set(event.subject, state);
    } else {
      state.lastAppendTime = appendTime;
    }

    let outOfOrder = false;
    let sequenceGap = false;
    if (event.sequence !== null) {
      if (state.highestSequence === null) {
        state.highestSequence = event.sequence;
      } else if (event.sequence <= state.highestSequence) {
        outOfOrder = true;
      } else {
        sequenceGap = event.sequence > state.highestSequence + 1;
        state.highestSequence = event.sequence;
      }
    }

    if (event.data.promisedAt !== undefined) {
      const promisedAt = parseTimestamp(event.data.promisedAt);
      if (!Number.isNaN(promisedAt)) state.promisedAt = promisedAt;
    }

    const observation: ShipmentObservation = {
      outOfOrder,
      sequenceGap,
      legDurationMs: null,
      leadTimeMs: null,
      delivered: false,
      slaBreached: false,
    };
    if (event.type === 'device.telemetry') return observation;

    if (state.lastEventTime !== null && event.time >= state.lastEventTime) {
      observation.legDurationMs = event.time - state.lastEventTime;
    }
    if (state.lastEventTime === null || event.time > state.lastEventTime) state.lastEventTime = event.time;
    if (event.type === 'shipment.created') state.createdAt = event.time;
    if (event.type === 'shipment.delivered') {
      observation.delivered = true;
      if (state.createdAt !== null) observation.leadTimeMs = event.time - state.createdAt;
      observation.slaBreached = state.promisedAt !== null && event.time > state.promisedAt;
    }
    return observation;
  }

  /**
   * Forgets shipments with no event appended since `cutoff`. A full scan, called rarely,
   * costs less than keeping the map ordered by activity on every event.
   */
  expireBefore(cutoff: number): void {
    for (const [subject, state] of this.shipments) {
      if (state.lastAppendTime < cutoff) this.shipments.delete(subject);
    }
  }

  get size(): number {
    return this.shipments.size;
  }
}
