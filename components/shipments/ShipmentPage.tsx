'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ANOMALIES, type ShipmentLeg, type ShipmentTimeline, type ShipmentTimelineEvent } from '../../lib/events';
import { formatCount, formatDuration, NO_VALUE } from '../../lib/format';
import { formatTimestamp } from '../data/timestamps';
import { eventsHref } from '../events/eventFilterParams';
import { shipmentQuery } from '../events/eventQueries';
import { typeLabel } from '../events/EventTable';
import { OutcomeBadge } from '../events/OutcomeBadge';
import { PageFrame } from '../layout/PageFrame';
import { QueryError } from '../layout/QueryError';
import {
  ANOMALY_EXPLANATIONS,
  ANOMALY_LABELS,
  anomalyCounts,
  legsByDestination,
  SLA_VERDICT_LABELS,
  slaUnknownReason,
  slaVerdict,
} from './shipmentView';

/** /shipments/[subject]: a shipment's events in sequence, its legs, anomalies, lead time and SLA. */
export function ShipmentPage({ subject }: { subject: string }) {
  const timeline = useQuery(shipmentQuery(subject));
  return (
    <PageFrame
      title={
        <>
          Shipment <span className="mono">{subject}</span>
        </>
      }
      back={{ href: eventsHref({ subject }), label: 'Its events' }}
    >
      {timeline.isError ? (
        <QueryError error={timeline.error} what={`shipment ${subject}`} />
      ) : !timeline.data ? (
        <p className="empty-state">Loading…</p>
      ) : (
        <ShipmentView timeline={timeline.data} />
      )}
    </PageFrame>
  );
}

function ShipmentView({ timeline }: { timeline: ShipmentTimeline }) {
  const verdict = slaVerdict(timeline);
  const unknownReason = slaUnknownReason(timeline);
  const counts = anomalyCounts(timeline);
  const legs = legsByDestination(timeline.legs);
  return (
    <div className="shipment" data-testid="shipment">
      <section className="card shipment__facts">
        <dl className="fields fields--row">
          <div className="fields__item">
            <dt>SLA</dt>
            <dd>
              <span className="sla-badge" data-verdict={verdict} data-testid="sla-verdict">
                {SLA_VERDICT_LABELS[verdict]}
              </span>
              {unknownReason && <span className="fields__detail"> {unknownReason}</span>}
            </dd>
          </div>
          <div className="fields__item">
            <dt>Lead time</dt>
            <dd data-testid="lead-time">{formatDuration(timeline.leadTimeMs)}</dd>
          </div>
          <div className="fields__item">
            <dt>Promised by</dt>
            <dd>{formatTimestamp(timeline.promisedAt)}</dd>
          </div>
          <div className="fields__item">
            <dt>Delivered</dt>
            <dd>{formatTimestamp(timeline.deliveredAt)}</dd>
          </div>
          <div className="fields__item">
            <dt>Inputs</dt>
            <dd>{formatCount(timeline.events.length)}</dd>
          </div>
        </dl>
        {Object.keys(counts).length > 0 && (
          <ul className="anomaly-summary" aria-label="Anomalies">
            {ANOMALIES.filter((anomaly) => counts[anomaly]).map((anomaly) => (
              <li key={anomaly}>
                <AnomalyMarker anomaly={anomaly} /> × {counts[anomaly]}
              </li>
            ))}
          </ul>
        )}
      </section>

      {timeline.events.length === 0 ? (
        <p className="empty-state">No input names this shipment (within the log's retention).</p>
      ) : (
        <ol className="shipment-timeline card" data-testid="shipment-timeline">
          {timeline.events.map((event) => (
            <TimelineEntry key={event.ref} event={event} leg={legs.get(event.ref)} />
          ))}
        </ol>
      )}
    </div>
  );
}

function TimelineEntry({ event, leg }: { event: ShipmentTimelineEvent; leg: ShipmentLeg | undefined }) {
  return (
    <li className="shipment-timeline__entry" data-testid="shipment-event" data-ref={event.ref} data-anomalous={event.anomalies.length > 0 || undefined}>
      {leg && (
        <p className="shipment-timeline__leg" data-testid="shipment-leg">
          <span className="shipment-timeline__leg-duration">{formatDuration(leg.durationMs)}</span>
          {leg.fromFacility && leg.toFacility && leg.fromFacility !== leg.toFacility
            ? ` ${leg.fromFacility} → ${leg.toFacility}`
            : leg.toFacility
              ? ` at ${leg.toFacility}`
              : ''}
        </p>
      )}
      <div className="shipment-timeline__event">
        <span className="shipment-timeline__dot" aria-hidden="true" />
        <div className="shipment-timeline__main">
          <p className="shipment-timeline__title">
            <Link href={`/events/${encodeURIComponent(event.ref)}`} data-testid="shipment-event-link">
              {typeLabel(event.type)}
            </Link>
            {event.sequence !== null && <span className="shipment-timeline__sequence">#{event.sequence}</span>}
            {/* The marker already says it when the outcome is itself an anomaly. */}
            {!(event.anomalies as string[]).includes(event.outcome) && <OutcomeBadge outcome={event.outcome} />}
            {event.anomalies.map((anomaly) => (
              <AnomalyMarker key={anomaly} anomaly={anomaly} />
            ))}
          </p>
          <p className="shipment-timeline__meta">
            <span title="Event time">{formatTimestamp(event.eventTime)}</span>
            {' · '}
            {[event.facility, event.region, event.carrier].filter(Boolean).join(' · ') || NO_VALUE}
            {' · '}
            <span className="mono">{event.ref}</span>
          </p>
        </div>
      </div>
    </li>
  );
}

function AnomalyMarker({ anomaly }: { anomaly: (typeof ANOMALIES)[number] }) {
  return (
    <span className="anomaly-marker" data-anomaly={anomaly} title={ANOMALY_EXPLANATIONS[anomaly]} data-testid="anomaly-marker">
      <span aria-hidden="true">⚠ </span>
      {ANOMALY_LABELS[anomaly]}
    </span>
  );
}
