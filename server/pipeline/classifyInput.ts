import { decodeRecord } from './decode';
import type { Rejection } from './deadLetter';
import type { PipelineOptions } from './pipelineOptions';
import { validateEvent } from './validate';

export type Classified = { ok: true; subject: string } | ({ ok: false } & Rejection);

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
  if (!decoded.ok) return decoded;
  const validated = validateEvent(decoded.value, appendTime, options.maxFutureSkewMs);
  if (!validated.ok) return validated;
  return { ok: true, subject: validated.event.subject };
}
