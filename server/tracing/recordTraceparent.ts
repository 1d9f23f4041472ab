import type { LogRecord } from '../pipeline/logRecord';

/** Dead letters larger than this are not parsed again just to find a trace. */
const MAX_PARSED_BYTES = 64 * 1024;
const utf8 = new TextDecoder();

/**
 * The producer's traceparent of a record the pipeline could not make an event of: from
 * its headers (the W3C header, or the CloudEvents binary binding's), else from the value
 * if it is a JSON object that has one. Only called for dead letters with tracing on, so
 * parsing again costs nothing on the per-event path.
 */
export function traceparentOfRecord(record: Pick<LogRecord, 'headers' | 'value'>): string | null {
  const fromHeaders = record.headers?.traceparent ?? record.headers?.ce_traceparent;
  if (typeof fromHeaders === 'string') return fromHeaders;
  if (!record.value || record.value.byteLength > MAX_PARSED_BYTES) return null;
  try {
    const parsed: unknown = JSON.parse(utf8.decode(record.value));
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { traceparent?: unknown }).traceparent === 'string') {
      return (parsed as { traceparent: string }).traceparent;
    }
  } catch {
    // Not JSON: no trace to continue.
  }
  return null;
}
