import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEAD_LETTER_REASONS, type DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import { publishedContract } from '../../lib/contract/schemas';
import type { DeadLetterPage } from '../../lib/deadLetters';
import { classifyInput } from '../pipeline/classifyInput';
import { Rejection } from '../pipeline/deadLetter';
import type { PipelineOptions } from '../pipeline/pipelineOptions';
import type { ReadModel } from '../readModel';
import { ApiError, sendError, sendJson } from './apiError';
import { splitIngestBody } from './ingestBody';
import type { IngestItem, IngestSink } from './ingestSink';
import { parseDimension, parseLimit, parseRange, parseStep } from './queryParams';
import { readBody } from './readBody';

export interface ApiContext {
  readModel: ReadModel;
  ingest: IngestSink;
  deadLetters: (options: { reason: DeadLetterReason | null; cursor: number | null; limit: number }) => DeadLetterPage;
  pipelineOptions: Pick<PipelineOptions, 'maxEventBytes' | 'maxFutureSkewMs'>;
  maxBodyBytes: number;
  clock: () => number;
  log: (message: string, error?: unknown) => void;
}

type Handler = (request: { req: IncomingMessage; url: URL; now: number }) => Promise<{ status: number; body: unknown }>;

/**
 * The JSON API of DESIGN.md section 5, served by the custom server before Next. Handlers
 * parse their input, delegate, and return a body; errors become answers in one place.
 */
export function createApiRouter(context: ApiContext) {
  const routes: Record<string, Partial<Record<string, Handler>>> = {
    '/api/health': { GET: async ({ now }) => ok(context.readModel.health(now)) },
    '/api/schema': { GET: async () => ok(publishedContract()) },
    '/api/summary': {
      GET: async ({ url, now }) => {
        const { from, to } = parseRange(url.searchParams, now);
        return ok(context.readModel.summary(from, to));
      },
    },
    '/api/series': {
      GET: async ({ url, now }) => {
        const { from, to } = parseRange(url.searchParams, now);
        const step = parseStep(url.searchParams.get('step'), from, to);
        const by = parseDimension(url.searchParams.get('by'));
        return ok(context.readModel.series(from, to, step, by));
      },
    },
    '/api/dlq': {
      GET: async ({ url }) => {
        const reason = url.searchParams.get('reason');
        if (reason !== null && !(DEAD_LETTER_REASONS as readonly string[]).includes(reason)) {
          throw new ApiError('invalid_parameter', `reason: expected one of ${DEAD_LETTER_REASONS.join(', ')}`);
        }
        const cursorText = url.searchParams.get('cursor');
        const cursor = cursorText === null || cursorText === '' ? null : Number(cursorText);
        if (cursor !== null && !Number.isSafeInteger(cursor)) throw new ApiError('invalid_parameter', 'cursor: not a cursor from this API');
        const limit = parseLimit(url.searchParams.get('limit'), 50, 500);
        return ok(context.deadLetters({ reason: reason as DeadLetterReason | null, cursor, limit }));
      },
    },
    '/api/events': {
      POST: async ({ req, now }) => {
        const body = await readBody(req, context.maxBodyBytes);
        const values = splitIngestBody(body, req.headers['content-type']);
        const items: IngestItem[] = values.map((value) => {
          const classified = classifyInput(value, now, context.pipelineOptions);
          return classified instanceof Rejection
            ? { key: null, value, rejection: classified }
            : { key: classified.subject, value, rejection: null };
        });
        await context.ingest.accept(items);
        const errors = items.flatMap((item, index) =>
          item.rejection ? [{ index, reason: item.rejection.reason, error: item.rejection.error }] : [],
        );
        return { status: 202, body: { accepted: items.length - errors.length, rejected: errors.length, errors } };
      },
    },
  };

  /** Answers API requests; returns false for anything that is not the API's, for Next to serve. */
  return async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
    if (!isApi) return false;
    try {
      const route = routes[url.pathname.replace(/\/+$/, '')];
      if (!route) throw new ApiError('not_found', `no such endpoint: ${req.method} ${url.pathname}`);
      const handler = route[req.method ?? 'GET'];
      if (!handler) {
        res.setHeader('allow', Object.keys(route).join(', '));
        throw new ApiError('method_not_allowed', `${req.method} is not allowed on ${url.pathname}`);
      }
      const { status, body } = await handler({ req, url, now: context.clock() });
      sendJson(res, status, body);
    } catch (error) {
      sendError(res, error, context.log);
    }
    return true;
  };
}

function ok(body: unknown): { status: number; body: unknown } {
  return { status: 200, body };
}
