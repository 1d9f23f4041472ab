import type { TooltipContentProps } from 'recharts';
import { formatClockTime } from '../../lib/format';

type ChartTooltipProps = Pick<TooltipContentProps, 'active' | 'payload' | 'label'> & {
  formatValue: (value: number) => string;
  /** For stacked charts: the sum of the stack. */
  showTotal?: boolean;
  /** Keys of the series the legend hid: not listed, not summed. */
  hiddenKeys?: ReadonlySet<string>;
  /** What a click or drag on the chart does, for charts that do something. */
  hint?: string;
};

/**
 * The tooltip of every time chart: the step's time, then one row per series, listed
 * top-down as the chart draws them (the last series of a stack is on top).
 */
export function ChartTooltip({ active, payload, label, formatValue, showTotal = false, hiddenKeys, hint }: ChartTooltipProps) {
  if (!active || payload.length === 0) return null;
  const rows = payload
    .filter((entry) => typeof entry.value === 'number' && !hiddenKeys?.has(String(entry.dataKey)))
    .reverse();
  const total = rows.reduce((sum, entry) => sum + (typeof entry.value === 'number' ? entry.value : 0), 0);
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip__time">{typeof label === 'number' ? formatClockTime(label) : label}</p>
      <table>
        <tbody>
          {rows.map((entry) => (
            <tr key={entry.graphicalItemId}>
              <th scope="row">
                <span className="swatch" style={{ background: entry.color }} aria-hidden="true" />
                {entry.name}
              </th>
              <td>{typeof entry.value === 'number' ? formatValue(entry.value) : ''}</td>
            </tr>
          ))}
        </tbody>
        {showTotal && rows.length > 1 && (
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td>{formatValue(total)}</td>
            </tr>
          </tfoot>
        )}
      </table>
      {hint && <p className="chart-tooltip__hint">{hint}</p>}
    </div>
  );
}
