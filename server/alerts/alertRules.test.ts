import { describe, expect, it } from 'vitest';
import { AlertRulesError, DEFAULT_ALERT_RULES, parseAlertRules, type AlertRule } from './alertRules';

const EXAMPLE = `rules:
  - name: DeadLettersPiling
    figure: deadLetters.total
    window: 1m
    above: 10
    for: 0s
    severity: critical
    labels: { team: ops }          # optional
    annotations: { summary: "...", description: "..." }   # optional
`;

function errorOf(text: string): AlertRulesError {
  try {
    parseAlertRules(text, 'rules.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(AlertRulesError);
    return error as AlertRulesError;
  }
  throw new Error('expected the rules to be refused');
}

/** A rules file of one valid rule and one rule with the given fields. */
function withSecondRule(fields: string): string {
  return `rules:\n  - { name: Fine, figure: inputs, above: 1 }\n  - ${fields}\n`;
}

describe('parseAlertRules', () => {
  it('accepts the documented form as written', () => {
    expect(parseAlertRules(EXAMPLE, 'rules.yml')).toEqual<AlertRule[]>([
      {
        name: 'DeadLettersPiling',
        figure: 'deadLetters.total',
        windowMs: 60_000,
        comparison: 'above',
        threshold: 10,
        forMs: 0,
        severity: 'critical',
        labels: { team: 'ops' },
        annotations: { summary: '...', description: '...' },
        whenTrafficInMs: null,
      },
    ]);
  });

  it('accepts JSON', () => {
    const json = JSON.stringify({ rules: [{ name: 'LagHigh', figure: 'lag.records', below: 5, for: '30s', window: '5m' }] });
    expect(parseAlertRules(json, 'rules.json')).toEqual<AlertRule[]>([
      {
        name: 'LagHigh',
        figure: 'lag.records',
        // Health figures are read as of now: a window is ignored.
        windowMs: null,
        comparison: 'below',
        threshold: 5,
        forMs: 30_000,
        severity: 'warning',
        labels: {},
        annotations: {},
        whenTrafficInMs: null,
      },
    ]);
  });

  it('defaults window to 1m, for to 0 and severity to warning', () => {
    const [rule] = parseAlertRules('rules: [{ name: A, figure: events, above: 0 }]', 'rules.yml');
    expect(rule).toMatchObject({ windowMs: 60_000, forMs: 0, severity: 'warning', whenTrafficInMs: null });
  });

  it('takes every zero as a "for" of 0', () => {
    for (const zero of ['0', '0s', '0m', '0ms', '"0"']) {
      const [rule] = parseAlertRules(`rules: [{ name: A, figure: events, above: 0, for: ${zero} }]`, 'rules.yml');
      expect(rule?.forMs).toBe(0);
    }
  });

  it('accepts no rules', () => {
    expect(parseAlertRules('rules: []', 'rules.yml')).toEqual([]);
  });

  it('names the origin, the rule and the field in every error', () => {
    expect(errorOf(withSecondRule('{ name: LagHigh, figure: lag.records, above: lots }')).message).toBe(
      'rules.yml: rule 2 (LagHigh): above: expected a number',
    );
    const cases: [fields: string, field: string][] = [
      ['{ figure: inputs, above: 1 }', 'name'],
      ['{ name: 9lives, figure: inputs, above: 1 }', 'name'],
      ['{ name: Fine, figure: inputs, above: 1 }', 'name'],
      ['{ name: B, above: 1 }', 'figure'],
      ['{ name: B, figure: deadLetters.nope, above: 1 }', 'figure'],
      ['{ name: B, figure: byType.parcel.teleported, above: 1 }', 'figure'],
      ['{ name: B, figure: inputs }', 'above'],
      ['{ name: B, figure: inputs, above: 1, below: 2 }', 'above'],
      ['{ name: B, figure: inputs, below: .inf }', 'below'],
      ['{ name: B, figure: inputs, above: 1, window: 0s }', 'window'],
      ['{ name: B, figure: inputs, above: 1, window: soon }', 'window'],
      ['{ name: B, figure: inputs, above: 1, for: 5 }', 'for'],
      ['{ name: B, figure: inputs, above: 1, for: -1m }', 'for'],
      ['{ name: B, figure: inputs, above: 1, severity: page }', 'severity'],
      ['{ name: B, figure: inputs, above: 1, labels: [ops] }', 'labels'],
      ['{ name: B, figure: inputs, above: 1, labels: { team: 7 } }', 'labels.team'],
      ['{ name: B, figure: inputs, above: 1, labels: { "bad-name": x } }', 'labels.bad-name'],
      ['{ name: B, figure: inputs, above: 1, labels: { severity: x } }', 'labels.severity'],
      ['{ name: B, figure: inputs, above: 1, labels: { alertname: x } }', 'labels.alertname'],
      ['{ name: B, figure: inputs, above: 1, annotations: { summary: [x] } }', 'annotations.summary'],
      ['{ name: B, figure: inputs, above: 1, whenTrafficIn: 30s }', 'whenTrafficIn'],
      ['{ name: B, figure: lag.records, above: 1, whenTrafficIn: 1h }', 'whenTrafficIn'],
      ['{ name: B, figure: inputs, above: 1, threshold: 3 }', 'threshold'],
    ];
    for (const [fields, field] of cases) {
      const message = errorOf(withSecondRule(fields)).message;
      expect(message, fields).toMatch(new RegExp(`^rules\\.yml: rule 2( \\([^)]*\\))?: ${field.replace('.', '\\.')}: `));
    }
  });

  it('names a duplicate name after the rule it repeats', () => {
    expect(errorOf(withSecondRule('{ name: Fine, figure: events, above: 1 }')).message).toBe('rules.yml: rule 2 (Fine): name: duplicate of rule 1');
  });

  it('refuses a document that is not a rules mapping, or not YAML', () => {
    expect(errorOf('').message).toMatch(/^rules\.yml: expected a mapping/);
    expect(errorOf('- name: A').message).toMatch(/^rules\.yml: expected a mapping/);
    expect(errorOf('rules: {}').message).toMatch(/^rules\.yml: rules: expected a list/);
    expect(errorOf('rules: []\nrule: []').message).toMatch(/^rules\.yml: rule: unknown field/);
    expect(errorOf('rules: [1]').message).toBe('rules.yml: rule 1: expected a mapping');
    expect(errorOf('rules: [ { name: A').message).toMatch(/^rules\.yml: /);
  });
});

describe('DEFAULT_ALERT_RULES', () => {
  it('holds the rules Waybill runs without a file', () => {
    const byName = new Map(DEFAULT_ALERT_RULES.map((rule) => [rule.name, rule]));
    expect(byName.get('DeadLettersPiling')).toMatchObject({
      figure: 'deadLetters.total',
      windowMs: 60_000,
      comparison: 'above',
      threshold: 100,
      forMs: 60_000,
      severity: 'critical',
    });
    expect(byName.get('ErrorRateHigh')).toMatchObject({ figure: 'errorRate', windowMs: 300_000, threshold: 0.05, forMs: 120_000, severity: 'warning' });
    expect(byName.get('ConsumerLagHigh')).toMatchObject({ figure: 'lag.records', windowMs: null, threshold: 100_000, forMs: 120_000 });
    expect(byName.get('ProcessingLagHigh')).toMatchObject({ figure: 'lag.processingLagMs', threshold: 30_000, forMs: 60_000 });
    expect(byName.get('StaleData')).toMatchObject({
      figure: 'inputs',
      windowMs: 120_000,
      comparison: 'below',
      threshold: 1,
      forMs: 60_000,
      whenTrafficInMs: 3_600_000,
    });
    expect(byName.get('SlaBreachRateHigh')).toMatchObject({ figure: 'slaBreachRate', windowMs: 900_000, threshold: 0.1, forMs: 300_000 });
    expect(byName.size).toBe(6);
  });
});
