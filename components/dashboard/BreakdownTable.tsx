import Link from 'next/link';
import { formatCount, formatPercent } from '../../lib/format';
import type { BreakdownTotal } from './chartData';
import { eventsHref, type TimeRange } from './drillDownLinks';

interface BreakdownTableProps {
  dimensionLabel: string;
  totals: BreakdownTotal[];
  /** The range the totals cover; each row links to its events in it. */
  range: TimeRange | null;
}

/** Events per breakdown value over the whole window, in the chart's order and colours. */
export function BreakdownTable({ dimensionLabel, totals, range }: BreakdownTableProps) {
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
            totals.map((entry) => {
              const href = range && entry.drillDown ? eventsHref(entry.drillDown, range) : null;
              const name = (
                <>
                  <span className="swatch" style={{ background: entry.color }} aria-hidden="true" />
                  {entry.label}
                </>
              );
              return (
                <tr key={entry.id} data-testid="breakdown-row" data-value={entry.id}>
                  <th scope="row">
                    {href ? (
                      <Link prefetch={false} href={href} className="breakdown-table__link" title={`Events of ${entry.label} in this range`}>
                        {name}
                      </Link>
                    ) : (
                      <span title="Values folded together: no filter selects exactly these">{name}</span>
                    )}
                  </th>
                  <td>{formatCount(entry.total)}</td>
                  <td>{formatPercent(entry.share, 1)}</td>
                </tr>
              );
            })
          )}
        </tbody>
      </table>
    </div>
  );
}
