import type { TvAlert } from '../../lib/live';
import { orderFiringAlerts, SEVERITY_LABELS } from '../dashboard/alertText';

/** More would wrap to a third line on a 1280×720 wall and squeeze the panels; the rest are counted. */
const MOST_ALERTS_SHOWN = 4;

/**
 * The firing alerts across the wall, loudest first, by severity and name: large, in the
 * severity's colour, readable across the room. No links: nobody touches a wall.
 */
export function TvAlertStrip({ alerts }: { alerts: readonly TvAlert[] }) {
  if (alerts.length === 0) return null;
  const ordered = orderFiringAlerts(alerts);
  const shown = ordered.slice(0, MOST_ALERTS_SHOWN);
  const more = ordered.length - shown.length;
  return (
    <section className="tv-alerts" data-testid="tv-alerts" data-severity={ordered[0]!.severity} role="status" aria-label="Firing alerts">
      <p className="tv-alerts__title" data-tv-text="">
        {alerts.length === 1 ? 'Alert' : `${alerts.length} alerts`}
      </p>
      <ul className="tv-alerts__list">
        {shown.map((alert) => (
          <li key={alert.name} className="tv-alert" data-testid="tv-alert" data-alert-name={alert.name} data-severity={alert.severity}>
            <span className="tv-alert__severity" data-tv-text="">
              {SEVERITY_LABELS[alert.severity]}
            </span>
            <span className="tv-alert__name" data-tv-text="">
              {alert.name}
            </span>
          </li>
        ))}
        {more > 0 && (
          <li className="tv-alerts__more" data-tv-text="">
            +{more} more
          </li>
        )}
      </ul>
    </section>
  );
}
