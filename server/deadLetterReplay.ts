import type { ReplayResult } from '../lib/events';
import { ApiError } from './http/apiError';
import { classifyInput } from './pipeline/classifyInput';
import { Rejection } from './pipeline/deadLetter';
import { recordRef } from './pipeline/logRecord';
import type { PipelineOptions } from './pipeline/pipelineOptions';
import type { IndexedInput } from './store/eventIndex';
import { REPLAY_OF_HEADER } from './store/sqliteEventIndex';

/** An input as it is appended to the log again. */
export interface ReplayInput {
  key: string | null;
  value: Uint8Array;
  headers: Record<string, string>;
}

export interface ReplayerOptions {
  /** The dead letter's original input, or null when there is no such dead letter. */
  original: (ref: string) => Promise<ReplayInput | null>;
  /** Appends to the log the pipeline reads (the embedded log, or the events topic); answers the coordinates. */
  append: (input: ReplayInput) => Promise<{ partition: number; offset: number }>;
  /** Resolves once the input at these coordinates is indexed (here, or by the instance holding its partition, asked with `authorization`). */
  waitFor: (partition: number, offset: number, timeoutMs: number, authorization?: string) => Promise<IndexedInput | null>;
  pipelineOptions: Pick<PipelineOptions, 'maxEventBytes' | 'maxFutureSkewMs'>;
  clock?: () => number;
  /** How long to wait for the pipeline to fold the replayed input. */
  timeoutMs?: number;
  /** The `traceparent` header of the replayed record, continuing the event's trace; null for none. */
  traceparentHeader?: (traceparent: string | null) => string | null;
  /** After a replay was folded: an operator's change, worth a log line (with the event's trace). */
  onReplayed?: (replay: { ref: string; replayedAs: string; outcome: string; traceparent: string | null }) => void;
}

/** Headers a replayed input must not carry over: the DLQ's own, an earlier replay's, and (when corrected) the binary binding's. */
function carriedHeaders(headers: Record<string, string>, corrected: boolean): Record<string, string> {
  const carried: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('waybill.')) continue;
    if (corrected && (name.startsWith('ce_') || name === 'content-type')) continue;
    carried[name] = value;
  }
  return carried;
}

/**
 * Replays a dead letter: its original input or a corrected event is appended to the log
 * as a new input with `waybill.replay.of`, keyed by its shipment so it lands where that
 * shipment's state is, and goes through the whole pipeline, dedupe included; so replaying
 * the same event twice counts once. Answers the new input's ref and outcome.
 */
export function createReplayer(options: ReplayerOptions) {
  const clock = options.clock ?? Date.now;
  return async function replay(ref: string, corrected: Uint8Array | null, authorization?: string): Promise<ReplayResult> {
    const original = await options.original(ref);
    if (!original) throw new ApiError('not_found', `no dead letter ${ref} (never one, or older than the retention)`);
    const value = corrected ?? original.value;
    const classified = classifyInput(value, clock(), options.pipelineOptions);
    const headers: Record<string, string> = { ...carriedHeaders(original.headers, corrected !== null), [REPLAY_OF_HEADER]: ref };
    const eventTraceparent = classified instanceof Rejection ? (original.headers.traceparent ?? null) : classified.traceparent;
    const traceparent = options.traceparentHeader ? options.traceparentHeader(eventTraceparent) : null;
    if (traceparent) headers.traceparent = traceparent;
    const input: ReplayInput = { key: classified instanceof Rejection ? original.key : classified.subject, value, headers };
    const { partition, offset } = await options.append(input);
    const indexed = await options.waitFor(partition, offset, options.timeoutMs ?? 15_000, authorization);
    const newRef = recordRef(partition, offset);
    if (!indexed) throw new ApiError('unavailable', `replayed as ${newRef}, but it was not processed in time; look it up at /api/events/${newRef}`);
    options.onReplayed?.({ ref, replayedAs: newRef, outcome: indexed.outcome, traceparent: eventTraceparent });
    return { ref: newRef, outcome: indexed.outcome, reason: indexed.reason };
  };
}
