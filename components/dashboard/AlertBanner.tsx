import Link from 'next/link';
import type { AlertRuleStatus } from '../../lib/alerts';
import { formatClockTime } from '../../lib/format';
import { alertConditionText, firingForText, orderFiringAlerts, SEVERITY_LABELS } from './alertText';

interface AlertBannerProps {
  /** The rules firing now (health's `alertsFiring`). */
  alerts: readonly AlertRuleStatus[];
  /** The server's clock of that health, which `activeSince` is measured by. */
  now: number;
}

/** Waybill's own alert rules that fire now, one line each, the loudest first; nothing while none fires. */
export function AlertBanner({ alerts, now }: AlertBannerProps) {
  if (alerts.length === 0) return null;
  const ordered = orderFiringAlerts(alerts);
  return (
    <section className="banner alert-banner" data-severity={ordered[0]!.severity} data-testid="alert-banner" aria-label="Firing alerts">
      {ordered.map((alert) => (
        <AlertLine key={alert.name} alert={alert} now={now} />
      ))}
    </section>
  );
}

function AlertLine({ alert, now }: { alert: AlertRuleStatus; now: number }) {
  const summary = alert.annotations.summary;
  const firingFor = firingForText(alert.activeSince, now);
  return (
    <div className="alert-item" data-testid="alert-item" data-alert-name={alert.name} data-severity={alert.severity}>
      {/*
       * Only what stays the same is a live region: the value and the time change with every
       * update, and a screen reader would read the alert out again each time.
       */}
      <p className="alert-item__what" role={alert.severity === 'critical' ? 'alert' : 'status'}>
        <span className="alert-item__severity">{SEVERITY_LABELS[alert.severity]}</span>
        <strong className="alert-item__name">{alert.name}</strong>
        {summary && <span className="alert-item__summary">{summary}</span>}
      </p>
      <p className="alert-item__facts">
        <span className="alert-item__condition">{alertConditionText(alert)}</span>
        {firingFor && alert.activeSince !== null && (
          <time
            className="alert-item__since"
            dateTime={new Date(alert.activeSince).toISOString()}
            title={`Condition holding since ${formatClockTime(alert.activeSince)}`}
          >
            {firingFor}
          </time>
        )}
      </p>
      {alert.drilldown && (
        <Link className="alert-item__link" href={alert.drilldown}>
          Show events
        </Link>
      )}
    </div>
  );
}
