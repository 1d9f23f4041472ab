'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { EventDetail } from '../../lib/events';
import { NO_VALUE } from '../../lib/format';
import { CodeBlock, JsonBlock } from '../data/CodeBlock';
import { formatTimestamp } from '../data/timestamps';
import { PageFrame } from '../layout/PageFrame';
import { QueryError } from '../layout/QueryError';
import { eventsHref } from './eventFilterParams';
import { AROUND_MS, neighbourRefs } from './eventNeighbours';
import { eventDetailQuery } from './eventQueries';
import { OutcomeBadge } from './OutcomeBadge';
import { typeLabel } from './EventTable';
import { TraceTimeline } from './TraceTimeline';

function eventField(detail: EventDetail, name: string): string | null {
  const value = detail.event?.[name];
  return typeof value === 'string' ? value : null;
}

/** /events/[ref]: one input's whole story. */
export function EventDetailPage({ eventRef }: { eventRef: string }) {
  const detail = useQuery(eventDetailQuery(eventRef));
  return (
    <PageFrame title={<span className="mono">{eventRef}</span>} back={{ href: '/events', label: 'Events' }}>
      {detail.isError ? (
        <QueryError error={detail.error} what={`input ${eventRef}`} />
      ) : !detail.data ? (
        <p className="empty-state">Loading…</p>
      ) : (
        <EventDetailView detail={detail.data} />
      )}
    </PageFrame>
  );
}

function EventDetailView({ detail }: { detail: EventDetail }) {
  // A dead letter has no validated event; its Kafka key is still the shipment id.
  const subject = eventField(detail, 'subject') ?? detail.key;
  const type = eventField(detail, 'type');
  const { previous, next } = neighbourRefs(detail.partition, detail.offset);
  const aroundHref = eventsHref({ from: detail.appendTime - AROUND_MS, to: detail.appendTime + AROUND_MS });

  return (
    <div className="detail-layout" data-testid="event-detail">
      <section className="card detail-card detail-card--summary">
        <div className="detail-card__headline">
          <OutcomeBadge outcome={detail.outcome} reason={detail.reason} />
          {type && <span className="detail-card__type">{typeLabel(type)}</span>}
        </div>
        <dl className="fields">
          <Field label="Partition">{detail.partition}</Field>
          <Field label="Offset">{detail.offset}</Field>
          <Field label="Appended">{formatTimestamp(detail.appendTime)}</Field>
          <Field label="Event time">{formatTimestamp(detail.trace.eventTime)}</Field>
          <Field label="Key">{detail.key ?? NO_VALUE}</Field>
          <Field label="Source">{eventField(detail, 'source') ?? NO_VALUE}</Field>
          <Field label="Id">{eventField(detail, 'id') ?? NO_VALUE}</Field>
          <Field label="Subject">
            {subject ? (
              <Link href={`/shipments/${encodeURIComponent(subject)}`} data-testid="shipment-link">
                {subject}
              </Link>
            ) : (
              NO_VALUE
            )}
          </Field>
        </dl>
        {(detail.reason || detail.error) && (
          <div className="banner banner--error detail-card__error" data-testid="event-error">
            <p className="banner__text">
              <strong>{detail.reason ?? 'Error'}</strong>
              {detail.error && <span className="banner__detail">{detail.error}</span>}
            </p>
          </div>
        )}
        <nav className="detail-links" aria-label="Around this input">
          {subject && (
            <Link className="button button--quiet button--small" href={`/shipments/${encodeURIComponent(subject)}`}>
              Shipment {subject}
            </Link>
          )}
          {previous && (
            <Link className="button button--quiet button--small" href={`/events/${previous}`} data-testid="previous-in-partition" rel="prev">
              ← {previous}
            </Link>
          )}
          <Link className="button button--quiet button--small" href={`/events/${next}`} data-testid="next-in-partition" rel="next">
            {next} →
          </Link>
          <Link className="button button--quiet button--small" href={aroundHref} data-testid="around-link">
            Inputs ±30 s around its append
          </Link>
          {detail.outcome === 'deadLetter' && (
            <Link className="button button--quiet button--small" href={`/dlq?reason=${detail.reason ?? ''}`}>
              Dead letters: {detail.reason}
            </Link>
          )}
        </nav>
      </section>

      <section className="card detail-card detail-card--wide">
        <h2 className="detail-card__title">Trace</h2>
        <TraceTimeline trace={detail.trace} />
      </section>

      {detail.event && (
        <section className="card detail-card">
          <h2 className="detail-card__title">Event, validated and upcast</h2>
          <JsonBlock value={detail.event} testId="event-json" label="The validated event as JSON" />
        </section>
      )}

      <section className="card detail-card">
        <h2 className="detail-card__title">Raw payload</h2>
        {detail.raw === null ? (
          <p className="empty-state">The log no longer holds this payload (past its retention).</p>
        ) : (
          <CodeBlock text={detail.raw} testId="event-raw" label="The payload as it arrived" />
        )}
      </section>

      <section className="card detail-card">
        <h2 className="detail-card__title">Headers</h2>
        {Object.keys(detail.headers).length === 0 ? (
          <p className="empty-state">No headers.</p>
        ) : (
          <dl className="fields fields--headers" data-testid="event-headers">
            {Object.entries(detail.headers).map(([name, value]) => (
              <Field key={name} label={name}>
                {value}
              </Field>
            ))}
          </dl>
        )}
      </section>
    </div>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fields__item">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
