import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import YAML from 'yaml';
import { WAYBILL_METRIC_NAMES } from './metricNames';
import { runPromtool } from './promtool';

const ROOT = path.resolve(__dirname, '..', '..');
const RULES_FILE = path.join(ROOT, 'docs', 'prometheus-rules.yml');
const RULES_TEST_FILE = path.join(ROOT, 'docs', 'prometheus-rules.test.yml');
const DASHBOARD_FILE = path.join(ROOT, 'docs', 'grafana-dashboard.json');

const KNOWN = new Set<string>(WAYBILL_METRIC_NAMES);
const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'];

/** The `waybill_*` names in `text` that /metrics does not expose (histograms may carry _bucket, _sum, _count). */
function unknownMetricNames(text: string): string[] {
  const unknown = new Set<string>();
  for (const [name] of text.matchAll(/\bwaybill_[a-zA-Z0-9_]+/g)) {
    if (KNOWN.has(name)) continue;
    const suffix = HISTOGRAM_SUFFIXES.find((s) => name.endsWith(s));
    if (suffix && KNOWN.has(name.slice(0, -suffix.length))) continue;
    unknown.add(name);
  }
  return [...unknown].sort();
}

function expectSuccess(result: { status: number; stdout: string; stderr: string }): void {
  expect(result.status, `promtool failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
}

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleFile {
  groups: { name: string; rules: Rule[] }[];
}

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  gridPos: { h: number; w: number; x: number; y: number };
  fieldConfig?: { defaults?: { unit?: string } };
  targets?: { expr: string; refId: string }[];
  panels?: Panel[];
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: unknown; definition?: string }[] };
}

const readRules = () => YAML.parse(fs.readFileSync(RULES_FILE, 'utf8')) as RuleFile;
const readDashboard = () => JSON.parse(fs.readFileSync(DASHBOARD_FILE, 'utf8')) as Dashboard;
const allPanels = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);

describe('runPromtool', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('runs promtool and returns its status and output', () => {
    const result = runPromtool(['--version']);
    expect(result.status).toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/promtool, version/);
  });

  it("says to install Debian's prometheus package when promtool is missing", () => {
    vi.stubEnv('PROMTOOL_PATH', path.join(os.tmpdir(), 'no-such-dir', 'promtool'));
    expect(() => runPromtool(['--version'])).toThrow(/install Debian's `prometheus` package/);
  });
});

describe('docs/prometheus-rules.yml', () => {
  it('passes promtool check rules', () => {
    expectSuccess(runPromtool(['check', 'rules', RULES_FILE]));
  });

  it('passes its promtool unit tests (docs/prometheus-rules.test.yml)', () => {
    expectSuccess(runPromtool(['test', 'rules', RULES_TEST_FILE]));
  });

  it('names only metrics that /metrics exposes', () => {
    expect(unknownMetricNames(fs.readFileSync(RULES_FILE, 'utf8'))).toEqual([]);
    expect(unknownMetricNames(fs.readFileSync(RULES_TEST_FILE, 'utf8'))).toEqual([]);
  });

  it('has the alerts of group waybill, each with a severity, a summary and a description', () => {
    const rules = readRules();
    const group = rules.groups.find((g) => g.name === 'waybill');
    expect(group).toBeDefined();
    const alerts = rules.groups.flatMap((g) => g.rules).filter((r) => r.alert !== undefined);
    expect(alerts.every((a) => group?.rules.includes(a))).toBe(true);
    expect(alerts.map((a) => a.alert).sort()).toEqual([
      'WaybillBackpressureActive',
      'WaybillConsumerLagHigh',
      'WaybillDeadLettersPiling',
      'WaybillDown',
      'WaybillHighErrorRate',
      'WaybillInputStale',
      'WaybillLogDisconnected',
      'WaybillProcessingLagHigh',
      'WaybillRebuildingTooLong',
      'WaybillWebhookNotificationsFailing',
    ]);
    for (const alert of alerts) {
      expect(['critical', 'warning', 'info'], alert.alert).toContain(alert.labels?.severity);
      expect(alert.annotations?.summary, alert.alert).toBeTruthy();
      expect(alert.annotations?.description, alert.alert).toBeTruthy();
    }
    const severity = (name: string) => alerts.find((a) => a.alert === name)?.labels?.severity;
    expect(severity('WaybillDeadLettersPiling')).toBe('critical');
    expect(severity('WaybillLogDisconnected')).toBe('critical');
    expect(severity('WaybillDown')).toBe('critical');
    expect(severity('WaybillHighErrorRate')).toBe('warning');
  });

  it('unit-tests firing and not firing of the dead-letter, error-rate, log-disconnected and stale alerts', () => {
    const tests = (YAML.parse(fs.readFileSync(RULES_TEST_FILE, 'utf8')) as {
      tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
    }).tests.flatMap((t) => t.alert_rule_test ?? []);
    for (const name of ['WaybillDeadLettersPiling', 'WaybillHighErrorRate', 'WaybillLogDisconnected', 'WaybillInputStale']) {
      const cases = tests.filter((t) => t.alertname === name);
      expect(cases.some((t) => (t.exp_alerts ?? []).length > 0), `${name} fires`).toBe(true);
      expect(cases.some((t) => (t.exp_alerts ?? []).length === 0), `${name} does not fire`).toBe(true);
    }
  });
});

describe('docs/grafana-dashboard.json', () => {
  const dashboard = readDashboard();
  const panels = allPanels(dashboard.panels);
  const queryPanels = panels.filter((p) => p.type !== 'row');
  const exprs = queryPanels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));

  it('is the Waybill dashboard with a Prometheus data source and an instance variable', () => {
    expect(dashboard).toMatchObject({ uid: 'waybill-overview', title: 'Waybill' });
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    const variables = dashboard.templating.list;
    expect(variables.find((v) => v.name === 'datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    const instance = variables.find((v) => v.name === 'instance');
    expect(instance).toMatchObject({ type: 'query', definition: 'label_values(waybill_info, instance)' });
  });

  it('has unique panel ids and panels that query the selected data source', () => {
    const ids = panels.map((p) => p.id);
    expect(ids.every((id) => Number.isInteger(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of queryPanels) {
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      expect(panel.fieldConfig?.defaults?.unit, panel.title).toBeTruthy();
      expect(new Set(panel.targets?.map((t) => t.refId)).size, panel.title).toBe(panel.targets?.length);
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
    }
  });

  it('covers the documented panels', () => {
    const text = exprs.join('\n');
    for (const needle of [
      'waybill_inputs_total',
      'waybill_events_total',
      'waybill_dead_letters_total',
      'waybill_consumer_lag_records',
      'waybill_processing_lag_seconds',
      'waybill_watermark_delay_seconds',
      'waybill_rebuild_progress_ratio',
      'waybill_stage_duration_seconds_bucket',
      'waybill_ingest_request_duration_seconds_bucket',
      'waybill_ingest_refused_requests_total',
      'waybill_backpressure_active',
      'waybill_live_clients',
      'waybill_live_updates_skipped_total',
      'waybill_alerts_firing',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
      'process_cpu_seconds_total',
    ]) {
      expect(text).toContain(needle);
    }
  });

  it('names only metrics that /metrics exposes', () => {
    const variableQueries = dashboard.templating.list.map((v) => JSON.stringify(v.query) + (v.definition ?? ''));
    expect(unknownMetricNames([...exprs, ...variableQueries].join('\n'))).toEqual([]);
  });

  it('has expressions that are valid PromQL', () => {
    // Grafana's variables replaced by what they expand to, checked by promtool as recording rules.
    const rules = exprs.map((expr, i) => ({
      record: `dashboard:expr_${i}`,
      expr: expr.replaceAll('$__rate_interval', '5m').replaceAll('$instance', '.+'),
    }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-dashboard-'));
    try {
      const file = path.join(dir, 'dashboard-exprs.yml');
      fs.writeFileSync(file, YAML.stringify({ groups: [{ name: 'dashboard', rules }] }));
      expectSuccess(runPromtool(['check', 'rules', file]));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
