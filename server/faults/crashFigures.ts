import type { Health } from '../../lib/health';
import type { Summary } from '../../lib/summary';
import type { SendTally } from './resendingClient';

const SETTLE_INTERVAL_MS = 200;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * The summary once the server has folded everything it took: live, no lag, and at least
 * `expectedEvents` events. Bounded in attempts (some 200 ms apart); after that the summary
 * as it is, so the assertions show what is missing rather than a timeout.
 */
export async function settledSummary(url: string, range: string, expectedEvents: number, attempts = 300): Promise<Summary> {
  let summary = await getJson<Summary>(`${url}/api/summary?${range}`);
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const health = await getJson<Health>(`${url}/api/health`);
    summary = await getJson<Summary>(`${url}/api/summary?${range}`);
    if (health.rebuild.state === 'live' && health.lag.records === 0 && summary.events >= expectedEvents) return summary;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_INTERVAL_MS));
  }
  return summary;
}

export function healthOf(url: string): Promise<Health> {
  return getJson<Health>(`${url}/api/health`);
}

/** The one line a run prints, so runs can be compared at a glance. */
export function figureLine(
  name: string,
  run: { kills: number; tally: SendTally; summary: Summary; sentEvents: number; startedAt: number; more?: string[] },
): string {
  const { kills, tally, summary, sentEvents, startedAt } = run;
  const figures = [
    `${kills} kills`,
    ...(run.more ?? []),
    `${tally.batchesAcknowledged.toLocaleString('en')} batches acked`,
    `${sentEvents.toLocaleString('en')} events`,
    `${tally.eventsResent.toLocaleString('en')} re-sent`,
    `${summary.duplicates.toLocaleString('en')} duplicates`,
    `${Math.max(0, sentEvents - summary.events).toLocaleString('en')} lost`,
    `${tally.unanswered} unanswered, ${tally.refused} refused tries`,
    `${Math.round((Date.now() - startedAt) / 1_000)} s`,
  ];
  return `${name}: ${figures.join(', ')}`;
}
