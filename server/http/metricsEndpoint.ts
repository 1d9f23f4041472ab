import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WaybillMetrics } from '../metrics/waybillMetrics';
import { authorize, type AccessTokens } from './access';
import { ApiError, sendError } from './apiError';
import { METRICS_PATH } from './paths';

/**
 * `GET /metrics`: the Prometheus text format from prom-client's registry. Guarded by
 * METRICS_TOKEN when one is set, else like any read (the viewer token); a scraper sends
 * it as `Authorization: Bearer …` (Prometheus' `authorization` or `bearer_token_file`).
 */
export function createMetricsEndpoint(metrics: WaybillMetrics, access: AccessTokens, log: (message: string, error: unknown) => void) {
  return async function handleMetrics(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '');
    if (pathname !== METRICS_PATH) return false;
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        throw new ApiError('method_not_allowed', `${req.method} is not allowed on /metrics`);
      }
      authorize(access, 'scrape', req);
      const body = await metrics.exposition();
      res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      sendError(res, error, log);
    }
    return true;
  };
}
