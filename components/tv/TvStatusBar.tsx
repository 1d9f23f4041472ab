import { TvClock } from './TvClock';
import type { Freshness } from './tvLiveReducer';

const FRESHNESS_LABELS: Record<Freshness, string> = {
  live: 'Live',
  stale: 'Stale',
  reconnecting: 'Reconnecting…',
};

interface TvStatusBarProps {
  scope: string;
  freshness: Freshness;
  neverLive: boolean;
  pageIndex: number;
  pageCount: number;
}

/** What the wall shows and how fresh it is, in one line across the top. */
export function TvStatusBar({ scope, freshness, neverLive, pageIndex, pageCount }: TvStatusBarProps) {
  return (
    <header className="tv-status">
      <p className="tv-status__brand" data-tv-text="">
        Waybill
      </p>
      <p className="tv-status__scope" data-testid="tv-scope" data-tv-text="">
        {scope}
      </p>
      <p className="tv-status__freshness" data-testid="tv-freshness" data-state={freshness} role="status" aria-live="polite" data-tv-text="">
        <span className="tv-status__dot" aria-hidden="true" />
        {freshness === 'reconnecting' && neverLive ? 'Connecting…' : FRESHNESS_LABELS[freshness]}
      </p>
      {pageCount > 1 && (
        <p className="tv-status__page" data-testid="tv-page-indicator" data-tv-text="">
          {pageIndex + 1}/{pageCount}
        </p>
      )}
      <TvClock />
    </header>
  );
}
