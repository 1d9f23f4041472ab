import { staleLabel } from '../live/staleness';

/** Says the figures below stopped moving, and since when. */
export function StaleBanner({ lastUpdateAt }: { lastUpdateAt: number }) {
  return (
    <div className="banner banner--stale" role="status" data-testid="stale-banner">
      <p>
        <strong>{staleLabel(lastUpdateAt)}</strong> — the figures below are not moving; they come back by themselves when
        updates do.
      </p>
    </div>
  );
}
