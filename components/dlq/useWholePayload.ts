'use client';

import { useQuery } from '@tanstack/react-query';
import type { DeadLetterView } from '../../lib/deadLetters';
import { deadLetterPayloadQuery } from './deadLetterQueries';

/**
 * A dead letter's whole payload: the page's own when it holds all of it, fetched from
 * GET /api/dlq/:ref/payload when the page holds only its start. `complete` is false
 * while only the start is known.
 */
export function useWholePayload(letter: DeadLetterView): { payload: string | null; complete: boolean; error: unknown } {
  const whole = useQuery({ ...deadLetterPayloadQuery(letter.ref), enabled: letter.payloadTruncated });
  if (!letter.payloadTruncated) return { payload: letter.payload, complete: true, error: null };
  if (whole.data) return { payload: whole.data.payload, complete: true, error: null };
  return { payload: letter.payload, complete: false, error: whole.error };
}
