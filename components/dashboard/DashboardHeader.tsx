import type { ReactNode } from 'react';
import { formatClockTime, formatDuration, NO_VALUE } from '../../lib/format';
import type { Health, RunMode } from '../../lib/health';
import { BrandMark } from '../layout/BrandMark';
import { ConnectionBadge, type LiveIndicator } from './ConnectionBadge';
import { LogStateBadge } from './LogStateBadge';

const RUN_MODE_LABELS: Record<RunMode, string> = {
  embedded: 'Embedded',
  kafka: 'Kafka',
};

interface DashboardHeaderProps {
  connection: LiveIndicator;
  health: Health | null;
  /** The app's navigation between pages, placed beside the brand. */
  nav?: ReactNode;
}

export function DashboardHeader({ connection, health, nav }: DashboardHeaderProps) {
  const watermark = health?.watermark ?? null;
  // The watermark trails the server clock by allowed lateness plus how late events arrive.
  const watermarkDelay = health && watermark !== null ? health.now - watermark : null;
  return (
    <header className="app-header">
      <div className="brand">
        <BrandMark />
        <div>
          <h1 className="brand__name">Waybill</h1>
          <p className="brand__subtitle">Shipment events, live</p>
        </div>
      </div>
      {nav && <div className="app-header__nav">{nav}</div>}
      <div className="app-header__status">
        <dl className="facts">
          {/* Two different links: this browser to the server, and the server to its log. */}
          <div className="facts__item" title="This browser's live connection to the Waybill server">
            <dt>Live updates</dt>
            <dd>
              <ConnectionBadge connection={connection} />
            </dd>
          </div>
          <div className="facts__item" title="The Waybill server's connection to its event log">
            <dt>Event log</dt>
            <dd>
              <LogStateBadge health={health} />
            </dd>
          </div>
          <div className="facts__item">
            <dt>Mode</dt>
            <dd data-testid="run-mode">{health ? RUN_MODE_LABELS[health.mode] : NO_VALUE}</dd>
          </div>
          <div className="facts__item">
            <dt>Watermark</dt>
            <dd data-testid="watermark" title={watermark !== null ? new Date(watermark).toISOString() : undefined}>
              {formatClockTime(watermark)}
              {watermarkDelay !== null && <span className="facts__detail"> {formatDuration(watermarkDelay)} behind</span>}
            </dd>
          </div>
        </dl>
      </div>
    </header>
  );
}
