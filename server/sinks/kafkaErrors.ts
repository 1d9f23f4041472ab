/** Why a broker refuses a send for good: a record, or a batch of them, over its size limit. */
const SIZE_REFUSALS = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

/** True when kafkajs failed because the broker refused what was sent as too large. */
export function isRefusedForSize(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (SIZE_REFUSALS.has((cause as { type?: string }).type ?? '')) return true;
  }
  return false;
}
