import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { Pipeline } from '../server/pipeline/pipeline';
import type { LogRecord } from '../server/pipeline/logRecord';
import { partitionForKey } from '../server/store/keyPartitioner';
import { ShipmentTrafficGenerator } from '../server/sources/simulator/shipmentTraffic';
import { median } from './median';

/*
 * How the pipeline's cost grows with its state. One pipeline per size, each with the
 * retention that holds that many events at 2,000 events per second of event time, all fed
 * the same simulator stream, chunk by chunk, in turns (who goes first rotates). Once the
 * largest is full (its state expiring as fast as it grows, as in a server that has run
 * longer than its retention), every chunk is timed on every pipeline: the rates are
 * compared chunk by chunk, side by side, so the machine's drift meets all sizes alike.
 *
 * Events are generated outside the clock, a chunk at a time (holding millions of records
 * would put them on the heap being measured). Reported per size: the rate with garbage
 * collection included, the heap and array-buffer bytes per retained event (what dropping
 * that pipeline frees, after full collections), and the longest batch of 500 (what a
 * source hands over at once). The longest garbage-collection pause is for the process,
 * which holds every size at once, so it bounds each size's own; it counts the pauses that
 * overlap the fold, and reports apart the longest anywhere (the generator's included).
 */

const PARTITIONS = 8;
const RATE = 2_000;
const START = Date.parse('2026-03-01T12:00:00.000Z');
const CHUNK = 20_000;
const BATCH = 500;

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');
  gc();
  gc();
}

function heldBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** Simulator records over PARTITIONS partitions, a chunk at a time, appended at `eventsPerSecond`. */
export class SimulatedRecords {
  private readonly generator: ShipmentTrafficGenerator;
  private readonly offsets = new Array<number>(PARTITIONS).fill(0);
  generated = 0;

  constructor(
    seed: number,
    private readonly eventsPerSecond: number,
  ) {
    this.generator = new ShipmentTrafficGenerator({ seed, faults: { malformed: 0, late: 0 } });
  }

  next(count: number): LogRecord[] {
    const chunk: LogRecord[] = [];
    for (let i = 0; i < count; i += 1) {
      const now = START + Math.floor((this.generated / this.eventsPerSecond) * 1_000);
      this.generated += 1;
      const input = this.generator.next(now);
      const partition = partitionForKey(input.key!, PARTITIONS);
      chunk.push({ partition, offset: this.offsets[partition]!++, appendTime: now, key: input.key, value: Buffer.from(input.body) });
    }
    return chunk;
  }
}

interface Subject {
  retainedEvents: number;
  pipeline: Pipeline | null;
  measuredNs: number;
  measuredEvents: number;
  longestBatchNs: number;
  chunkRates: number[];
}

function foldChunk(subject: Subject, records: readonly LogRecord[], measuring: boolean): void {
  const pipeline = subject.pipeline!;
  let chunkNs = 0;
  for (let start = 0; start < records.length; start += BATCH) {
    const end = Math.min(start + BATCH, records.length);
    const began = process.hrtime.bigint();
    for (let i = start; i < end; i += 1) pipeline.process(records[i]!);
    const took = Number(process.hrtime.bigint() - began);
    chunkNs += took;
    if (measuring && took > subject.longestBatchNs) subject.longestBatchNs = took;
  }
  if (!measuring) return;
  subject.measuredNs += chunkNs;
  subject.measuredEvents += records.length;
  subject.chunkRates.push(records.length / (chunkNs / 1e9));
}

/**
 * `sizes` overrides the sizes `large` picks: one size alone (`--alone N`, in a fresh process)
 * measures that state's pauses without the other sizes' heaps beside it.
 */
export async function runPipelineGrowthBenchmark(options: { large: boolean; sizes?: readonly number[] }) {
  const sizes = options.sizes ?? (options.large ? [200_000, 1_000_000, 5_000_000] : [200_000, 1_000_000]);
  const largest = sizes[sizes.length - 1]!;
  const traffic = new SimulatedRecords(7, RATE);

  const subjects: Subject[] = sizes.map((retainedEvents) => ({
    retainedEvents,
    pipeline: new Pipeline({ retentionMs: (retainedEvents / RATE) * 1_000 }),
    measuredNs: 0,
    measuredEvents: 0,
    longestBatchNs: 0,
    chunkRates: [],
  }));
  let measuredFrom = Number.POSITIVE_INFINITY;
  const gcPauses: { start: number; end: number; kind: number }[] = [];
  // Entries arrive between chunks; their start times say whether they fell in the measured part.
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.startTime < measuredFrom) continue;
      const kind = ((entry as { detail?: { kind?: number } }).detail?.kind) ?? 0;
      gcPauses.push({ start: entry.startTime, end: entry.startTime + entry.duration, kind });
    }
  });
  /** When the pipelines were folding (the rest of the time is the generator's). */
  const foldSpans: { start: number; end: number }[] = [];
  gcObserver.observe({ entryTypes: ['gc'] });

  const total = largest * 2;
  for (let chunkNumber = 0; traffic.generated < total; chunkNumber += 1) {
    const records = traffic.next(CHUNK);
    const measuring = traffic.generated > largest;
    if (measuring && measuredFrom === Number.POSITIVE_INFINITY) measuredFrom = performance.now();
    const foldStart = performance.now();
    for (let turn = 0; turn < subjects.length; turn += 1) {
      foldChunk(subjects[(chunkNumber + turn) % subjects.length]!, records, measuring);
    }
    if (measuring) foldSpans.push({ start: foldStart, end: performance.now() });
    await new Promise((resolve) => setImmediate(resolve));
  }
  gcObserver.disconnect();
  // A collection can run while the generator builds the next chunk: that one is not a pause
  // of the fold. Those that overlap the fold count, whole.
  const pausesInFold = gcPauses.filter((pause) => foldSpans.some((span) => pause.start < span.end && pause.end > span.start));
  const longestPause = pausesInFold.reduce((longest, pause) => (pause.end - pause.start > longest.end - longest.start ? pause : longest), {
    start: 0,
    end: 0,
    kind: 0,
  });
  const longestGcPauseMs = longestPause.end - longestPause.start;
  const longestAnywhere = gcPauses.reduce((longest, pause) => (pause.end - pause.start > longest.end - longest.start ? pause : longest), {
    start: 0,
    end: 0,
    kind: 0,
  });

  // What each pipeline holds: the bytes freed by dropping it, largest first.
  const bytesPerRetainedEvent = new Map<number, number>();
  for (const subject of [...subjects].reverse()) {
    collectGarbage();
    const before = heldBytes();
    subject.pipeline = null;
    collectGarbage();
    bytesPerRetainedEvent.set(subject.retainedEvents, (before - heldBytes()) / subject.retainedEvents);
  }

  const smallest = subjects[0]!;
  const results = subjects.map((subject) => ({
    retainedEvents: subject.retainedEvents,
    eventsPerSecond: Math.round(subject.measuredEvents / (subject.measuredNs / 1e9)),
    // The median over chunks of this size's rate against the smallest's on the same chunk.
    rateRatioToSmallest: Number(median(subject.chunkRates.map((rate, i) => rate / smallest.chunkRates[i]!)).toFixed(3)),
    bytesPerRetainedEvent: Math.round(bytesPerRetainedEvent.get(subject.retainedEvents)!),
    longestBatchMs: Number((subject.longestBatchNs / 1e6).toFixed(1)),
  }));
  const largestResult = results[results.length - 1]!;
  return {
    benchmark: sizes.length === 1 ? 'pipeline-growth-alone' : 'pipeline-growth',
    eventsPerSecondOfEventTime: RATE,
    partitions: PARTITIONS,
    measuredEventsPerSize: smallest.measuredEvents,
    results,
    longestGcPauseInFoldMs: Number(longestGcPauseMs.toFixed(1)),
    // perf_hooks' kinds: 1 minor (scavenge), 2 major (mark-compact), 4 incremental, 8 weak callbacks.
    longestGcPauseInFoldKind: longestPause.kind,
    longestGcPauseAnywhereMs: Number((longestAnywhere.end - longestAnywhere.start).toFixed(1)),
    longestGcPauseAnywhereKind: longestAnywhere.kind,
    // Collections over 50 ms, and how many of them overlapped a fold.
    gcPausesOver50Ms: gcPauses.filter((pause) => pause.end - pause.start > 50).length,
    gcPausesOver50MsInFold: pausesInFold.filter((pause) => pause.end - pause.start > 50).length,
    rateRatioTarget: 0.9,
    bytesPerRetainedEventTarget: 48,
    longestPauseTargetMs: 50,
    meetsTargets:
      largestResult.rateRatioToSmallest >= 0.9 &&
      largestResult.bytesPerRetainedEvent <= 48 &&
      Math.max(longestGcPauseMs, ...results.map((result) => result.longestBatchMs)) < 50,
  };
}

/**
 * One hour of retention at 10,000 events a second (36 million events), in one pipeline:
 * the state it holds once the hour is full, heap and array buffers together.
 */
export async function measureFullHour(eventsPerSecond = 10_000) {
  const events = eventsPerSecond * 3_600;
  const traffic = new SimulatedRecords(11, eventsPerSecond);
  collectGarbage();
  const baseline = heldBytes();
  const pipeline = new Pipeline({ retentionMs: 3_600_000 });
  const started = process.hrtime.bigint();
  let foldNs = 0;
  while (traffic.generated < events) {
    const chunk = traffic.next(Math.min(CHUNK, events - traffic.generated));
    const began = process.hrtime.bigint();
    for (const record of chunk) pipeline.process(record);
    foldNs += Number(process.hrtime.bigint() - began);
    await new Promise((resolve) => setImmediate(resolve));
  }
  collectGarbage();
  const bytes = heldBytes() - baseline;
  if (pipeline.partitions().length === 0) throw new Error('nothing was folded');
  return {
    benchmark: 'pipeline-full-hour',
    eventsPerSecondOfEventTime: eventsPerSecond,
    retainedEvents: events,
    heldMegabytes: Math.round(bytes / 2 ** 20),
    bytesPerRetainedEvent: Number((bytes / events).toFixed(1)),
    targetMegabytes: 2_048,
    meetsTarget: bytes <= 2 * 2 ** 30,
    foldEventsPerSecond: Math.round(events / (foldNs / 1e9)),
    wallSeconds: Math.round(Number(process.hrtime.bigint() - started) / 1e9),
  };
}

/** One size alone in a fresh process: its pauses with no other pipeline's heap beside it. */
export function runPipelineAloneInItsOwnProcess(retainedEvents: number): unknown {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, '--alone', String(retainedEvents)], {
    cwd: path.resolve(__dirname, '..'),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 30 * 60_000,
  });
  if (child.status !== 0) throw new Error(`the pipeline alone at ${retainedEvents} retained events failed (${child.status ?? child.signal})`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!);
}

const aloneAt = process.argv.indexOf('--alone');
if (require.main === module && process.argv.includes('--full-hour')) {
  void measureFullHour().then((result) => process.stdout.write(`${JSON.stringify(result)}\n`));
} else if (require.main === module && aloneAt !== -1) {
  const retainedEvents = Number(process.argv[aloneAt + 1]);
  if (!Number.isInteger(retainedEvents) || retainedEvents <= 0) throw new Error('--alone takes a number of retained events');
  void runPipelineGrowthBenchmark({ large: false, sizes: [retainedEvents] }).then((result) => process.stdout.write(`${JSON.stringify(result)}\n`));
} else if (require.main === module) {
  void runPipelineGrowthBenchmark({ large: process.argv.includes('--large') }).then((result) =>
    process.stdout.write(`${JSON.stringify(result)}\n`),
  );
}
