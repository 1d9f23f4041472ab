import type { PlotClick } from '../charts/TimeSeriesPlot';
import type { DashboardSeries } from './chartData';
import { bucketRange, type DrillDownFilter, type TimeRange } from './drillDownLinks';

/** What the dashboard's charts can do beyond showing: open the events behind a figure, or zoom to a range. */
export interface ChartActions {
  openEvents: (filter: DrillDownFilter, range: TimeRange, newTab: boolean) => void;
  zoomTo: (range: TimeRange) => void;
}

/**
 * A click on a step opens the events of the series hit, or, beside every series (above a
 * stack, between lines), what `besideSeries` says the whole step stands for. A series no
 * filter can select exactly (the folded "Other") opens nothing rather than a wrong count.
 */
export function openEventsOnClick(
  actions: ChartActions,
  step: number,
  besideSeries: DrillDownFilter | null,
): (click: PlotClick<DashboardSeries>) => void {
  return ({ t, series, newTab }) => {
    const filter = series ? series.drillDown : besideSeries;
    if (filter) actions.openEvents(filter, bucketRange(t, step), newTab);
  };
}
