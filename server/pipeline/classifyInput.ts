import { decodeRecord } from './decode';
import { Rejection } from './deadLetter';
import type { PipelineOptions } from './pipelineOptions';
import { validateEvent } from './validate';

/** The shipment an input belongs to, or why it would be dead-lettered. */
export type Classified = { subject: string; traceparent: string | null } | Rejection;

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
  const validated = validateEvent(decoded, appendTime, options.maxFutureSkewMs);
  if (validated instanceof Rejection) return validated;
  return { subject: validated.subject, traceparent: validated.traceparent };
}
