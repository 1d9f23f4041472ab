import type { CSSProperties } from 'react';
import { NO_VALUE } from '../../lib/format';
import { figureWidthInDigits } from './figureWidth';
import { PanelHeader } from './PanelHeader';
import { ThresholdLine } from './ThresholdLine';
import { TrendLine } from './TrendLine';
import type { FigureReading } from './tvReadings';

interface FigurePanelProps {
  id: string;
  title: string;
  scope: string;
  reading: FigureReading;
  comparedWith: string;
  style: CSSProperties;
}

/** One figure, as large as the panel allows, with its trend and its threshold. */
export function FigurePanel({ id, title, scope, reading, comparedWith, style }: FigurePanelProps) {
  return (
    <section className="tv-panel tv-panel--figure" data-panel={id} data-testid={`tv-panel-${id}`} data-warning={reading.warning} style={style}>
      <PanelHeader title={title} scope={scope} />
      <div className="tv-figure">
        <p
          className="tv-figure__value"
          data-testid="tv-value"
          data-tv-text=""
          data-empty={reading.value === NO_VALUE}
          style={{ '--tv-figure-width': figureWidthInDigits(reading.value) } as CSSProperties}
        >
          {reading.value}
        </p>
        <p className="tv-figure__unit" data-tv-text="">
          {reading.unit || '\u00a0'}
        </p>
      </div>
      <footer className="tv-panel__footer">
        <TrendLine trend={reading.trend} comparedWith={comparedWith} />
        <ThresholdLine threshold={reading.threshold} warning={reading.warning} />
      </footer>
    </section>
  );
}
