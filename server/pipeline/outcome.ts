import type { Rejection } from './deadLetter';
import type { ShipmentEvent } from './shipmentEvent';

/** What became of one input (DESIGN.md section 5, `/api/events/:ref`). */
export type OutcomeKind = 'ok' | 'duplicate' | 'late' | 'outOfOrder' | 'deadLetter';

export type Outcome =
  | {
      kind: 'ok' | 'duplicate' | 'late' | 'outOfOrder';
      partition: number;
      offset: number;
      appendTime: number;
      event: ShipmentEvent;
      /** The sequence jumped by more than one over the shipment's highest (the event index marks it). */
      sequenceGap: boolean;
    }
  | { kind: 'deadLetter'; partition: number; offset: number; appendTime: number; rejection: Rejection };
