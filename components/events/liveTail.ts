import type { EventListItem } from '../../lib/events';

/*
 * Live tail: the first page of the same filter is polled, and what it holds that the
 * table does not is put on top. The index is written in batches, so an input can show up
 * in it a little after one appended later on another partition: a short look-back below
 * the newest shown row catches those instead of losing them for good.
 */

/** How far below the newest shown append time an input still counts as new. */
export const LIVE_TAIL_LOOKBACK_MS = 5_000;

/**
 * The polled items to add on top of `shown` (newest append first): those at or after
 * `newest shown - lookback` whose ref is not shown yet, newest first. With nothing shown,
 * everything polled is new.
 */
export function newLiveMatches(
  shown: readonly EventListItem[],
  polled: readonly EventListItem[],
  lookbackMs: number = LIVE_TAIL_LOOKBACK_MS,
): EventListItem[] {
  const newest = shown[0];
  if (newest === undefined) return sortNewestFirst(dedupeByRef(polled));
  const threshold = newest.appendTime - lookbackMs;
  const recentRefs = new Set<string>();
  for (const item of shown) {
    if (item.appendTime < threshold) break;
    recentRefs.add(item.ref);
  }
  const fresh = polled.filter((item) => item.appendTime >= threshold && !recentRefs.has(item.ref));
  return sortNewestFirst(dedupeByRef(fresh));
}

/** The live head after a poll: new matches merged in, still newest append first. */
export function mergeLiveHead(head: readonly EventListItem[], fresh: readonly EventListItem[]): EventListItem[] {
  if (fresh.length === 0) return head as EventListItem[];
  return sortNewestFirst([...fresh, ...head]);
}

/**
 * Whether the poll may have missed matches: every polled item was new, so the gap
 * between them and the table could hold more than one page.
 */
export function pollMayHaveGap(polledCount: number, freshCount: number, pageLimit: number, hadRows: boolean): boolean {
  return hadRows && polledCount >= pageLimit && freshCount >= polledCount;
}

function dedupeByRef(items: readonly EventListItem[]): EventListItem[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.ref) ? false : (seen.add(item.ref), true)));
}

// Stable, so rows of the same millisecond keep the server's order.
function sortNewestFirst(items: EventListItem[]): EventListItem[] {
  return items.sort((left, right) => right.appendTime - left.appendTime);
}
