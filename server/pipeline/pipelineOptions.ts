/** The knobs of section 4 of DESIGN.md, with its defaults. */
export interface PipelineOptions {
  maxEventBytes: number;
  allowedLatenessMs: number;
  windowGraceMs: number;
  /** How long state (buckets, dedupe keys, shipments) is kept, by append time. */
  retentionMs: number;
  /** Distinct values kept per dimension and partition before the rest fold into `other`. */
  maxDimensionValues: number;
  /** How far past its append time an event time may lie before the event is refused. */
  maxFutureSkewMs: number;
}

export const DEFAULT_PIPELINE_OPTIONS: PipelineOptions = {
  maxEventBytes: 64 * 1024,
  allowedLatenessMs: 5_000,
  windowGraceMs: 30_000,
  retentionMs: 60 * 60_000,
  maxDimensionValues: 100,
  maxFutureSkewMs: 5 * 60_000,
};
