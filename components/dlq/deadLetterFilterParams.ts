import { createLoader, createSerializer, parseAsString, parseAsStringLiteral } from 'nuqs';
import { DEAD_LETTER_REASONS, type DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import { parseAsInstant } from '../events/eventFilterParams';

/** The /dlq page's URL state, in the names of GET /api/dlq. */
export const deadLetterFilterParsers = {
  from: parseAsInstant,
  to: parseAsInstant,
  reason: parseAsStringLiteral(DEAD_LETTER_REASONS),
  type: parseAsString,
};

export interface DeadLetterFilter {
  from: number | null;
  to: number | null;
  reason: DeadLetterReason | null;
  type: string | null;
}

export const loadDeadLetterFilter: (search: URLSearchParams | string) => DeadLetterFilter = createLoader(deadLetterFilterParsers);
export const serializeDeadLetterFilter = createSerializer(deadLetterFilterParsers);

export function deadLetterSearchParams(filter: DeadLetterFilter, extra: Record<string, string | number | null> = {}): URLSearchParams {
  const params = new URLSearchParams(serializeDeadLetterFilter({ ...filter, type: filter.type?.trim() || null }));
  for (const [name, value] of Object.entries(extra)) if (value !== null) params.set(name, String(value));
  return params;
}
