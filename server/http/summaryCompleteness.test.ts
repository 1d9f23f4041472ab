import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Summary } from '../../lib/summary';
import { DEFAULT_PIPELINE_OPTIONS } from '../pipeline/pipelineOptions';
import { serveApiRouter } from '../testing/apiRouterServer';
import type { ApiContext } from './apiRouter';

/*
 * A script reading /api/summary or /api/series must be able to tell partial figures from
 * final ones: `rebuilding` while the state is rebuilt from the log, `partialRange` when
 * the range starts before what Waybill keeps, `partial` with the partitions left out while
 * some are folded elsewhere (the read model says which; kafkaMembership.integration.test.ts).
 */

const NOW = Date.parse('2026-03-01T12:00:00Z');
let server: http.Server | null = null;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(rebuilding: boolean): Promise<string> {
  const readModel = {
    rebuilding,
    partiality: () => ({ partial: false, missingPartitions: [] }),
    summary: (from: number, to: number) => ({ from, to, inputs: 0 }) as unknown as Summary,
    series: (from: number, to: number, step: number) => ({ from, to, step, by: null, points: [] }),
  };
  const served = await serveApiRouter({
    readModel: readModel as unknown as ApiContext['readModel'],
    pipelineOptions: { ...DEFAULT_PIPELINE_OPTIONS, retentionMs: 3_600_000 },
    clock: () => NOW,
  });
  server = served.server;
  return served.url;
}

const json = async (url: string) => (await fetch(url)).json() as Promise<Record<string, unknown>>;

describe('how final the figures are', () => {
  it('says rebuilding while the state is rebuilt, for summaries and series alike', async () => {
    const url = await serve(true);
    expect(await json(`${url}/api/summary`)).toMatchObject({ rebuilding: true, partialRange: false });
    expect(await json(`${url}/api/series?step=10s`)).toMatchObject({ rebuilding: true });
  });

  it('says partialRange when the range starts before the retention, and neither once live within it', async () => {
    const url = await serve(false);
    const twoHoursAgo = new Date(NOW - 2 * 3_600_000).toISOString();
    expect(await json(`${url}/api/summary?from=${twoHoursAgo}`)).toMatchObject({ rebuilding: false, partialRange: true });
    expect(await json(`${url}/api/series?from=${twoHoursAgo}&step=1m`)).toMatchObject({ partialRange: true });
    expect(await json(`${url}/api/summary`)).toMatchObject({ rebuilding: false, partialRange: false });
  });
});

describe('GET /api/health and the alerts in it', () => {
  it('is open for probes, but shows which alerts fire only to a caller who may read', async () => {
    const health = { status: 'ok', alertsFiring: [{ name: 'DeadLettersPiling', value: 20 }] };
    const served = await serveApiRouter({
      readModel: { health: () => health } as unknown as ApiContext['readModel'],
      access: { ingest: null, viewer: 'viewer-token-0123456789', operator: null },
      clock: () => NOW,
    });
    server = served.server;
    const url = `${served.url}/api/health`;
    const anonymous = (await (await fetch(url)).json()) as Record<string, unknown>;
    expect(anonymous.status).toBe('ok');
    expect(anonymous).not.toHaveProperty('alertsFiring');
    const viewer = (await (await fetch(url, { headers: { authorization: 'Bearer viewer-token-0123456789' } })).json()) as Record<string, unknown>;
    expect(viewer.alertsFiring).toEqual(health.alertsFiring);
  });
});
