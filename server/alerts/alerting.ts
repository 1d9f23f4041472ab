import type { Config } from '../config';
import type { Logger } from '../logger';
import type { ReadModel } from '../readModel';
import { defaultDrilldownPath } from './alertDrilldown';
import { AlertEngine } from './alertEngine';
import { AlertWebhookNotifier } from './alertWebhook';

/**
 * The alert engine over the read model, and the webhook it notifies when one is set:
 * assembled here so the server's wiring stays one line.
 */
export function createAlerting(config: Pick<Config, 'alerts' | 'publicUrl' | 'port'>, readModel: ReadModel, logger: Logger) {
  const externalUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const notifier = config.alerts.webhookUrl
    ? new AlertWebhookNotifier({
        url: config.alerts.webhookUrl,
        externalUrl,
        onError: (error) => logger.warn('alert notification given up', error),
        onRetry: (error: unknown) => logger.warn('alert webhook did not take a notification; retrying', error),
      })
    : null;
  const engine = new AlertEngine({
    rules: config.alerts.rules,
    readSummary: (from, to) => readModel.summary(from, to),
    readHealth: (now) => readModel.health(now),
    notifier,
    intervalMs: config.alerts.intervalMs,
    drilldownUrl: (rule, activeSince, now) => defaultDrilldownPath(rule.figure, activeSince - (rule.windowMs ?? 0), now),
    onError: (error) => logger.warn('alert rules could not be evaluated', error),
  });
  logger.info(
    `${config.alerts.rules.length} alert rules (${config.alerts.rulesFile ?? 'the defaults'})${notifier ? `, notifying ${new URL(config.alerts.webhookUrl!).origin}` : ''}`,
  );
  return {
    engine,
    /** What /metrics shows of alerting. */
    figures() {
      const firingBySeverity: Record<string, number> = {};
      for (const rule of engine.snapshot().firing) firingBySeverity[rule.severity] = (firingBySeverity[rule.severity] ?? 0) + 1;
      return { firingBySeverity, notifications: { sent: notifier?.sent ?? 0, failed: notifier?.failed ?? 0, dropped: notifier?.dropped ?? 0 } };
    },
    async close(): Promise<void> {
      engine.stop();
      await notifier?.close();
    },
  };
}
