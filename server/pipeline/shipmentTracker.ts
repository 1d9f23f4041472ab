import type { ShipmentEvent } from './shipmentEvent';

/** Past this many keys a shipment's seen keys move from arrays to a set. */
const SEEN_KEYS_SCAN_LIMIT = 32;

interface ShipmentState {
  highestSequence: number | null;
  /** Event time of the latest shipment event, for leg durations. */
  lastEventTime: number | null;
  createdAt: number | null;
  promisedAt: number | null;
  lastAppendTime: number;
  /** The idempotency keys of the shipment's events, as parallel arrays while few. */
  seenSources: string[];
  seenIds: string[];
  seenKeys: Set<string> | null;
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
 * Per-shipment state of one partition: the idempotency keys seen (duplicates), the
 * highest sequence seen (ordering), the previous event time (leg durations), creation
 * and promise (lead time, SLA). Telemetry travels with a shipment but is not a leg of
 * its journey.
 *
 * Duplicates are recognised among the events of one shipment. A producer's retry carries
 * the same subject, and the subject is the partition key: a copy under another subject
 * would land on another partition and could not be recognised anyway. Keeping the keys
 * with their shipment makes the check a scan of a handful of entries instead of a lookup
 * in a map of every key in the retention, and they expire with the shipment.
 */
export class ShipmentTracker {
  private readonly shipments = new Map<string, ShipmentState>();
  /** Reused for every answer: read it before the next call. */
  private readonly observation: ShipmentObservation = {
    outOfOrder: false,
    sequenceGap: false,
    legDurationMs: null,
    leadTimeMs: null,
    delivered: false,
    slaBreached: false,
  };

  /**
   * Folds a first-seen event into its shipment and answers what it tells; answers null,
   * changing nothing, for a duplicate (same source and id seen before).
   */
  admit(event: ShipmentEvent, appendTime: number): ShipmentObservation | null {
    let state = this.shipments.get(event.subject);
    if (!state) {
      state = {
        highestSequence: null,
        lastEventTime: null,
        createdAt: null,
        promisedAt: null,
        lastAppendTime: appendTime,
        seenSources: [],
        seenIds: [],
        seenKeys: null,
      };
      this.shipments.set(event.subject, state);
    } else if (!firstSighting(state, event.source, event.id)) {
      return null;
    }
    if (state.seenKeys === null && state.seenIds.length === 0) remember(state, event.source, event.id);
    state.lastAppendTime = appendTime;

    const observation = this.observation;
    observation.outOfOrder = false;
    observation.sequenceGap = false;
    observation.legDurationMs = null;
    observation.leadTimeMs = null;
    observation.delivered = false;
    observation.slaBreached = false;
    if (event.sequence !== null) {
      if (state.highestSequence === null) {
        state.highestSequence = event.sequence;
      } else if (event.sequence < state.highestSequence) {
        observation.outOfOrder = true;
      } else if (event.sequence > state.highestSequence) {
        observation.sequenceGap = event.sequence > state.highestSequence + 1;
        state.highestSequence = event.sequence;
      }
    }

    if (event.promisedAt !== null) state.promisedAt = event.promisedAt;
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
   * Forgets shipments with no event appended since `cutoff`, their keys with them. A full
   * scan, called rarely, costs less than keeping the map ordered by activity on every event.
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

/** True, and remembered, the first time a shipment sees a key; false for a duplicate. */
function firstSighting(state: ShipmentState, source: string, id: string): boolean {
  if (state.seenKeys !== null) {
    const key = `${source}\u0000${id}`;
    if (state.seenKeys.has(key)) return false;
    state.seenKeys.add(key);
    return true;
  }
  const ids = state.seenIds;
  for (let i = ids.length - 1; i >= 0; i -= 1) {
    if (ids[i] === id && state.seenSources[i] === source) return false;
  }
  remember(state, source, id);
  return true;
}

function remember(state: ShipmentState, source: string, id: string): void {
  if (state.seenKeys !== null) {
    state.seenKeys.add(`${source}\u0000${id}`);
    return;
  }
  state.seenIds.push(id);
  state.seenSources.push(source);
  if (state.seenIds.length > SEEN_KEYS_SCAN_LIMIT) {
    state.seenKeys = new Set(state.seenIds.map((seenId, i) => `${state.seenSources[i]}\u0000${seenId}`));
    state.seenIds = [];
    state.seenSources = [];
  }
}
