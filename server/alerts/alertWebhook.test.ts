import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertmanagerWebhookPayload } from './alertmanagerPayload';
import type { AlertNotification } from './alertNotification';
import { AlertWebhookError, AlertWebhookNotifier, type AlertWebhookOptions } from './alertWebhook';

interface ReceivedRequest {
  method: string;
  contentType: string | undefined;
  payload: AlertmanagerWebhookPayload;
}

/** How the receiver answers its nth request (0-based); 'hang' never answers. */
type Answer = (index: number) => number | 'hang';

interface Receiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real webhook receiver on 127.0.0.1. */
async function startReceiver(answer: Answer, port = 0): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const index = requests.length;
      requests.push({
        method: request.method ?? '',
        contentType: request.headers['content-type'],
        payload: JSON.parse(Buffer.concat(chunks).toString('utf8')) as AlertmanagerWebhookPayload,
      });
      const status = answer(index);
      if (status === 'hang') return;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `status ${status}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  cleanups.push(close);
  return { url: `http://127.0.0.1:${address.port}/hook`, port: address.port, requests, close };
}

/** A port nothing listens on: one the system just handed out and took back. */
async function closedPort(): Promise<number> {
  const receiver = await startReceiver(() => 200);
  await receiver.close();
  return receiver.port;
}

/** A notifier whose callbacks resolve promises the test can await, each bounded by a timeout. */
function notifierFor(url: string, options: Partial<AlertWebhookOptions> = {}) {
  const delivered: AlertNotification[] = [];
  const errors: Error[] = [];
  const retries: Error[] = [];
  const waiters: (() => void)[] = [];
  const wake = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  const notifier = new AlertWebhookNotifier({
    url,
    externalUrl: 'http://localhost:3000/alerts',
    initialRetryDelayMs: 10,
    maxRetryDelayMs: 50,
    ...options,
    onDelivered: (notification) => {
      delivered.push(notification);
      wake();
    },
    onError: (error) => {
      errors.push(error);
      wake();
    },
    onRetry: (error) => {
      retries.push(error);
      wake();
    },
  });
  cleanups.push(() => notifier.close());
  /** Resolves once the condition holds, checked after each callback; fails after timeoutMs. */
  const until = (condition: () => boolean, timeoutMs = 10_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error('timed out waiting for the notifier')), timeoutMs);
      const check = () => {
        if (condition()) {
          clearTimeout(timeout);
          resolve();
        } else {
          waiters.push(check);
        }
      };
      check();
    });
  return { notifier, delivered, errors, retries, until };
}

const firing: AlertNotification = {
  status: 'firing',
  name: 'DeadLettersPiling',
  severity: 'critical',
  labels: { team: 'ops' },
  annotations: { summary: 'Dead letters are piling up' },
  startsAt: Date.parse('2025-03-01T10:00:00.000Z'),
  endsAt: null,
  value: 42,
  drilldown: '/events?from=2025-03-01T09:58:00.000Z&to=2025-03-01T10:00:00.000Z&outcome=deadLetter',
};
const resolved: AlertNotification = { ...firing, status: 'resolved', endsAt: Date.parse('2025-03-01T10:05:00.000Z'), value: 0 };

describe('AlertWebhookNotifier', () => {
  it('delivers exactly one firing and one resolved notification, in Alertmanager v4 form', async () => {
    const receiver = await startReceiver(() => 200);
    const { notifier, until } = notifierFor(receiver.url);
    notifier.notify(firing);
    notifier.notify(resolved);
    expect(notifier.queued).toBe(2);
    await until(() => notifier.sent === 2);

    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests.map((request) => [request.method, request.contentType])).toEqual([
      ['POST', 'application/json'],
      ['POST', 'application/json'],
    ]);
    const [firingPayload, resolvedPayload] = receiver.requests.map((request) => request.payload);
    const labels = { alertname: 'DeadLettersPiling', severity: 'critical', team: 'ops' };
    expect(firingPayload).toEqual({
      version: '4',
      groupKey: '{}:{alertname="DeadLettersPiling"}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'waybill',
      groupLabels: { alertname: 'DeadLettersPiling' },
      commonLabels: labels,
      commonAnnotations: { summary: 'Dead letters are piling up' },
      externalURL: 'http://localhost:3000/alerts',
      alerts: [
        {
          status: 'firing',
          labels,
          annotations: { summary: 'Dead letters are piling up' },
          startsAt: '2025-03-01T10:00:00.000Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://localhost:3000/events?from=2025-03-01T09:58:00.000Z&to=2025-03-01T10:00:00.000Z&outcome=deadLetter',
          fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
        },
      ],
    });
    expect(resolvedPayload).toMatchObject({ status: 'resolved', alerts: [{ status: 'resolved', endsAt: '2025-03-01T10:05:00.000Z' }] });
    expect(resolvedPayload?.alerts[0]?.fingerprint).toBe(firingPayload?.alerts[0]?.fingerprint);
    expect({ sent: notifier.sent, failed: notifier.failed, retries: notifier.retries, dropped: notifier.dropped, queued: notifier.queued }).toEqual({
      sent: 2,
      failed: 0,
      retries: 0,
      dropped: 0,
      queued: 0,
    });
  });

  it('delivers in the order notified', async () => {
    const receiver = await startReceiver(() => 200);
    const { notifier, until } = notifierFor(receiver.url);
    const names = ['First', 'Second', 'Third', 'Fourth', 'Fifth'];
    for (const name of names) notifier.notify({ ...firing, name });
    await until(() => notifier.sent === names.length);
    expect(receiver.requests.map((request) => request.payload.groupLabels.alertname)).toEqual(names);
  });

  it('retries a receiver answering 503 until it takes the notification', async () => {
    const receiver = await startReceiver((index) => (index < 2 ? 503 : 200));
    const { notifier, retries, until } = notifierFor(receiver.url);
    notifier.notify(firing);
    await until(() => notifier.sent === 1);
    expect(receiver.requests).toHaveLength(3);
    expect(notifier.retries).toBe(2);
    expect(retries[0]).toBeInstanceOf(AlertWebhookError);
    expect((retries[0] as AlertWebhookError).status).toBe(503);
  });

  it('retries a receiver that is down until it comes back', async () => {
    const port = await closedPort();
    const { notifier, retries, until } = notifierFor(`http://127.0.0.1:${port}/hook`);
    notifier.notify(firing);
    await until(() => retries.length >= 1);
    expect(notifier.sent).toBe(0);

    const receiver = await startReceiver(() => 200, port);
    await until(() => notifier.sent === 1);
    expect(receiver.requests.map((request) => request.payload.status)).toEqual(['firing']);
    expect(notifier.failed).toBe(0);
  });

  it('retries an attempt that times out', async () => {
    const receiver = await startReceiver((index) => (index === 0 ? 'hang' : 200));
    const { notifier, retries, until } = notifierFor(receiver.url, { timeoutMs: 100 });
    notifier.notify(firing);
    await until(() => notifier.sent === 1);
    expect(retries).toHaveLength(1);
    expect((retries[0] as AlertWebhookError).status).toBeNull();
    expect(receiver.requests).toHaveLength(2);
  });

  it('gives up on a 400 and reports it', async () => {
    const receiver = await startReceiver(() => 400);
    const { notifier, errors, until } = notifierFor(receiver.url);
    notifier.notify(firing);
    await until(() => errors.length === 1);
    expect(errors[0]).toBeInstanceOf(AlertWebhookError);
    expect((errors[0] as AlertWebhookError).status).toBe(400);
    expect(errors[0]?.message).toBe(`http://127.0.0.1:${receiver.port}/hook answered 400: status 400`);
    expect({ sent: notifier.sent, failed: notifier.failed, retries: notifier.retries, queued: notifier.queued }).toEqual({
      sent: 0,
      failed: 1,
      retries: 0,
      queued: 0,
    });
    expect(receiver.requests).toHaveLength(1);
  });

  it('gives up after its attempts', async () => {
    const receiver = await startReceiver(() => 500);
    const { notifier, errors, until } = notifierFor(receiver.url, { maxAttempts: 3 });
    notifier.notify(firing);
    await until(() => errors.length === 1);
    expect(errors[0]?.message).toMatch(/^gave up after 3 attempts: .* answered 500/);
    expect({ failed: notifier.failed, retries: notifier.retries }).toEqual({ failed: 1, retries: 2 });
  });

  it('drops the oldest when the queue is full, and closes promptly in a long backoff', async () => {
    const port = await closedPort();
    const { notifier, retries, until } = notifierFor(`http://127.0.0.1:${port}/hook`, {
      queueLimit: 2,
      initialRetryDelayMs: 60_000,
      maxRetryDelayMs: 60_000,
    });
    notifier.notify({ ...firing, name: 'InFlight' });
    for (const name of ['Oldest', 'Middle', 'Newest']) notifier.notify({ ...firing, name });
    expect({ dropped: notifier.dropped, queued: notifier.queued }).toEqual({ dropped: 1, queued: 3 });
    await until(() => retries.length === 1);

    const closingStartedAt = performance.now();
    await notifier.close();
    expect(performance.now() - closingStartedAt).toBeLessThan(1_000);
    notifier.notify(firing);
    expect(notifier.dropped).toBe(2);
    expect(notifier.sent).toBe(0);
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => new AlertWebhookNotifier({ url: 'ftp://example.com/hook', externalUrl: 'http://localhost:3000/alerts' })).toThrow(/http\(s\)/);
  });
});
