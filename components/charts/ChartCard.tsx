import type { ReactNode } from 'react';

interface ChartCardProps {
  testId: string;
  title: string;
  /** The unit of the y axis, shown beside the title. */
  unit: string;
  /** False until there is a point to plot; the card keeps its size either way. */
  hasData: boolean;
  children: ReactNode;
  /** Shown beside the plot, e.g. a table of totals. */
  aside?: ReactNode;
  wide?: boolean;
}

export function ChartCard({ testId, title, unit, hasData, children, aside, wide = false }: ChartCardProps) {
  return (
    <section className={wide ? 'card chart-card chart-card--wide' : 'card chart-card'} data-testid={testId}>
      <header className="chart-card__header">
        <h2 className="chart-card__title">{title}</h2>
        <span className="chart-card__unit">{unit}</span>
      </header>
      <div className="chart-card__body">
        <div className="chart-card__plot">
          {hasData ? children : <p className="chart-card__empty">Waiting for data…</p>}
        </div>
        {aside}
      </div>
    </section>
  );
}
