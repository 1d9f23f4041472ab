/** Legend text in the text colour; Recharts would colour it like the series. */
export function chartLegendLabel(value: string) {
  return <span className="chart-legend__label">{value}</span>;
}
