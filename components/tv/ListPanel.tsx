import type { CSSProperties } from 'react';
import { PanelHeader } from './PanelHeader';
import { ThresholdLine } from './ThresholdLine';
import { TrendLine } from './TrendLine';
import type { ListReading } from './tvReadings';

interface ListPanelProps {
  id: string;
  title: string;
  scope: string;
  reading: ListReading;
  comparedWith: string;
  /** Said instead of the rows when there are none, e.g. before any region sent events. */
  emptyText: string;
  style: CSSProperties;
}

/** A total with its trend, and its parts as rows of label, bar and count. */
export function ListPanel({ id, title, scope, reading, comparedWith, emptyText, style }: ListPanelProps) {
  const { total, rows } = reading;
  return (
    <section className="tv-panel tv-panel--list" data-panel={id} data-testid={`tv-panel-${id}`} data-warning={total.warning} style={style}>
      <PanelHeader title={title} scope={scope} />
      <div className="tv-list__total">
        <p className="tv-list__total-value" data-testid="tv-value" data-tv-text="">
          {total.value}
          {total.unit && <span className="tv-list__total-unit"> {total.unit}</span>}
        </p>
        <TrendLine trend={total.trend} comparedWith={comparedWith} />
      </div>
      {rows.length === 0 ? (
        <p className="tv-list__empty" data-testid="tv-list-empty" data-tv-text="">
          {emptyText}
        </p>
      ) : (
        <ol className="tv-list" style={{ '--tv-rows': rows.length } as CSSProperties}>
          {rows.map((row) => (
            <li key={row.key} className="tv-row" data-testid="tv-row" data-highlighted={row.highlighted} data-empty={row.empty}>
              <span className="tv-row__label" data-tv-text="">
                {row.label}
              </span>
              <span className="tv-row__bar" aria-hidden="true">
                <span className="tv-row__fill" style={{ transform: `scaleX(${row.fraction})` }} />
              </span>
              <span className="tv-row__count" data-tv-text="">
                {row.count}
              </span>
            </li>
          ))}
        </ol>
      )}
      <footer className="tv-panel__footer">
        <ThresholdLine threshold={total.threshold} warning={total.warning} />
      </footer>
    </section>
  );
}
