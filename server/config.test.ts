import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseDuration } from './config';

describe('loadConfig', () => {
  it('runs embedded with the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, kafka: null, simulateRate: 50, partitions: 8, dataDir: path.resolve('data') });
    expect(config.tvFrameAncestors).toBe("'self'");
    expect(loadConfig({ TV_FRAME_ANCESTORS: 'https://portal.example.com' }).tvFrameAncestors).toBe('https://portal.example.com');
    expect(config.pipeline).toMatchObject({ maxEventBytes: 65_536, allowedLatenessMs: 5_000, windowGraceMs: 30_000, retentionMs: 3_600_000 });
  });

  it('switches to Kafka mode with KAFKA_BROKERS and turns the simulator off by default', () => {
    const config = loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092, localhost:9093' });
    expect(config.kafka).toEqual({
      brokers: ['127.0.0.1:9092', 'localhost:9093'],
      topic: 'shipments.events',
      dlqTopic: 'shipments.dlq',
      aggregatesTopic: 'shipments.events.aggregates',
      groupId: 'waybill',
      partitions: 6,
    });
    expect(config.simulateRate).toBe(0);
    expect(config.advertisedUrl).toBeNull();
  });

  it('names the aggregates topic after the events topic unless told, and takes an advertised URL', () => {
    expect(loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_TOPIC: 'acme.events' }).kafka?.aggregatesTopic).toBe('acme.events.aggregates');
    expect(loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_AGGREGATES_TOPIC: 'acme.figures' }).kafka?.aggregatesTopic).toBe('acme.figures');
    expect(loadConfig({ WAYBILL_ADVERTISED_URL: 'http://waybill-2.internal:3000' }).advertisedUrl).toBe('http://waybill-2.internal:3000/');
    expect(() => loadConfig({ WAYBILL_ADVERTISED_URL: 'waybill-2:3000' })).toThrow(/^WAYBILL_ADVERTISED_URL: /);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['SIMULATE_RATE', '-1'],
    ['RETENTION', 'forever'],
    ['MAX_EVENT_BYTES', '1.5'],
    ['KAFKA_BROKERS', 'no-port'],
    ['WINDOW_GRACE_MS', 'soon'],
    ['TV_FRAME_ANCESTORS', "'self'; script-src *"],
  ])('stops with a message naming %s for a bad value', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^${variable}: `));
  });

  it('takes alert rules from WAYBILL_ALERT_RULES, and names the variable and the rule when a file is wrong', () => {
    expect(loadConfig({}).alerts).toMatchObject({ rulesFile: null, webhookUrl: null, intervalMs: 5_000 });
    expect(loadConfig({}).alerts.rules.map((rule) => rule.name)).toContain('DeadLettersPiling');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-config-'));
    const good = path.join(dir, 'good.yml');
    fs.writeFileSync(good, 'rules:\n  - name: LagHigh\n    figure: lag.records\n    above: 5\n');
    const config = loadConfig({ WAYBILL_ALERT_RULES: good, WAYBILL_ALERT_WEBHOOK: 'http://127.0.0.1:9093/api/v2/alerts', WAYBILL_ALERT_INTERVAL: '2s' });
    expect(config.alerts.rules.map((rule) => rule.name)).toEqual(['LagHigh']);
    expect(config.alerts).toMatchObject({ webhookUrl: 'http://127.0.0.1:9093/api/v2/alerts', intervalMs: 2_000 });
    const bad = path.join(dir, 'bad.yml');
    fs.writeFileSync(bad, 'rules:\n  - name: LagHigh\n    figure: lag.records\n    above: lots\n');
    expect(() => loadConfig({ WAYBILL_ALERT_RULES: bad })).toThrow(/^WAYBILL_ALERT_RULES: .*LagHigh.*above/);
    expect(() => loadConfig({ WAYBILL_ALERT_RULES: path.join(dir, 'missing.yml') })).toThrow(/^WAYBILL_ALERT_RULES: cannot read/);
    expect(() => loadConfig({ WAYBILL_ALERT_WEBHOOK: 'ftp://example' })).toThrow(/^WAYBILL_ALERT_WEBHOOK: expected an http\(s\) URL/);
    // Credentials in the URL would be printed wherever the URL is.
    expect(() => loadConfig({ WAYBILL_ALERT_WEBHOOK: 'https://ops:secret@hooks.example/alerts' })).toThrow(/^WAYBILL_ALERT_WEBHOOK: must not carry credentials/);
  });

  it('takes the origins that may open /live from WAYBILL_ALLOWED_ORIGINS, naming the variable for a bad one', () => {
    expect(loadConfig({}).allowedOrigins).toEqual([]);
    expect(loadConfig({ WAYBILL_ALLOWED_ORIGINS: 'https://portal.example.com' }).allowedOrigins).toEqual(['https://portal.example.com']);
    expect(() => loadConfig({ WAYBILL_ALLOWED_ORIGINS: 'portal.example.com' })).toThrow(/^WAYBILL_ALLOWED_ORIGINS: not an origin/);
  });

  it('takes more host names to answer from WAYBILL_ALLOWED_HOSTS, and refuses URLs there', () => {
    expect(loadConfig({ WAYBILL_ALLOWED_HOSTS: 'Waybill.example.com, 10.0.0.5' }).allowedHosts).toEqual(['waybill.example.com', '10.0.0.5']);
    expect(() => loadConfig({ WAYBILL_ALLOWED_HOSTS: 'https://waybill.example.com' })).toThrow(/^WAYBILL_ALLOWED_HOSTS: expected host names/);
  });

  it('listens on 127.0.0.1 unless a role token is set: the metrics token alone opens nothing', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ METRICS_TOKEN: 'metrics-token-0123456789' }).host).toBe('127.0.0.1');
    expect(loadConfig({ WAYBILL_VIEWER_TOKEN: 'viewer-token-0123456789' }).host).toBe('0.0.0.0');
  });

  it('keeps acknowledged batches through a process crash by default, through a power loss with SYNC=full, and names SYNC when it is wrong', () => {
    expect(loadConfig({}).sync).toBe('normal');
    expect(loadConfig({ SYNC: 'full' }).sync).toBe('full');
    expect(() => loadConfig({ SYNC: 'always' })).toThrow(/SYNC: expected normal or full/);
  });

  it('parses durations', () => {
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('250')).toBe(250);
    expect(parseDuration('0s')).toBeNull();
    expect(parseDuration('1 week')).toBeNull();
  });
});
