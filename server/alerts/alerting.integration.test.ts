import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertsSnapshot } from '../../lib/alerts';
import type { Health } from '../../lib/health';
import { NDJSON_CONTENT_TYPE } from '../../lib/contract/eventTypes';
import { postEvents, startServer, waitUntilLive, type RunningServer } from '../testing/runningServer';

/*
 * Alerting on the real server: a rules file in the form the README gives, a burst of dead
 * letters, and a local receiver of Alertmanager webhooks. The rule fires within its `for`,
 * the receiver gets exactly one firing and one resolved notification, and a receiver that
 * is down when the rule fires gets the notification once it is back.
 */

const RULES = `rules:
  - name: DeadLettersPiling
    figure: deadLetters.total
    window: 4s
    above: 10
    for: 1s
    severity: critical
    labels: { team: ops }
`;

interface WebhookPayload {
  version: string;
  status: 'firing' | 'resolved';
  alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; endsAt: string; fingerprint: string; generatorURL: string }[];
}

/** An Alertmanager-webhook receiver on 127.0.0.1 that can go down and come back on the same port. */
function webhookReceiver() {
  const received: WebhookPayload[] = [];
  const waiters: (() => void)[] = [];
  let server: http.Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          received.push(JSON.parse(body) as WebhookPayload);
          res.writeHead(200).end();
          for (const wake of waiters.splice(0)) wake();
        });
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  return {
    received,
    listen,
    get url() {
      return `http://127.0.0.1:${port}/alerts`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        server.closeAllConnections();
        server.close(() => resolve());
        server = null;
      }),
    /** Resolves once `count` notifications have arrived; bounded in time. */
    async waitFor(count: number, timeoutMs: number): Promise<WebhookPayload[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} notifications, got ${received.length}: ${JSON.stringify(received)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received;
    },
  };
}

async function alertsOf(url: string): Promise<AlertsSnapshot> {
  const response = await fetch(`${url}/api/alerts`);
  expect(response.status).toBe(200);
  return (await response.json()) as AlertsSnapshot;
}

/** A burst of inputs that are not JSON, each one a dead letter; when it was sent. */
async function burstOfDeadLetters(url: string, count: number): Promise<number> {
  const lines = Array.from({ length: count }, (_, i) => `{not json ${i}`);
  // Before the request: no dead letter of the burst can exist earlier.
  const sentAt = Date.now();
  const answer = await postEvents(url, NDJSON_CONTENT_TYPE, lines.join('\n'));
  expect(answer.body).toMatchObject({ accepted: 0, rejected: count });
  return sentAt;
}

describe('alerting on the real server', () => {
  const receiver = webhookReceiver();
  let server: RunningServer;

  beforeAll(async () => {
    await receiver.listen();
    const rulesFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-rules-')), 'rules.yml');
    fs.writeFileSync(rulesFile, RULES);
    server = await startServer({
      env: { WAYBILL_ALERT_RULES: rulesFile, WAYBILL_ALERT_WEBHOOK: receiver.url, WAYBILL_ALERT_INTERVAL: '250ms' },
    });
    await waitUntilLive(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    await receiver.close();
  });

  it('lists the rules of the file, inactive, with no history', async () => {
    const alerts = await alertsOf(server.url);
    expect(alerts.rules.map((rule) => [rule.name, rule.state, rule.severity, rule.threshold])).toEqual([['DeadLettersPiling', 'inactive', 'critical', 10]]);
    expect(alerts.firing).toEqual([]);
  });

  it('fires within its `for` after a burst of dead letters, and resolves once the window has passed it', async () => {
    const burstAt = await burstOfDeadLetters(server.url, 20);
    const [firing] = await receiver.waitFor(1, 10_000);
    // `for: 1s`, rules run every 250 ms: firing 1 s after the burst, give or take an
    // evaluation (and a loaded machine), never before. startsAt is when it fired, as Prometheus sends it.
    const firedAfterMs = Date.parse(firing!.alerts[0]!.startsAt) - burstAt;
    expect(firedAfterMs).toBeGreaterThanOrEqual(1_000);
    expect(firedAfterMs).toBeLessThan(3_000);
    expect(firing).toMatchObject({ version: '4', status: 'firing' });
    expect(firing!.alerts[0]).toMatchObject({
      status: 'firing',
      labels: { alertname: 'DeadLettersPiling', severity: 'critical', team: 'ops' },
      endsAt: '0001-01-01T00:00:00Z',
    });
    expect(firing!.alerts[0]!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(firing!.alerts[0]!.generatorURL).toContain('outcome=deadLetter');

    const alerts = await alertsOf(server.url);
    expect(alerts.firing.map((rule) => rule.name)).toEqual(['DeadLettersPiling']);
    expect(alerts.firing[0]!.value).toBe(20);
    expect(alerts.firing[0]!.drilldown).toMatch(/^\/events\?.*outcome=deadLetter/);
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as Health;
    expect(health.alertsFiring?.map((rule) => rule.name)).toEqual(['DeadLettersPiling']);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^waybill_alerts_firing\{severity="critical"\} 1$/m);

    const [, resolved] = await receiver.waitFor(2, 15_000);
    expect(resolved).toMatchObject({ status: 'resolved', alerts: [{ status: 'resolved', fingerprint: firing!.alerts[0]!.fingerprint }] });
    expect(Date.parse(resolved!.alerts[0]!.endsAt)).toBeGreaterThan(Date.parse(firing!.alerts[0]!.startsAt));
    const history = (await alertsOf(server.url)).history.map((entry) => entry.state);
    expect(history).toEqual(['resolved', 'firing', 'pending']);
  });

  it('sends exactly one notification per change of state', async () => {
    // Two more evaluations' worth of time: nothing new may arrive while nothing changes.
    const before = receiver.received.length;
    const settled = (await alertsOf(server.url)).evaluatedAt!;
    for (let attempt = 0; attempt < 100 && (await alertsOf(server.url)).evaluatedAt! < settled + 500; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(receiver.received.length).toBe(before);
    expect(receiver.received.map((payload) => payload.status)).toEqual(['firing', 'resolved']);
  });

  it('delivers to a receiver that was down when the rule fired, once it is back', async () => {
    await receiver.close();
    await burstOfDeadLetters(server.url, 15);
    // Fired with nobody listening: the notifier keeps it and retries.
    for (let attempt = 0; attempt < 100 && (await alertsOf(server.url)).firing.length === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await alertsOf(server.url)).firing.map((rule) => rule.name)).toEqual(['DeadLettersPiling']);
    expect(receiver.received).toHaveLength(2);
    await receiver.listen();
    const received = await receiver.waitFor(3, 20_000);
    expect(received[2]).toMatchObject({ status: 'firing', alerts: [{ labels: { alertname: 'DeadLettersPiling' } }] });
  });
});
