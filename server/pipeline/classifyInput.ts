import { decodeRecord } from './decode';
import { Rejection } from './deadLetter';
import type { PipelineOptions } from './pipelineOptions';
import type { ShipmentEvent } from './shipmentEvent';
import { validateEvent } from './validate';

/** The event an input is, or why it would be dead-lettered. */
export type Classified = ShipmentEvent | Rejection;

/**
 * The stateless part of the pipeline, for producers' front doors (POST /api/events):
 * would this input be dead-lettered, and why? Duplicates and lateness depend on state
 * and are decided when the log is processed.
 */
export function classifyInput(
  value: Uint8Array,
  appendTime: number,
  options: Pick<PipelineOptions, 'maxEventBytes' | 'maxFutureSkewMs'>,
): Classified {
  const decoded = decodeRecord(value, undefined, options.maxEventBytes);
  if (decoded instanceof Rejection) return decoded;
  return validateEvent(decoded, appendTime, options.maxFutureSkewMs);
}

/**
 * The subject of an input refused at `appendTime` only because its event time lies too
 * far ahead of it, or null when something else is wrong with it too. Such an input is
 * judged again at the time it is really appended: the pipeline will judge it then.
 */
export function subjectIfOnlyTooFarAhead(
  value: Uint8Array,
  options: Pick<PipelineOptions, 'maxEventBytes' | 'maxFutureSkewMs'>,
): string | null {
  // With no bound ahead, only the other checks are left.
  const unbounded = classifyInput(value, Number.POSITIVE_INFINITY, options);
  return unbounded instanceof Rejection ? null : unbounded.subject;
}
