import type { EventTrace } from '../../lib/events';

export const TRACE_STEP_KEYS = ['eventTime', 'appendTime', 'processedAt', 'firstPushedAt'] as const;
export type TraceStepKey = (typeof TRACE_STEP_KEYS)[number];

export const TRACE_STEP_LABELS: Record<TraceStepKey, string> = {
  eventTime: 'Happened',
  appendTime: 'Appended to the log',
  processedAt: 'Processed',
  firstPushedAt: 'On a dashboard',
};

export interface TraceStep {
  key: TraceStepKey;
  label: string;
  /** Epoch ms; null where it has not happened (yet), or is unknown. */
  at: number | null;
}

export interface TraceGap {
  from: TraceStepKey;
  to: TraceStepKey;
  /** How long from the previous known step to this one; null when either end is unknown. */
  durationMs: number | null;
}

export interface TraceTimeline {
  steps: TraceStep[];
  /** Between each step and the next: `steps.length - 1` gaps. */
  gaps: TraceGap[];
  /** From the first to the last known step. */
  totalMs: number | null;
}

/**
 * An input's path (event → append → processed → on screen) with the time between each
 * pair of steps. A gap may be negative: an event time after its append time is a
 * producer's clock running ahead, and the page must show that rather than hide it.
 */
export function traceTimeline(trace: EventTrace): TraceTimeline {
  const steps = TRACE_STEP_KEYS.map((key) => ({ key, label: TRACE_STEP_LABELS[key], at: trace[key] }));
  const gaps: TraceGap[] = [];
  for (let index = 1; index < steps.length; index += 1) {
    const previous = steps[index - 1]!;
    const current = steps[index]!;
    gaps.push({
      from: previous.key,
      to: current.key,
      durationMs: previous.at !== null && current.at !== null ? current.at - previous.at : null,
    });
  }
  const known = steps.filter((step) => step.at !== null).map((step) => step.at!);
  const totalMs = known.length >= 2 ? known[known.length - 1]! - known[0]! : null;
  return { steps, gaps, totalMs };
}
