/** The headers a dead letter carries on the DLQ topic (DESIGN.md section 4). */
export const DLQ_HEADERS = {
  reason: 'waybill.dlq.reason',
  error: 'waybill.dlq.error',
  topic: 'waybill.dlq.topic',
  partition: 'waybill.dlq.partition',
  offset: 'waybill.dlq.offset',
  failedAt: 'waybill.dlq.failed_at',
  /** Set when the value was left out because the DLQ topic would not take it: its size in bytes. */
  valueOmitted: 'waybill.dlq.value_omitted',
} as const;

/** Which input a dead letter stands for: its topic, partition and offset. */
export function sourceKey(topic: string, partition: number, offset: number): string {
  return `${topic}/${partition}/${offset}`;
}
