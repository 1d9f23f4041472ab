import type { AlertsSnapshot } from '../../lib/alerts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEAD_LETTER_REASONS, type DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import { publishedContract } from '../../lib/contract/schemas';
import type { DeadLetterPage, DeadLetterQuery } from '../../lib/deadLetters';
import type { PipelineOptions } from '../pipeline/pipelineOptions';
import type { ReadModel } from '../readModel';
import { authorize, bearerToken, decideAccess, type AccessTokens, type Action } from './access';
import { ApiError, sendError, sendJson } from './apiError';
import { countEvents, deadLetterPayload, eventDetail, exportEvents, listEvents, replayDeadLetter, shipmentOf, type OperatorContext } from './eventsApi';
import type { EventIndexReader } from '../store/eventIndex';
import { peerRoutes } from './peerRoutes';
import { splitIngestBody } from './ingestBody';
import { isApiPath } from './paths';
import { classifyIngestItem, judgeAtAppend } from './ingestItems';
import { preciseNow } from '../preciseNow';
import type { IngestGate } from './ingestGate';
import type { IngestItem, IngestSink } from './ingestSink';
import { parseDimension, parseInstant, parseLimit, parseRange, parseStep } from './queryParams';
import { discardBody, readBody } from './readBody';

export interface ApiContext {
  readModel: ReadModel;
  ingest: IngestSink;
  /** Back pressure: refuses ingest while Waybill is behind. Absent: every request is taken. */
  ingestGate?: IngestGate;
  /** GET /api/alerts: the alert rules with their state and recent history. */
  alerts?: () => AlertsSnapshot;
  deadLetters: (query: DeadLetterQuery) => DeadLetterPage;
  operator: OperatorContext;
  access: AccessTokens;
  pipelineOptions: Pick<PipelineOptions, 'maxEventBytes' | 'maxFutureSkewMs' | 'retentionMs'>;
  maxBodyBytes: number;
  clock: () => number;
  log: (message: string, error?: unknown) => void;
  /** After an ingest request's items are durable, with when it began and how long the append took (for traces). */
  onIngested?: (items: readonly IngestItem[], times: { startedAt: number; appendStartedAt: number; appendEndedAt: number }) => void;
  /** After each POST /api/events: its status, how long it took, and its items when it was read. */
  onIngestAnswered?: (status: number, seconds: number, items: { accepted: number; rejected: number } | null) => void;
}

/** The largest corrected event a replay takes. */
const MAX_REPLAY_BODY_BYTES = 1024 * 1024;

export type Request = { req: IncomingMessage; url: URL; now: number; params: string[] };
export type Answer = { status: number; body: unknown; ingested?: { accepted: number; rejected: number } } | { status: number; headers: Record<string, string>; write: (res: ServerResponse) => Promise<void> };
export type Handler = (request: Request) => Promise<Answer>;
/** `open` answers anyone (health checks, the published contract); the rest go through the access decision. */
export type Route = { pattern: RegExp; action: Action | 'open'; methods: Partial<Record<string, Handler>> };

/**
 * The JSON API of DESIGN.md section 5, served by the custom server before Next. Handlers
 * parse their input, delegate, and return a body; access and errors are decided in one place.
 */
export function createApiRouter(context: ApiContext) {
  /** The operator context of one request: with several instances, an index reader that asks the others with its token. */
  const operatorFor = (req: IncomingMessage): OperatorContext => {
    const index = context.operator.indexFor?.(req.headers.authorization);
    return index ? { ...context.operator, index } : context.operator;
  };
  const route = (path: string, action: Route['action'], methods: Route['methods']): Route => ({
    // `:param` matches one path segment.
    pattern: new RegExp(`^${path.replace(/:[a-z]+/g, '([^/]+)')}$`),
    action,
    methods,
  });
  // Fixed paths before parameterised ones: /api/events/count is not the input "count".
  const routes: Route[] = [
    route('/api/health', 'open', {
      GET: async ({ req, now }) => {
        const health = context.readModel.health(now);
        // Open, for probes; which alerts fire, with their values, is for those who may read.
        if (health.alertsFiring && decideAccess(context.access, 'read', bearerToken(req.headers.authorization)) !== 'allowed') {
          const { alertsFiring: _withheld, ...forProbes } = health;
          return ok(forProbes);
        }
        return ok(health);
      },
    }),
    route('/api/schema', 'open', { GET: async () => ok(publishedContract()) }),
    route('/api/summary', 'read', {
      GET: async ({ url, now }) => {
        const { from, to } = parseRange(url.searchParams, now);
        return ok({ ...context.readModel.summary(from, to), ...completeness(context, from, now) });
      },
    }),
    route('/api/series', 'read', {
      GET: async ({ url, now }) => {
        const { from, to } = parseRange(url.searchParams, now);
        const step = parseStep(url.searchParams.get('step'), from, to);
        const by = parseDimension(url.searchParams.get('by'));
        return ok({ ...context.readModel.series(from, to, step, by), ...completeness(context, from, now) });
      },
    }),
    route('/api/alerts', 'read', {
      GET: async () => {
        if (!context.alerts) throw new ApiError('not_found', 'alerting is not part of this server');
        return ok(context.alerts());
      },
    }),
    route('/api/dlq', 'read', { GET: async ({ req, url }) => ok(await deadLetterPage(context, url.searchParams, operatorFor(req).index)) }),
    route('/api/dlq/:ref/payload', 'read', { GET: async ({ params }) => ok(await deadLetterPayload(context.operator, params[0]!)) }),
    route('/api/dlq/:ref/replay', 'operate', {
      POST: async ({ req, params }) =>
        ok(await replayDeadLetter(context.operator, params[0]!, await readBody(req, MAX_REPLAY_BODY_BYTES), req.headers.authorization)),
    }),
    ...peerRoutes(context.operator, route),
    route('/api/events/count', 'read', { GET: async ({ req, url }) => ok(await countEvents(operatorFor(req), url.searchParams)) }),
    route('/api/events/export', 'read', { GET: async ({ req, url }) => exportEvents(operatorFor(req), url.searchParams) }),
    route('/api/events/:ref', 'read', { GET: async ({ req, params }) => ok(await eventDetail(operatorFor(req), params[0]!)) }),
    route('/api/shipments/:subject', 'read', { GET: async ({ req, params }) => ok(await shipmentOf(operatorFor(req), params[0]!)) }),
    route('/api/events', 'read', {
      GET: async ({ req, url }) => ok(await listEvents(operatorFor(req), url.searchParams)),
      POST: async ({ req }) => {
        const requestStartedAt = preciseNow();
        // Refused before its body is parsed: a refusal costs the server next to nothing.
        let ticket;
        try {
          ticket = context.ingestGate?.enter();
        } catch (refusal) {
          await discardBody(req);
          throw refusal;
        }
        let items: IngestItem[];
        try {
          const body = await readBody(req, context.maxBodyBytes);
          const values = splitIngestBody(body, req.headers['content-type']);
          ticket?.reserve(values.length);
          // Judged at the time they go to the log, not when the request began: a body may take seconds to arrive.
          const handedAt = context.clock();
          items = values.map((value) => classifyIngestItem(value, handedAt, context.pipelineOptions));
          const appendStartedAt = preciseNow();
          const appendTimes = await context.ingest.accept(items);
          if (appendTimes) judgeAtAppend(items, appendTimes, context.pipelineOptions);
          try {
            context.onIngested?.(items, { startedAt: requestStartedAt, appendStartedAt, appendEndedAt: preciseNow() });
          } catch (error) {
            // The items are durable: a failure to trace them must not turn their 202 into a 500.
            context.log('could not record the traces of an ingest request', error);
          }
        } finally {
          ticket?.leave();
        }
        const errors = items.flatMap((item, index) =>
          item.rejection ? [{ index, reason: item.rejection.reason, error: item.rejection.error }] : [],
        );
        const counts = { accepted: items.length - errors.length, rejected: errors.length };
        return { status: 202, body: { ...counts, errors }, ingested: counts };
      },
    }),
  ];

  /** Answers API requests; returns false for anything that is not the API's, for Next to serve. */
  return async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!isApiPath(url.pathname)) return false;
    const isIngest = req.method === 'POST' && url.pathname.replace(/\/+$/, '') === '/api/events';
    const startedAt = performance.now();
    let items: { accepted: number; rejected: number } | null = null;
    try {
      const path = url.pathname.replace(/\/+$/, '');
      let matched: { route: Route; params: string[] } | null = null;
      for (const candidate of routes) {
        const match = candidate.pattern.exec(path);
        if (match) {
          matched = { route: candidate, params: match.slice(1).map(decodeSegment) };
          break;
        }
      }
      if (!matched) throw new ApiError('not_found', `no such endpoint: ${req.method} ${url.pathname}`);
      const method = req.method ?? 'GET';
      // HEAD wherever GET is: the same answer, whose body Node leaves out.
      const handler = matched.route.methods[method] ?? (method === 'HEAD' ? matched.route.methods.GET : undefined);
      if (!handler) {
        const allowed = Object.keys(matched.route.methods);
        res.setHeader('allow', (allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed).join(', '));
        throw new ApiError('method_not_allowed', `${req.method} is not allowed on ${url.pathname}`);
      }
      // POST /api/events is the producers' door; every other POST changes something.
      const action = matched.route.action === 'read' && method === 'POST' ? 'ingest' : matched.route.action;
      if (action !== 'open') authorize(context.access, action, req);
      const answer = await handler({ req, url, now: context.clock(), params: matched.params });
      if ('ingested' in answer) items = answer.ingested ?? null;
      if ('write' in answer) {
        res.writeHead(answer.status, answer.headers);
        await answer.write(res);
        res.end();
      } else {
        sendJson(res, answer.status, answer.body);
      }
    } catch (error) {
      sendError(res, error, context.log);
    }
    if (isIngest) context.onIngestAnswered?.(res.statusCode, (performance.now() - startedAt) / 1_000, items);
    return true;
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError('bad_request', `not a valid path segment: ${segment}`);
  }
}

async function deadLetterPage(context: ApiContext, params: URLSearchParams, index: EventIndexReader): Promise<DeadLetterPage> {
  const reason = params.get('reason') || null;
  if (reason !== null && !(DEAD_LETTER_REASONS as readonly string[]).includes(reason)) {
    throw new ApiError('invalid_parameter', `reason: expected one of ${DEAD_LETTER_REASONS.join(', ')}`);
  }
  const cursorText = params.get('cursor');
  const cursor = cursorText === null || cursorText === '' ? null : Number(cursorText);
  if (cursor !== null && !Number.isSafeInteger(cursor)) throw new ApiError('invalid_parameter', 'cursor: not a cursor from this API');
  const fromText = params.get('from');
  const toText = params.get('to');
  const from = fromText ? parseInstant('from', fromText, 0) : null;
  const to = toText ? parseInstant('to', toText, 0) : null;
  if (from !== null && to !== null && from >= to) throw new ApiError('invalid_parameter', 'from: must be before to');
  const type = params.get('type') || null;
  if (type !== null && type.length > 128) throw new ApiError('invalid_parameter', 'type: longer than 128 characters');
  const limit = parseLimit(params.get('limit'), 50, 500);
  const page = context.deadLetters({ reason: reason as DeadLetterReason | null, type, from, to, cursor, limit });
  // Replays are inputs of the log like any other: the index knows which dead letter each replays.
  const replays = await index.replaysOf(page.items.map((item) => item.ref));
  return {
    ...page,
    items: page.items.map((item) => {
      const replay = replays.get(item.ref);
      return replay ? { ...item, replayedAt: replay.appendTime, replayedAs: replay.ref } : item;
    }),
  };
}

/**
 * Whether figures can be taken as final: not while the state is rebuilding, not for the
 * part of a range older than the retention, which Waybill no longer keeps, and not while
 * partitions of the topic are left out or behind (`partial`, with which).
 */
function completeness(
  context: ApiContext,
  from: number,
  now: number,
): { rebuilding: boolean; partialRange: boolean; partial: boolean; missingPartitions: number[]; stalePartitions: number[] } {
  return {
    rebuilding: context.readModel.rebuilding,
    partialRange: from < now - context.pipelineOptions.retentionMs,
    ...context.readModel.partiality(),
  };
}

function ok(body: unknown): Answer {
  return { status: 200, body };
}
