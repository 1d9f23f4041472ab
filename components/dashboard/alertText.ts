import type { AlertRuleStatus, AlertSeverity } from '../../lib/alerts';
import { formatCount, formatDuration, formatPercent, NO_VALUE } from '../../lib/format';

/*
 * The words of a firing alert, as the dashboard's banner and the TV wall's strip say them.
 * Pure, so the banner's text is tested without a browser.
 */

export const SEVERITY_LABELS: Record<AlertSeverity, string> = {
  critical: 'Critical',
  warning: 'Warning',
  info: 'Info',
};

const SEVERITY_RANK: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** The loudest first; among equals the longest-standing, so the list does not reshuffle as alerts come. */
export function orderFiringAlerts<Alert extends Pick<AlertRuleStatus, 'name' | 'severity' | 'activeSince'>>(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.activeSince ?? Number.POSITIVE_INFINITY) - (b.activeSince ?? Number.POSITIVE_INFINITY) ||
      a.name.localeCompare(b.name),
  );
}

const fractionFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A figure's value in its own unit: rates as percentages, `…Ms` figures as durations, the rest as counts. */
export function formatAlertFigure(figure: string, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return NO_VALUE;
  if (/Rate$/.test(figure)) return formatPercent(value);
  if (/Ms(\.|$)/.test(figure)) return formatDuration(value);
  return Number.isInteger(value) ? formatCount(value) : fractionFormat.format(value);
}

const UNITS = [
  { ms: 86_400_000, label: 'd' },
  { ms: 3_600_000, label: 'h' },
  { ms: 60_000, label: 'min' },
  { ms: 1_000, label: 's' },
] as const;

/** A rule's window as its author wrote it: 10 s, 5 min, 1 h, 1 min 30 s. */
export function formatAlertWindow(windowMs: number): string {
  if (windowMs < 1_000 || windowMs % 1_000 !== 0) return formatDuration(windowMs);
  const parts: string[] = [];
  let rest = windowMs;
  for (const unit of UNITS) {
    const count = Math.floor(rest / unit.ms);
    if (count > 0) parts.push(`${count} ${unit.label}`);
    rest -= count * unit.ms;
  }
  return parts.join(' ');
}

/** The value against the threshold: "20 > 10 over 10 s"; a health figure has no window ("150,000 > 100,000"). */
export function alertConditionText(alert: Pick<AlertRuleStatus, 'figure' | 'value' | 'comparison' | 'threshold' | 'window'>): string {
  const sign = alert.comparison === 'above' ? '>' : '<';
  const condition = `${formatAlertFigure(alert.figure, alert.value)} ${sign} ${formatAlertFigure(alert.figure, alert.threshold)}`;
  return alert.window === null ? condition : `${condition} over ${formatAlertWindow(alert.window)}`;
}

/**
 * How long the condition has held, in whole units rounded down ("for 12 s", "for 4 min 12 s"),
 * so it never claims a second that has not passed. `now` is the server's clock, as `activeSince` is.
 */
export function firingForText(activeSince: number | null, now: number): string | null {
  if (activeSince === null) return null;
  const elapsedMs = Math.max(0, now - activeSince);
  if (elapsedMs < 1_000) return 'just now';
  // Elapsed is at least a second here, so some unit always matches.
  const index = UNITS.findIndex((unit) => elapsedMs >= unit.ms);
  const first = UNITS[index]!;
  const second = UNITS[index + 1];
  const leading = Math.floor(elapsedMs / first.ms);
  const trailing = second ? Math.floor((elapsedMs % first.ms) / second.ms) : 0;
  return second && trailing > 0 ? `for ${leading} ${first.label} ${trailing} ${second.label}` : `for ${leading} ${first.label}`;
}
