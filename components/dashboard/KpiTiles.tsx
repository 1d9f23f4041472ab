import { formatCount, formatDecimal, formatDuration, formatPercent } from '../../lib/format';
import type { Summary } from '../../lib/summary';
import {
  countedEvents,
  deadLetters,
  DUPLICATES,
  eventsHref,
  LATE,
  OUT_OF_ORDER,
  type DrillDownFilter,
  type TimeRange,
} from './drillDownLinks';
import { deadLettersAttention, errorRateAttention, lateAttention, latencyAttention } from './kpiAttention';
import { KpiTile } from './KpiTile';
import type { WindowTotals } from './windowTotals';

/** Figures over one period, with what to call it and the seconds it covers. */
export interface KpiPeriod<Figures> {
  figures: Figures | null;
  /** "last 60 s", "last 5 min", "in range". */
  caption: string;
  /** The period in a sentence: "in the last 5 min", "in the selected range". */
  during: string;
  range: TimeRange | null;
}

interface KpiTilesProps {
  /** The "now" figures: rates and latency. */
  recent: KpiPeriod<Summary>;
  /** The counts over the chosen window or range. */
  window: KpiPeriod<WindowTotals>;
}

function hrefOf(filter: DrillDownFilter, range: TimeRange | null): string | null {
  return range ? eventsHref(filter, range) : null;
}

export function KpiTiles({ recent, window }: KpiTilesProps) {
  const summary = recent.figures;
  const totals = window.figures;
  const recentSeconds = summary ? (summary.to - summary.from) / 1_000 : null;
  return (
    <div className="kpi-grid">
      <KpiTile
        testId="kpi-events-per-second"
        label="Events / s"
        value={formatDecimal(summary && recentSeconds ? summary.events / recentSeconds : null, 1)}
        caption={recent.caption}
        href={hrefOf(countedEvents(), recent.range)}
        linkTitle="The events counted in this period"
      />
      <KpiTile
        testId="kpi-latency-p95"
        label="Latency p95"
        value={formatDuration(summary?.latencyMs?.p95)}
        caption={`event → log, ${recent.caption}`}
        attention={latencyAttention(summary?.latencyMs?.p95)}
        href={hrefOf(countedEvents(), recent.range)}
        linkTitle="The events this latency is measured on"
      />
      <KpiTile
        testId="kpi-error-rate"
        label="Error rate"
        value={formatPercent(summary?.errorRate)}
        caption={`of inputs, ${recent.caption}`}
        attention={errorRateAttention(summary?.errorRate)}
        href={hrefOf(deadLetters(), recent.range)}
        linkTitle="The dead letters of this period"
      />
      <KpiTile
        testId="kpi-dead-letters"
        label="Dead letters"
        value={formatCount(totals?.deadLetters)}
        caption={window.caption}
        attention={deadLettersAttention(totals?.deadLetters, window.during)}
        href={hrefOf(deadLetters(), window.range)}
        linkTitle="These dead letters"
      />
      <KpiTile
        testId="kpi-late"
        label="Late"
        value={formatCount(totals?.late)}
        caption={window.caption}
        attention={lateAttention(totals?.late, window.during)}
        href={hrefOf(LATE, window.range)}
        linkTitle="These late events"
      />
      <KpiTile
        testId="kpi-duplicates"
        label="Duplicates"
        value={formatCount(totals?.duplicates)}
        caption={window.caption}
        href={hrefOf(DUPLICATES, window.range)}
        linkTitle="These duplicates"
      />
      <KpiTile
        testId="kpi-out-of-order"
        label="Out of order"
        value={formatCount(totals?.outOfOrder)}
        caption={window.caption}
        href={hrefOf(OUT_OF_ORDER, window.range)}
        linkTitle="These out-of-order events"
      />
    </div>
  );
}
