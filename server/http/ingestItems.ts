import { classifyInput, subjectIfOnlyTooFarAhead } from '../pipeline/classifyInput';
import { Rejection, TooFarAhead } from '../pipeline/deadLetter';
import type { PipelineOptions } from '../pipeline/pipelineOptions';
import type { IngestItem } from './ingestSink';

type ClassifyOptions = Pick<PipelineOptions, 'maxEventBytes' | 'maxFutureSkewMs'>;

/**
 * One item of an ingest request, judged by the stateless checks at `now`, the time the
 * request's items are handed to the log. An item refused only for an event time too far
 * ahead is keyed by its shipment all the same and marked to be judged again at its append
 * time: appended a moment later, it may be in time, and the pipeline will count it.
 */
export function classifyIngestItem(value: Uint8Array, now: number, options: ClassifyOptions): IngestItem {
  const classified = classifyInput(value, now, options);
  if (!(classified instanceof Rejection)) {
    return { key: classified.subject, value, rejection: null, traceparent: classified.traceparent, event: classified };
  }
  // Every other refusal stands whenever it is judged: only these are read once more.
  if (!(classified instanceof TooFarAhead)) return { key: null, value, rejection: classified };
  const subject = subjectIfOnlyTooFarAhead(value, options);
  return subject === null ? { key: null, value, rejection: classified } : { key: subject, value, rejection: classified, judgedAtAppend: true };
}

/**
 * Judges again, against the time each was appended, the items refused only for being too
 * far ahead: so an answer says `rejected` exactly when the pipeline dead-letters the item,
 * and an item answered `rejected` is never counted as an event. An item valid at the
 * request's time stays valid at any later append time.
 */
export function judgeAtAppend(items: IngestItem[], appendTimes: readonly number[], options: ClassifyOptions): void {
  items.forEach((item, index) => {
    if (!item.judgedAtAppend) return;
    const classified = classifyInput(item.value, appendTimes[index]!, options);
    items[index] =
      classified instanceof Rejection
        ? { ...item, rejection: classified }
        : { key: item.key, value: item.value, rejection: null, traceparent: classified.traceparent, event: classified };
  });
}
