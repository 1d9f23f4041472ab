import type { ChartSeries } from './chartTypes';

interface ChartLegendProps {
  series: readonly ChartSeries[];
  hiddenIds: ReadonlySet<string>;
  /** Without it the legend only names the series. */
  onToggle?: (id: string) => void;
  swatch: 'line' | 'square';
}

/** The series of a chart; a click hides or shows one, as in Grafana. */
export function ChartLegend({ series, hiddenIds, onToggle, swatch }: ChartLegendProps) {
  return (
    <ul className="chart-legend" data-testid="chart-legend">
      {series.map((entry) => {
        const hidden = hiddenIds.has(entry.id);
        const content = (
          <>
            <span className={`chart-legend__swatch chart-legend__swatch--${swatch}`} style={{ background: entry.color }} aria-hidden="true" />
            <span className="chart-legend__label">{entry.label}</span>
          </>
        );
        return (
          <li key={entry.id} className="chart-legend__item" data-hidden={hidden || undefined}>
            {onToggle ? (
              <button
                type="button"
                className="chart-legend__toggle"
                aria-pressed={!hidden}
                title={hidden ? `Show ${entry.label}` : `Hide ${entry.label}`}
                onClick={() => onToggle(entry.id)}
              >
                {content}
              </button>
            ) : (
              content
            )}
          </li>
        );
      })}
    </ul>
  );
}
