import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiRouter, type ApiContext } from '../http/apiRouter';
import { DEFAULT_PIPELINE_OPTIONS } from '../pipeline/pipelineOptions';

/**
 * The API router alone on a free port of 127.0.0.1, over the parts of its context a test
 * gives (the rest: every role open, the default pipeline options, no logging). For tests
 * of one route's behaviour without a whole server; the caller closes it.
 */
export async function serveApiRouter(context: Partial<ApiContext>): Promise<{ url: string; server: http.Server }> {
  const handle = createApiRouter({
    access: { ingest: null, viewer: null, operator: null },
    pipelineOptions: DEFAULT_PIPELINE_OPTIONS,
    clock: Date.now,
    log: () => undefined,
    ...context,
  } as ApiContext);
  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
