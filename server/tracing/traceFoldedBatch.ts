import type { ProcessedBatch } from '../sources/embeddedSource';
import type { PendingPushes } from './pendingPushes';
import { traceparentOfRecord } from './recordTraceparent';
import type { Tracing } from './tracing';

/**
 * The fold spans of one processed batch, after the fact: for each sampled input a
 * 'waybill.fold' span over the batch's fold (with its outcome), a 'waybill.dead_letter'
 * child for a dead letter, and a note that its first push is still to come. The fold loop
 * itself never sees tracing; with tracing off this returns at once.
 */
export function traceFoldedBatch(tracing: Tracing, batch: ProcessedBatch, pendingPushes: PendingPushes): void {
  if (!tracing.enabled) return;
  const { records, outcomes, foldStartedAt, foldEndedAt } = batch;
  for (let i = 0; i < outcomes.length; i += 1) {
    const outcome = outcomes[i]!;
    const traceparent = outcome.kind === 'deadLetter' ? traceparentOfRecord(records[i]!) : outcome.event.traceparent;
    if (!tracing.sampled(traceparent)) continue;
    tracing.recordFold({
      traceparent: traceparent!,
      start: foldStartedAt,
      end: foldEndedAt,
      outcome: outcome.kind,
      reason: outcome.kind === 'deadLetter' ? outcome.rejection.reason : null,
      partition: outcome.partition,
      offset: outcome.offset,
      eventId: outcome.kind === 'deadLetter' ? null : outcome.event.id,
    });
    // Only a counted event reaches a screen: its bucket's next push is its first.
    if (outcome.kind === 'ok' || outcome.kind === 'outOfOrder') pendingPushes.add(traceparent!, foldEndedAt, outcome.event.time);
  }
}
