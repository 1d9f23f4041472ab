/**
 * The closed set of reasons an input is dead-lettered (DESIGN.md section 4). Every
 * dead letter carries exactly one; dashboards and alerts branch on these strings.
 */
export const DEAD_LETTER_REASONS = [
  'invalid_json',
  'invalid_envelope',
  'schema_violation',
  'unsupported_schema',
  'too_large',
  'processing_error',
] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

export const DEAD_LETTER_REASON_LABELS: Record<DeadLetterReason, string> = {
  invalid_json: 'Invalid JSON',
  invalid_envelope: 'Invalid envelope',
  schema_violation: 'Schema violation',
  unsupported_schema: 'Unsupported schema',
  too_large: 'Too large',
  processing_error: 'Processing error',
};
