import type { EventTrace } from '../../lib/events';
import { formatDuration, NO_VALUE } from '../../lib/format';
import { formatTimeOfDay, formatTimestamp } from '../data/timestamps';
import { traceTimeline } from './traceSteps';

/** The input's path as four stops on a line, the time between them written on it. */
export function TraceTimeline({ trace }: { trace: EventTrace }) {
  const { steps, gaps, totalMs } = traceTimeline(trace);
  return (
    <figure className="trace" data-testid="trace-timeline">
      <ol className="trace__steps">
        {steps.map((step, index) => {
          const gap = index > 0 ? gaps[index - 1] : undefined;
          return (
            <li key={step.key} className="trace__step" data-known={step.at !== null || undefined} data-testid={`trace-${step.key}`}>
              {gap && (
                <span className="trace__gap" data-negative={gap.durationMs !== null && gap.durationMs < 0 || undefined}>
                  {gap.durationMs === null ? NO_VALUE : `+${formatDuration(gap.durationMs)}`.replace('+-', '−')}
                </span>
              )}
              <span className="trace__dot" aria-hidden="true" />
              <span className="trace__label">{step.label}</span>
              <time className="trace__time" dateTime={step.at !== null ? new Date(step.at).toISOString() : undefined} title={formatTimestamp(step.at)}>
                {step.at === null ? 'not yet' : formatTimeOfDay(step.at)}
              </time>
            </li>
          );
        })}
      </ol>
      <figcaption className="trace__caption">
        {totalMs !== null ? `${formatDuration(totalMs)} from first to last known step` : 'Not enough steps known yet'}
        {trace.traceId && (
          <>
            {' · '}trace{' '}
            {trace.traceUrl ? (
              // The tracing UI is another application: a tab of its own, with no hold on this one.
              <a href={trace.traceUrl} target="_blank" rel="noopener" data-testid="trace-id" title="Open this trace in the tracing UI">
                <code>{trace.traceId}</code>
              </a>
            ) : (
              <code data-testid="trace-id">{trace.traceId}</code>
            )}
          </>
        )}
        {trace.traceparent && (
          <>
            {' · '}traceparent <code>{trace.traceparent}</code>
          </>
        )}
      </figcaption>
    </figure>
  );
}
