import type { Health } from '../lib/health';
import {
  LIVE_WINDOWS,
  RECENT_MS,
  TV_WINDOWS,
  type OverviewSelection,
  type OverviewSnapshot,
  type OverviewUpdate,
  type PipelineState,
  type TvFrame,
  type TvSelection,
} from '../lib/live';
import type { SeriesPoint, Summary } from '../lib/summary';
import { pointOf, summaryOf } from './pipeline/aggregateQuery';
import { BUCKET_MS } from './pipeline/bucket';
import { LiveTotals, type StepTotals } from './pipeline/liveTotals';
import { tvFiguresOf } from './pipeline/tvFigures';
import type { ReadModel } from './readModel';

/** The farthest back a live view reaches: the longest overview window and its step, or two of the wall's longest windows. */
const LIVE_SPAN_MS = Math.max(
  ...Object.values(LIVE_WINDOWS).map(({ durationMs, stepMs }) => durationMs + stepMs),
  ...Object.values(TV_WINDOWS).map(({ durationMs }) => 2 * durationMs),
  RECENT_MS + BUCKET_MS,
);

/**
 * The KPI tiles' "last minute" counts the seconds from the one RECENT_MS ago to the one
 * in progress, as GET /api/summary?from=now-60s does: RECENT_MS plus that second.
 */
const RECENT_WINDOW_MS = RECENT_MS + BUCKET_MS;

/** What a chart's point and the wall show of the sketches. */
const LATENCY_ONLY = ['latency'] as const;

export function pipelineStateOf(health: Health): PipelineState {
  if (health.status === 'degraded') return 'brokerLost';
  // Joining the group, partitions are about to be rebuilt: the wall says so the same way.
  return health.status === 'rebuilding' || health.status === 'joining' ? 'rebuilding' : 'live';
}

/**
 * The live views, made from totals kept up to date tick by tick (liveTotals.ts): a tick
 * costs what changed since the last one, however long the windows. Everything a tick
 * needs of the read model (health, watermark, newest append) is read once per tick.
 */
export class LiveViews {
  /** Only the KPI tiles show lead times and leg durations: those sketches are kept for their minute. */
  private readonly totals = new LiveTotals({ latency: LIVE_SPAN_MS, leadTime: RECENT_WINDOW_MS, legDuration: RECENT_WINDOW_MS });
  private now = 0;
  private health: Health | null = null;
  private watermark: number | null = null;
  private newestAppendTime: number | null = null;
  private recent: Summary | null = null;
  /** The seconds the last tick changed, as a range: what its pushes cover. */
  changedRange: { from: number; to: number } | null = null;

  constructor(private readonly readModel: ReadModel) {}

  get advanced(): boolean {
    return this.health !== null;
  }

  /** Takes what changed since the last tick and brings every view's totals to `now`. */
  tick(now: number): void {
    const { seconds, reset } = this.readModel.takeChanges();
    this.totals.advance(this.readModel.histories(), seconds, reset, now);
    this.now = now;
    this.health = this.readModel.health(now);
    this.watermark = this.readModel.watermark();
    this.newestAppendTime = this.readModel.newestAppendTime();
    this.recent = null;
    let from = Number.POSITIVE_INFINITY;
    let to = Number.NEGATIVE_INFINITY;
    for (const second of seconds) {
      if (second < from) from = second;
      if (second + BUCKET_MS > to) to = second + BUCKET_MS;
    }
    this.changedRange = seconds.size > 0 ? { from, to } : null;
  }

  private recentSummary(): Summary {
    this.recent ??= summaryOf(
      this.totals.window(RECENT_WINDOW_MS).totals,
      this.now - RECENT_MS,
      this.now,
      this.watermark,
      this.readModel.maxBreakdownNames,
    );
    return this.recent;
  }

  private stepsOf(selection: OverviewSelection): StepTotals {
    const { durationMs, stepMs } = LIVE_WINDOWS[selection.window];
    // A chart's point shows latency of the sketches; the others need not be kept per step.
    return this.totals.steps(stepMs, durationMs, LATENCY_ONLY);
  }

  overviewSnapshot(selection: OverviewSelection, seq: number): OverviewSnapshot {
    const steps = this.stepsOf(selection);
    return {
      view: 'overview',
      subscription: selection,
      series: {
        from: steps.firstStep,
        to: this.now,
        step: steps.stepMs,
        points: steps.ordered().map(([t, totals]) => pointOf(totals, t, selection.by, this.readModel.maxBreakdownNames)),
      },
      recent: this.recentSummary(),
      health: this.health!,
      newestAppendTime: this.newestAppendTime,
      seq,
    };
  }

  /** The points the last tick changed (the step it began included); empty when none. */
  changedPoints(selection: OverviewSelection): SeriesPoint[] {
    const steps = this.stepsOf(selection);
    const points: SeriesPoint[] = [];
    for (const t of [...steps.changedSteps].sort((a, b) => a - b)) {
      const totals = steps.steps.get(t);
      if (totals) points.push(pointOf(totals, t, selection.by, this.readModel.maxBreakdownNames));
    }
    return points;
  }

  overviewUpdate(selection: OverviewSelection, points: SeriesPoint[], seq: number): OverviewUpdate {
    const steps = this.stepsOf(selection);
    return {
      view: 'overview',
      series: { from: steps.firstStep, to: this.now, step: steps.stepMs, points },
      recent: this.recentSummary(),
      health: this.health!,
      newestAppendTime: this.newestAppendTime,
      seq,
    };
  }

  tvFrame(selection: TvSelection): TvFrame {
    const durationMs = TV_WINDOWS[selection.window].durationMs;
    const current = this.totals.window(durationMs, 0, LATENCY_ONLY);
    const previous = this.totals.window(durationMs, durationMs, LATENCY_ONLY);
    const health = this.health!;
    return {
      view: 'tv',
      subscription: selection,
      current: tvFiguresOf(current.totals, current.from, current.to, selection, this.now, this.readModel.maxBreakdownNames),
      previous: tvFiguresOf(previous.totals, previous.from, previous.to, selection, this.now, this.readModel.maxBreakdownNames),
      pipeline: { state: pipelineStateOf(health), rebuildProgress: health.rebuild.progress, lagRecords: health.lag.records },
      alerts: (health.alertsFiring ?? []).map(({ name, severity, activeSince }) => ({ name, severity, activeSince })),
      newestAppendTime: this.newestAppendTime,
      now: this.now,
    };
  }
}
