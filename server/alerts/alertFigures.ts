import { DEAD_LETTER_REASONS } from '../../lib/contract/deadLetterReasons';
import { isEventType } from '../../lib/contract/eventTypes';
import type { Health } from '../../lib/health';
import { ratio, type Quantiles, type Summary } from '../../lib/summary';

type SummaryReader = (summary: Summary) => number | null;
type HealthReader = (health: Health) => number;

const QUANTILE_NAMES = ['p50', 'p95', 'p99'] as const satisfies readonly (keyof Quantiles)[];

function quantileReaders(family: 'latencyMs' | 'leadTimeMs' | 'legDurationMs'): [string, SummaryReader][] {
  return QUANTILE_NAMES.map((quantile) => [`${family}.${quantile}`, (summary) => summary[family]?.[quantile] ?? null]);
}

// A Map, not an object literal: a figure path comes from a rule file, and `constructor` must not resolve.
const SUMMARY_FIGURES: ReadonlyMap<string, SummaryReader> = new Map<string, SummaryReader>([
  ['inputs', (summary) => summary.inputs],
  ['events', (summary) => summary.events],
  ['errorRate', (summary) => summary.errorRate],
  ['exceptionRate', (summary) => summary.exceptionRate],
  ['deadLetters.total', (summary) => summary.deadLetters.total],
  ...DEAD_LETTER_REASONS.map((reason): [string, SummaryReader] => [
    `deadLetters.byReason.${reason}`,
    (summary) => summary.deadLetters.byReason[reason] ?? 0,
  ]),
  ...quantileReaders('latencyMs'),
  ...quantileReaders('leadTimeMs'),
  ...quantileReaders('legDurationMs'),
  ['duplicates', (summary) => summary.duplicates],
  ['late', (summary) => summary.late],
  ['outOfOrder', (summary) => summary.outOfOrder],
  ['sequenceGaps', (summary) => summary.sequenceGaps],
  ['futureSchema', (summary) => summary.futureSchema],
  ['deliveries', (summary) => summary.deliveries],
  ['slaBreaches', (summary) => summary.slaBreaches],
  ['slaBreachRate', (summary) => ratio(summary.slaBreaches, summary.deliveries)],
]);

const HEALTH_FIGURES: ReadonlyMap<string, HealthReader> = new Map<string, HealthReader>([
  ['lag.records', (health) => health.lag.records],
  ['lag.processingLagMs', (health) => health.lag.processingLagMs],
]);

/** The split counts of a summary, addressed as `<prefix><value>`; a value never seen counts 0. */
const DIMENSION_FIGURES = [
  { prefix: 'byType.', key: 'byType', isValidName: isEventType },
  { prefix: 'byRegion.', key: 'byRegion', isValidName: (name: string) => name !== '' },
  { prefix: 'byCarrier.', key: 'byCarrier', isValidName: (name: string) => name !== '' },
  { prefix: 'byFacility.', key: 'byFacility', isValidName: (name: string) => name !== '' },
] as const satisfies readonly { prefix: string; key: keyof Summary; isValidName: (name: string) => boolean }[];

/** The figure paths, as a rule file's author reads them in an error message. */
export const FIGURE_PATTERNS: readonly string[] = [
  'inputs',
  'events',
  'errorRate',
  'exceptionRate',
  'deadLetters.total',
  'deadLetters.byReason.<reason>',
  'latencyMs.p50|p95|p99',
  'leadTimeMs.p50|p95|p99',
  'legDurationMs.p50|p95|p99',
  'byType.<event type>',
  'byRegion.<name>',
  'byCarrier.<name>',
  'byFacility.<name>',
  'duplicates',
  'late',
  'outOfOrder',
  'sequenceGaps',
  'futureSchema',
  'deliveries',
  'slaBreaches',
  'slaBreachRate',
  'lag.records',
  'lag.processingLagMs',
];

function dimensionReader(path: string): SummaryReader | null {
  for (const dimension of DIMENSION_FIGURES) {
    if (!path.startsWith(dimension.prefix)) continue;
    const name = path.slice(dimension.prefix.length);
    if (!dimension.isValidName(name)) return null;
    return (summary) => {
      const counts = summary[dimension.key];
      return Object.hasOwn(counts, name) ? (counts[name] ?? 0) : 0;
    };
  }
  return null;
}

function summaryReader(path: string): SummaryReader | null {
  return SUMMARY_FIGURES.get(path) ?? dimensionReader(path);
}

/** Health gauges are read as of now: they have no window. */
export function isHealthFigure(path: string): boolean {
  return HEALTH_FIGURES.has(path);
}

export function isKnownFigure(path: string): boolean {
  return isHealthFigure(path) || summaryReader(path) !== null;
}

/**
 * The figure's value, from the summary or the health it belongs to; null when there is
 * no data (a quantile of nothing measured, or the source it needs was not given).
 */
export function readFigure(path: string, summary: Summary | null, health: Health | null): number | null {
  const healthRead = HEALTH_FIGURES.get(path);
  if (healthRead) return health === null ? null : healthRead(health);
  const summaryRead = summaryReader(path);
  if (!summaryRead || summary === null) return null;
  const value = summaryRead(summary);
  return value !== null && Number.isFinite(value) ? value : null;
}
