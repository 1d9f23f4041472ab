import { parse as parseYaml } from 'yaml';
import { isAlertSeverity, type AlertComparison, type AlertSeverity } from '../../lib/alerts';
import { parseDuration } from '../duration';
import { FIGURE_PATTERNS, isHealthFigure, isKnownFigure } from './alertFigures';

/** One checked rule: a figure compared with a threshold, held for a while. */
export interface AlertRule {
  name: string;
  figure: string;
  /** The summary window the figure is read over; null for health figures, read as of now. */
  windowMs: number | null;
  comparison: AlertComparison;
  threshold: number;
  /** How long the condition must hold before the rule fires; 0 fires at once. */
  forMs: number;
  severity: AlertSeverity;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The rule only holds when the figure was above 0 over this longer window (traffic is expected). */
  whenTrafficInMs: number | null;
}

export class AlertRulesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlertRulesError';
  }
}

const RULE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// The notifier sets these itself: a rule's labels must not contradict them.
const RESERVED_LABELS: ReadonlySet<string> = new Set(['alertname', 'severity']);
const RULE_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'figure',
  'window',
  'above',
  'below',
  'for',
  'severity',
  'labels',
  'annotations',
  'whenTrafficIn',
]);
const DEFAULT_WINDOW_MS = 60_000;
const DURATION_HINT = 'a duration such as 30s, 1m or 5m';

type Fields = Record<string, unknown>;

function isMapping(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns one bad field into an error naming where it is: the origin, the rule and the field. */
type Complain = (field: string, message: string) => never;

/**
 * The rules of a YAML or JSON text (JSON is YAML). `origin` names the text in errors,
 * e.g. the file name. Throws an AlertRulesError on the first problem.
 */
export function parseAlertRules(text: string, origin: string): AlertRule[] {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new AlertRulesError(`${origin}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isMapping(document)) throw new AlertRulesError(`${origin}: expected a mapping with a "rules" list`);
  for (const key of Object.keys(document)) {
    if (key !== 'rules') throw new AlertRulesError(`${origin}: ${key}: unknown field (expected only "rules")`);
  }
  const entries = document.rules;
  if (!Array.isArray(entries)) throw new AlertRulesError(`${origin}: rules: expected a list of rules`);

  const indexOfName = new Map<string, number>();
  return entries.map((entry: unknown, index) => {
    const position = index + 1;
    const nameText = isMapping(entry) && typeof entry.name === 'string' ? ` (${entry.name})` : '';
    const complain: Complain = (field, message) => {
      throw new AlertRulesError(`${origin}: rule ${position}${nameText}: ${field}: ${message}`);
    };
    if (!isMapping(entry)) throw new AlertRulesError(`${origin}: rule ${position}: expected a mapping`);
    const rule = parseRule(entry, complain);
    const earlier = indexOfName.get(rule.name);
    if (earlier !== undefined) complain('name', `duplicate of rule ${earlier}`);
    indexOfName.set(rule.name, position);
    return rule;
  });
}

function parseRule(fields: Fields, complain: Complain): AlertRule {
  for (const key of Object.keys(fields)) {
    if (!RULE_FIELDS.has(key)) complain(key, `unknown field (expected one of ${[...RULE_FIELDS].join(', ')})`);
  }
  const name = requiredString(fields, 'name', complain);
  if (!RULE_NAME.test(name)) complain('name', 'expected letters, digits and _, not starting with a digit');

  const figure = requiredString(fields, 'figure', complain);
  if (!isKnownFigure(figure)) complain('figure', `unknown figure ${JSON.stringify(figure)} (expected one of ${FIGURE_PATTERNS.join(', ')})`);
  const healthFigure = isHealthFigure(figure);

  const windowMs = healthFigure ? null : (positiveDuration(fields, 'window', complain) ?? DEFAULT_WINDOW_MS);
  const { comparison, threshold } = parseThreshold(fields, complain);
  const forMs = forDuration(fields, complain);

  let severity: AlertSeverity = 'warning';
  if (fields.severity !== undefined) {
    if (!isAlertSeverity(fields.severity)) complain('severity', 'expected critical, warning or info');
    severity = fields.severity;
  }

  const whenTrafficInMs = positiveDuration(fields, 'whenTrafficIn', complain);
  if (whenTrafficInMs !== null) {
    if (windowMs === null) complain('whenTrafficIn', 'not for a health figure, which has no window');
    if (whenTrafficInMs <= windowMs) complain('whenTrafficIn', `expected a window longer than window (${windowMs} ms)`);
  }

  const labels = stringMap(fields, 'labels', complain);
  for (const label of Object.keys(labels)) {
    if (!LABEL_NAME.test(label)) complain(`labels.${label}`, 'expected a label name of letters, digits and _, not starting with a digit');
    if (RESERVED_LABELS.has(label)) complain(`labels.${label}`, 'is set from the rule itself and cannot be overridden');
    if (label.startsWith('__')) complain(`labels.${label}`, 'names starting with __ are reserved');
  }
  const annotations = stringMap(fields, 'annotations', complain);

  return { name, figure, windowMs, comparison, threshold, forMs, severity, labels, annotations, whenTrafficInMs };
}

function requiredString(fields: Fields, field: string, complain: Complain): string {
  const value = fields[field];
  if (value === undefined) complain(field, 'required');
  if (typeof value !== 'string' || value.trim() === '') complain(field, 'expected a non-empty string');
  return value;
}

function parseThreshold(fields: Fields, complain: Complain): { comparison: AlertComparison; threshold: number } {
  const hasAbove = fields.above !== undefined;
  const hasBelow = fields.below !== undefined;
  if (hasAbove && hasBelow) complain('above', 'give either above or below, not both');
  if (!hasAbove && !hasBelow) complain('above', 'required: give above or below a threshold');
  const comparison: AlertComparison = hasAbove ? 'above' : 'below';
  const threshold = fields[comparison];
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) complain(comparison, 'expected a number');
  return { comparison, threshold };
}

/** A duration above zero, or null when the field is absent. */
function positiveDuration(fields: Fields, field: string, complain: Complain): number | null {
  const value = fields[field];
  if (value === undefined) return null;
  const milliseconds = typeof value === 'string' ? parseDuration(value) : null;
  if (milliseconds === null || !Number.isFinite(milliseconds)) complain(field, `expected ${DURATION_HINT}, above zero`);
  return milliseconds;
}

/** `for` may be zero, which parseDuration refuses: a bare 0 or a zero with a unit means "fire at once". */
function forDuration(fields: Fields, complain: Complain): number {
  const value = fields.for;
  if (value === undefined || value === 0) return 0;
  if (typeof value === 'string' && /^\s*0+(?:\.0+)?(?:ms|s|m|h|d)?\s*$/.test(value)) return 0;
  return positiveDuration(fields, 'for', complain) ?? 0;
}

function stringMap(fields: Fields, field: string, complain: Complain): Record<string, string> {
  const value = fields[field];
  if (value === undefined || value === null) return {};
  if (!isMapping(value)) complain(field, 'expected a mapping of names to strings');
  const entries = Object.entries(value).map(([key, entry]): [string, string] => {
    if (typeof entry !== 'string') complain(`${field}.${key}`, 'expected a string');
    return [key, entry];
  });
  return Object.fromEntries(entries);
}

/** The rules Waybill runs without a rules file; also a starting point for one. */
export const DEFAULT_ALERT_RULES_TEXT = `rules:
  - name: DeadLettersPiling
    figure: deadLetters.total
    window: 1m
    above: 100
    for: 1m
    severity: critical
    annotations:
      summary: More than 100 dead letters a minute
      description: Inputs are being refused; the dead-letter page shows their reasons.
  - name: ErrorRateHigh
    figure: errorRate
    window: 5m
    above: 0.05
    for: 2m
    severity: warning
    annotations:
      summary: More than 5% of inputs dead-lettered over 5 minutes
  - name: ConsumerLagHigh
    figure: lag.records
    above: 100000
    for: 2m
    severity: warning
    annotations:
      summary: More than 100,000 records appended but not yet processed
  - name: ProcessingLagHigh
    figure: lag.processingLagMs
    above: 30000
    for: 1m
    severity: warning
    annotations:
      summary: Processing trails the log by more than 30 seconds
  - name: StaleData
    figure: inputs
    window: 2m
    below: 1
    for: 1m
    whenTrafficIn: 1h
    severity: warning
    annotations:
      summary: No input for 2 minutes, though there was some in the last hour
  - name: SlaBreachRateHigh
    figure: slaBreachRate
    window: 15m
    above: 0.1
    for: 5m
    severity: warning
    annotations:
      summary: More than 10% of deliveries broke their SLA over 15 minutes
`;

export const DEFAULT_ALERT_RULES: AlertRule[] = parseAlertRules(DEFAULT_ALERT_RULES_TEXT, 'default alert rules');
