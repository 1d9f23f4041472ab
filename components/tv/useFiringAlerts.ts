'use client';

import { useQuery } from '@tanstack/react-query';
import type { AlertRuleStatus } from '../../lib/alerts';
import { healthQuery } from '../apiQueries';

/**
 * How often the wall asks for the firing alerts. The wall's frame does not carry health,
 * so it asks GET /api/health (open, like the wall itself): a few seconds is soon enough
 * for an alert that waited its `for` before firing, and cheap for a screen left on for weeks.
 */
export const WALL_ALERTS_POLL_MS = 2_000;

/** The alert rules firing now; the last answer stands while the server does not answer. */
export function useFiringAlerts(): readonly AlertRuleStatus[] {
  const answer = useQuery({ ...healthQuery(), refetchInterval: WALL_ALERTS_POLL_MS, refetchIntervalInBackground: true });
  return answer.data?.alertsFiring ?? NONE;
}

const NONE: readonly AlertRuleStatus[] = [];
