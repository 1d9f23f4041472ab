import type { CSSProperties } from 'react';
import { formatClockTime } from '../../lib/format';
import { figureWidthInDigits } from './figureWidth';
import { PanelHeader } from './PanelHeader';
import type { PipelineReading } from './tvReadings';

interface PipelinePanelProps {
  title: string;
  reading: PipelineReading;
  lagThreshold: string | null;
  style: CSSProperties;
}

/** Live, rebuilding with its progress, or cut off from the broker; and how far it trails the log. */
export function PipelinePanel({ title, reading, lagThreshold, style }: PipelinePanelProps) {
  const rebuilding = reading.progressPercent !== null;
  return (
    <section
      className="tv-panel tv-panel--pipeline"
      data-panel="pipeline"
      data-testid="tv-panel-pipeline"
      data-warning={reading.tone === 'warning' || reading.tone === 'danger'}
      data-tone={reading.tone}
      data-state={reading.state ?? 'unknown'}
      style={style}
    >
      <PanelHeader title={title} scope="State of the stream processor" />
      <div className="tv-figure">
        <p
          className="tv-figure__value tv-pipeline__state"
          data-testid="tv-value"
          data-tv-text=""
          style={{ '--tv-figure-width': figureWidthInDigits(reading.label) } as CSSProperties}
        >
          {reading.label}
        </p>
        <div className="tv-pipeline__progress" data-hidden={!rebuilding}>
          <span
            className="tv-pipeline__bar"
            role="progressbar"
            aria-label="Rebuild progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={reading.progressPercent ?? 0}
          >
            <span className="tv-pipeline__fill" style={{ transform: `scaleX(${(reading.progressPercent ?? 0) / 100})` }} />
          </span>
          <span className="tv-pipeline__percent" data-tv-text="">
            {rebuilding ? `${reading.progressPercent} %` : '\u00a0'}
          </span>
        </div>
      </div>
      <footer className="tv-panel__footer">
        <p className="tv-trend" data-tv-text="" data-warning={reading.lagWarning}>
          Lag {reading.lag}
          {lagThreshold !== null && (reading.lagWarning ? ` ⚠ ${lagThreshold}` : ` · warn ${lagThreshold}`)}
        </p>
        <p className="tv-threshold" data-tv-text="">
          Newest input {formatClockTime(reading.newestInput)}
        </p>
      </footer>
    </section>
  );
}
