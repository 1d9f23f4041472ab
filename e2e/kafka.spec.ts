import crypto from 'node:crypto';
import { expect, test } from '@playwright/test';
import { runBrokerScript, TEST_BROKERS } from '../server/testing/kafkaTesting';
import { startServer } from '../server/testing/runningServer';

// The dashboard in Kafka mode, against the local broker (npm test starts it): broker state,
// partitions with their lag, live figures, and a broker that goes away and comes back.


test('the dashboard shows the broker, the partitions and live figures in Kafka mode', async ({ page }) => {
  test.setTimeout(240_000);
  runBrokerScript('start');
  const suffix = crypto.randomBytes(4).toString('hex');
  const server = await startServer({
    env: {
      KAFKA_BROKERS: TEST_BROKERS.join(','),
      KAFKA_TOPIC: `e2e.events.${suffix}`,
      KAFKA_DLQ_TOPIC: `e2e.dlq.${suffix}`,
      KAFKA_GROUP_ID: `e2e.${suffix}`,
      KAFKA_PARTITIONS: '3',
      SIMULATE_RATE: '40',
    },
  });
  try {
    await page.goto(server.url);
    await expect(page.getByTestId('connection-state')).toHaveText('Live', { timeout: 30_000 });
    await expect(page.getByTestId('log-state')).toContainText('Broker connected', { timeout: 30_000 });
    await expect(page.getByTestId('run-mode')).toContainText(/kafka/i);
    await expect(page.getByTestId('partition-row')).toHaveCount(3, { timeout: 30_000 });
    const eventsPerSecond = page.getByTestId('kpi-events-per-second').getByTestId('kpi-value');
    await expect(eventsPerSecond).not.toHaveText('—', { timeout: 30_000 });
    const first = (await eventsPerSecond.textContent())!;
    await expect(eventsPerSecond).not.toHaveText(first, { timeout: 30_000 });
    await page.screenshot({ path: 'test-results/screenshots/dashboard-kafka.png', fullPage: true });

    runBrokerScript('stop');
    await expect(page.getByTestId('degraded-banner')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('log-state')).toContainText('Broker unreachable');
    await page.screenshot({ path: 'test-results/screenshots/dashboard-kafka-broker-down.png' });
    runBrokerScript('start');
    await expect(page.getByTestId('degraded-banner')).toBeHidden({ timeout: 60_000 });
    await expect(page.getByTestId('log-state')).toContainText('Broker connected');
  } finally {
    await server.stop();
    runBrokerScript('start');
  }
});
