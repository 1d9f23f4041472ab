import { formatCount, formatDecimal, formatDuration, formatPercent } from '../../lib/format';
import { LIVE_WINDOWS, RECENT_MS, type LiveWindow } from '../../lib/live';
import type { Summary } from '../../lib/summary';
import { KpiTile } from './KpiTile';
import type { ViewSeries } from './liveViewReducer';
import { windowTotals } from './windowTotals';

interface KpiTilesProps {
  recent: Summary | null;
  series: ViewSeries | null;
  /** The window the user chose; the captions follow the data's own window once it is there. */
  selectedWindow: LiveWindow;
}

const RECENT_CAPTION = `last ${RECENT_MS / 1_000} s`;

export function KpiTiles({ recent, series, selectedWindow }: KpiTilesProps) {
  const totals = series ? windowTotals(series.points) : null;
  const windowCaption = `last ${LIVE_WINDOWS[series?.window ?? selectedWindow].label}`;
  return (
    <div className="kpi-grid">
      <KpiTile
        testId="kpi-events-per-second"
        label="Events / s"
        value={formatDecimal(recent ? recent.events / (RECENT_MS / 1_000) : null, 1)}
        caption={RECENT_CAPTION}
      />
      <KpiTile
        testId="kpi-latency-p95"
        label="Latency p95"
        value={formatDuration(recent?.latencyMs?.p95)}
        caption={`event → log, ${RECENT_CAPTION}`}
      />
      <KpiTile
        testId="kpi-error-rate"
        label="Error rate"
        value={formatPercent(recent?.errorRate)}
        caption={`of inputs, ${RECENT_CAPTION}`}
        attention={(recent?.errorRate ?? 0) > 0}
      />
      <KpiTile
        testId="kpi-dead-letters"
        label="Dead letters"
        value={formatCount(totals?.deadLetters)}
        caption={windowCaption}
        attention={(totals?.deadLetters ?? 0) > 0}
      />
      <KpiTile testId="kpi-late" label="Late" value={formatCount(totals?.late)} caption={windowCaption} />
      <KpiTile testId="kpi-duplicates" label="Duplicates" value={formatCount(totals?.duplicates)} caption={windowCaption} />
      <KpiTile testId="kpi-out-of-order" label="Out of order" value={formatCount(totals?.outOfOrder)} caption={windowCaption} />
    </div>
  );
}
