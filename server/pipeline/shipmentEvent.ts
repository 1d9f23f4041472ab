import type { EventType } from '../../lib/contract/eventTypes';
import type { ShipmentDataV2 } from '../../lib/contract/schemas';

/** A valid event after decoding, validation and upcasting: what the aggregates fold. */
export interface ShipmentEvent {
  id: string;
  source: string;
  type: EventType;
  /** Event time, epoch ms. */
  time: number;
  subject: string;
  sequence: number | null;
  /** The data version the producer declared (1, 2, or higher). */
  dataVersion: number;
  traceparent: string | null;
  data: ShipmentDataV2;
  /** `data.promisedAt` as epoch ms, or null without a promise. */
  promisedAt: number | null;
}
