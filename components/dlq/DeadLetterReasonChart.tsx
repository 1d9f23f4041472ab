'use client';

import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DEAD_LETTER_REASONS, DEAD_LETTER_REASON_LABELS, type DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import { formatCount } from '../../lib/format';
import { reasonColor } from './reasonColors';

interface DeadLetterReasonChartProps {
  byReason: Partial<Record<DeadLetterReason, number>>;
  selected: DeadLetterReason | null;
  onSelect: (reason: DeadLetterReason | null) => void;
}

/** Every reason of the closed set, in its order, so a zero reads as zero rather than missing. */
export function DeadLetterReasonChart({ byReason, selected, onSelect }: DeadLetterReasonChartProps) {
  const rows = DEAD_LETTER_REASONS.map((reason) => ({ reason, label: DEAD_LETTER_REASON_LABELS[reason], count: byReason[reason] ?? 0 }));
  return (
    <div className="reason-chart" data-testid="reason-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 48, bottom: 4, left: 8 }} barCategoryGap="22%">
          <CartesianGrid horizontal={false} stroke="var(--chart-grid)" />
          <XAxis type="number" allowDecimals={false} tickLine={false} axisLine={{ stroke: 'var(--chart-axis)' }} tick={{ fill: 'var(--text-muted)', fontSize: 12 }} />
          <YAxis
            type="category"
            dataKey="label"
            width={150}
            tickLine={false}
            axisLine={false}
            tick={{ fill: 'var(--text)', fontSize: 12 }}
          />
          <Tooltip
            cursor={{ fill: 'var(--chart-cursor)' }}
            isAnimationActive={false}
            formatter={(value) => [formatCount(Number(value)), 'Dead letters']}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border-strong)', borderRadius: 6, fontSize: 12 }}
          />
          <Bar
            dataKey="count"
            isAnimationActive={false}
            cursor="pointer"
            onClick={(entry) => {
              const reason = (entry as unknown as { payload?: { reason?: DeadLetterReason } }).payload?.reason ?? null;
              onSelect(reason === selected ? null : reason);
            }}
          >
            {rows.map((row) => (
              <Cell key={row.reason} fill={reasonColor(row.reason)} fillOpacity={selected === null || selected === row.reason ? 1 : 0.3} />
            ))}
            <LabelList dataKey="count" position="right" formatter={(value) => formatCount(Number(value))} fill="var(--text)" fontSize={12} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
