/** One line, area or bar stack of a chart. */
export interface ChartSeries {
  /** The row property holding this series' values. Never a raw dimension value: Recharts reads dots in keys as paths. */
  key: string;
  /** What the series stands for (a type, a region, a reason…): stable while ranks and keys change. */
  id: string;
  label: string;
  color: string;
}

/** One x position of a chart: its time and one value per series key, null where nothing was measured. */
export type ChartRow = { t: number } & Record<string, number | null>;

export interface ChartData<Series extends ChartSeries = ChartSeries> {
  series: Series[];
  rows: ChartRow[];
}

/** The time span a chart covers and the width of one of its steps, epoch ms. */
export interface TimeFrame {
  from: number;
  to: number;
  step: number;
}

/** A time frame with its points, each the start of one step. */
export interface SteppedSeries<Point extends { t: number }> extends TimeFrame {
  points: Point[];
}
