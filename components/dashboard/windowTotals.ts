import type { SeriesPoint } from '../../lib/summary';

/** The counters the KPI tiles total over the selected window. */
export interface WindowTotals {
  deadLetters: number;
  late: number;
  duplicates: number;
  outOfOrder: number;
}

export function windowTotals(points: readonly SeriesPoint[]): WindowTotals {
  const totals: WindowTotals = { deadLetters: 0, late: 0, duplicates: 0, outOfOrder: 0 };
  for (const point of points) {
    totals.deadLetters += point.deadLetters;
    totals.late += point.late;
    totals.duplicates += point.duplicates;
    totals.outOfOrder += point.outOfOrder;
  }
  return totals;
}
