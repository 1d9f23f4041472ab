import { formatCount, formatPercent } from '../../lib/format';
import type { RebuildProgress } from '../../lib/health';

/** Shown while the server replays the log to rebuild its state: numbers are still filling in. */
export function RebuildBanner({ rebuild }: { rebuild: RebuildProgress }) {
  const progress = Math.min(Math.max(rebuild.progress, 0), 1);
  const percent = Math.round(progress * 100);
  return (
    <div className="banner banner--rebuild" role="status" data-testid="rebuild-banner">
      <div className="banner__text">
        <strong>Rebuilding state from the log… {formatPercent(progress, 0)}</strong>
        <span className="banner__detail">
          {formatCount(rebuild.replayed)} of {formatCount(rebuild.total)} records replayed. Figures are incomplete until
          the replay catches up.
        </span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label="Rebuild progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="progress__fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
