'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useReducer } from 'react';
import type { EventFilter, EventListItem, EventPage } from '../../lib/events';
import { fetchJson } from '../fetchJson';
import { eventFilterSearchParams, serializeEventFilter } from './eventFilterParams';
import { mergeLiveHead, newLiveMatches, pollMayHaveGap } from './liveTail';

const LIVE_TAIL_POLL_MS = 2_000;
/** The API's largest page: what a poll can bring at most. */
const LIVE_TAIL_LIMIT = 1_000;

interface LiveTailState {
  /** Matches found by polling, newest first, shown above the loaded pages. */
  head: EventListItem[];
  /** A poll was all new: matches between it and the table may be missing. */
  mayHaveGap: boolean;
  /** The poll answer already merged, so a re-render does not merge it twice. */
  mergedAt: number;
}

type LiveTailAction =
  | { type: 'polled'; at: number; polled: EventListItem[]; shown: readonly EventListItem[] }
  | { type: 'reset' };

const INITIAL_STATE: LiveTailState = { head: [], mayHaveGap: false, mergedAt: 0 };

function liveTailReducer(state: LiveTailState, action: LiveTailAction): LiveTailState {
  switch (action.type) {
    case 'reset':
      return INITIAL_STATE;
    case 'polled': {
      if (action.at <= state.mergedAt) return state;
      const fresh = newLiveMatches(action.shown, action.polled);
      return {
        head: mergeLiveHead(state.head, fresh),
        mayHaveGap: state.mayHaveGap || pollMayHaveGap(action.polled.length, fresh.length, LIVE_TAIL_LIMIT, action.shown.length > 0),
        mergedAt: action.at,
      };
    }
  }
}

/**
 * While on, polls the first page of the same filter and puts what is newer than the
 * loaded pages (`baseRows`, newest first) on top of them: `rows` is what the table shows.
 */
export function useLiveTail(filter: EventFilter, enabled: boolean, baseRows: readonly EventListItem[], baseReady: boolean) {
  const filterKey = serializeEventFilter(filter);
  const [state, dispatch] = useReducer(liveTailReducer, INITIAL_STATE);
  const shown = useMemo(() => (state.head.length === 0 ? baseRows : [...state.head, ...baseRows]), [state.head, baseRows]);

  const poll = useQuery({
    queryKey: ['events', 'tail', filterKey],
    queryFn: ({ signal }) => fetchJson<EventPage>(`/api/events?${eventFilterSearchParams(filter, { limit: LIVE_TAIL_LIMIT })}`, signal),
    enabled: enabled && baseReady,
    refetchInterval: LIVE_TAIL_POLL_MS,
    staleTime: 0,
    gcTime: 0,
  });

  // A new filter is a new list: what the tail found for the old one does not belong in it.
  useEffect(() => dispatch({ type: 'reset' }), [filterKey]);

  useEffect(() => {
    if (!enabled || !poll.data) return;
    dispatch({ type: 'polled', at: poll.dataUpdatedAt, polled: poll.data.items, shown });
    // `shown` changes when this merge lands; merging again for it would find nothing new.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, poll.data, poll.dataUpdatedAt]);

  return { rows: shown, headLength: state.head.length, mayHaveGap: state.mayHaveGap, polling: enabled && poll.isFetching, error: poll.error };
}
