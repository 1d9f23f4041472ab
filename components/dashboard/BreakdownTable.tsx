import { formatCount, formatPercent } from '../../lib/format';
import type { BreakdownTotal } from './chartData';

interface BreakdownTableProps {
  dimensionLabel: string;
  totals: BreakdownTotal[];
}

/** Events per breakdown value over the whole window, in the chart's order and colours. */
export function BreakdownTable({ dimensionLabel, totals }: BreakdownTableProps) {
  return (
    <div className="breakdown-table">
      <table data-testid="breakdown-table">
        <thead>
          <tr>
            <th scope="col">{dimensionLabel}</th>
            <th scope="col">Events</th>
            <th scope="col">Share</th>
          </tr>
        </thead>
        <tbody>
          {totals.length === 0 ? (
            <tr>
              <td colSpan={3} className="breakdown-table__empty">
                No events in this window yet.
              </td>
            </tr>
          ) : (
            totals.map((entry) => (
              <tr key={entry.label}>
                <th scope="row">
                  <span className="swatch" style={{ background: entry.color }} aria-hidden="true" />
                  {entry.label}
                </th>
                <td>{formatCount(entry.total)}</td>
                <td>{formatPercent(entry.share, 1)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
