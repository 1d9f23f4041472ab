/** W3C Trace Context `traceparent`: version-traceid-parentid-flags, lowercase hex. */
export interface TraceContext {
  version: string;
  traceId: string;
  parentId: string;
  flags: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ALL_ZERO = /^0+$/;

/** The trace context, or null for a malformed one, which the spec says to ignore. */
export function parseTraceparent(value: string | null | undefined): TraceContext | null {
  if (!value) return null;
  const match = TRACEPARENT.exec(value);
  if (!match || match[1] === 'ff' || ALL_ZERO.test(match[2]!) || ALL_ZERO.test(match[3]!)) return null;
  return { version: match[1]!, traceId: match[2]!, parentId: match[3]!, flags: match[4]! };
}
