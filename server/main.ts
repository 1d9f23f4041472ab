import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { ConfigError, loadConfig } from './config';
import { createEmbeddedMode } from './embeddedMode';
import { createKafkaMode } from './kafkaMode';
import { LiveGateway } from './gateway/liveGateway';
import { anyTokenSet, decideAccess, type AccessTokens } from './http/access';
import { createApiRouter } from './http/apiRouter';
import { newNonce } from './http/contentSecurityPolicy';
import { isServedByNext } from './http/paths';
import { securityHeaders } from './http/securityHeaders';
import { logSafeUrl } from './http/logSafeUrl';
import { IngestGate } from './http/ingestGate';
import { ApiError, sendError } from './http/apiError';
import { applyConnectionLimits } from './http/connectionLimits';
import { defaultAllowedHosts, isAllowedHost } from './http/hostPolicy';
import { advertisedHostOf, advertisedUrlOf } from './cluster/advertisedUrl';
import { createMetricsEndpoint } from './http/metricsEndpoint';
import { watchEventLoop } from './eventLoopLoad';
import { createAlerting } from './alerts/alerting';
import { createLogger } from './logger';
import { WaybillMetrics } from './metrics/waybillMetrics';
import { preciseNow } from './preciseNow';
import { PendingPushes } from './tracing/pendingPushes';
import { tracingFromEnv } from './tracing/tracing';
import { ReadModel } from './readModel';

/** A second signal within this long of the first is the same one, relayed by a wrapper. */
const REPEATED_SIGNAL_MS = 2_000;
/** How long a shutdown may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 8_000;
/** The share of it the last spans may take. */
const TRACING_SHUTDOWN_MS = 2_000;

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not done within ${ms} ms`)), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Wiring only: config → adapters → pipeline → gateway → Next. */
async function main(): Promise<void> {
  const logger = createLogger('waybill');
  let config;
  let tracing;
  try {
    config = loadConfig();
    tracing = tracingFromEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Waybill cannot start: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  const projectDir = path.resolve(__dirname, '..');
  if (!config.dev && !fs.existsSync(path.join(projectDir, '.next', 'BUILD_ID'))) {
    process.stderr.write('Waybill cannot start: no production build; run `npm start` (it builds first) or `npm run build`.\n');
    process.exit(2);
  }

  const metrics = new WaybillMetrics({ mode: config.kafka ? 'kafka' : 'embedded', version: packageVersion(projectDir) });
  const pendingPushes = new PendingPushes();
  const telemetry = { metrics, tracing, pendingPushes };
  const mode = config.kafka ? createKafkaMode(config, config.kafka, logger, telemetry) : createEmbeddedMode(config, logger, telemetry);
  const readModel = new ReadModel(mode.pipeline, mode.status, mode.refusedInputs ? [mode.refusedInputs] : [], 'replicas' in mode ? mode.replicas : null);
  const eventLoop = watchEventLoop();
  const ingestGate = new IngestGate({
    ...config.ingestLimits,
    pipelineLagRecords: () => readModel.lagRecords(),
    eventLoopDelayMs: eventLoop.delayMs,
    eventLoopUtilization: eventLoop.utilization,
    onRefused: (reason) => metrics.refusedRequest(reason),
  });
  readModel.reportBackpressure(() => ingestGate.state());
  const alerts = createAlerting(config, readModel, logger.child('alerts'));
  readModel.reportAlerts(() => alerts.engine.snapshot().firing);
  mode.holdBackWhile(() => ingestGate.behind);
  const handleMetrics = createMetricsEndpoint(metrics, config.access, (message, error) => logger.error(message, error));
  // The gateway needs the server, the server the router: the router reaches the gateway late.
  let gateway: LiveGateway | null = null;
  const handleApi = createApiRouter({
    readModel,
    ingest: mode.ingest,
    ingestGate,
    alerts: () => alerts.engine.snapshot(),
    deadLetters: (options) => mode.deadLetters.page(options),
    operator: {
      ...mode.operator,
      traceUrl: (traceId) => config.traceUrlTemplate?.replaceAll('{traceId}', traceId) ?? null,
      firstPushedAt: (processedAt, time) => gateway?.pushes.firstCovering(processedAt, time) ?? null,
    },
    access: config.access,
    pipelineOptions: config.pipeline,
    maxBodyBytes: config.maxBodyBytes,
    clock: Date.now,
    log: (message, error) => logger.error(message, error),
    onIngested: (items, times) => {
      if (!tracing.enabled) return;
      const end = preciseNow();
      for (const item of items) {
        if (item.rejection === null && tracing.sampled(item.traceparent ?? null)) {
          tracing.recordIngest({ traceparent: item.traceparent!, start: times.startedAt, end, appendStart: times.appendStartedAt, appendEnd: times.appendEndedAt });
        }
      }
    },
    onIngestAnswered: (status, seconds, items) => metrics.observeIngestRequest(status, seconds, items),
  });

  const nextApp = next({ dev: config.dev, dir: projectDir, hostname: config.host, port: config.port });
  await nextApp.prepare();
  const handleNext = nextApp.getRequestHandler();
  const handleNextUpgrade = nextApp.getUpgradeHandler();

  // Request timeouts are checked every second, not Node's default 30 s: a slow client is cut off on time.
  // Other instances call this one by its advertised name: it answers to it.
  const allowedHosts = [...defaultAllowedHosts(config.host), ...config.allowedHosts, ...(config.advertisedUrl ? [advertisedHostOf(config.advertisedUrl)] : [])];
  const server = http.createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    // DNS rebinding: a request naming a host this server is not known by is not for it.
    if (!isAllowedHost(req.headers.host, allowedHosts)) {
      sendError(res, new ApiError('misdirected_request', `this server does not answer to ${JSON.stringify(req.headers.host ?? '')}; add the name to WAYBILL_ALLOWED_HOSTS`), () => undefined);
      return;
    }
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    // What Next serves gets a policy with a fresh nonce; Next reads the nonce from the request, as from a proxy.
    const nonce = isServedByNext(pathname) ? newNonce() : null;
    const headers = securityHeaders(pathname, { tvFrameAncestors: config.tvFrameAncestors, nonce, dev: config.dev });
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (nonce !== null) req.headers['content-security-policy'] = headers['Content-Security-Policy'];
    handleMetrics(req, res)
      .then((handled) => handled || handleApi(req, res))
      .then((handled) => (handled ? undefined : handleNext(req, res)))
      .catch((error: unknown) => {
        logger.error(`request failed: ${req.method} ${logSafeUrl(req.url)}`, error);
        if (!res.headersSent) res.writeHead(500).end();
      });
  });
  applyConnectionLimits(server, config.connections);
  gateway = new LiveGateway(server, {
    readModel,
    authorizeRead: (token) => decideAccess(config.access, 'read', token),
    pushLogMs: config.pipeline.retentionMs,
    allowedOrigins: config.allowedOrigins,
    allowedHosts,
    onUpdates: (sent, skipped) => metrics.liveUpdates(sent, skipped),
    onPushed: tracing.enabled
      ? (pushedAt, from, to, clients) => {
          for (const pending of pendingPushes.takeCovered(pushedAt, from, to)) {
            tracing.recordPush({ traceparent: pending.traceparent, start: pending.processedAt, end: pushedAt, clients });
          }
        }
      : undefined,
  });
  const liveGateway = gateway;
  metrics.connect({
    health: (now) => readModel.health(now),
    live: () => liveGateway.stats(),
    ingest: () => {
      const state = ingestGate.state();
      return { pendingItems: state.pendingItems, backpressureActive: state.active };
    },
    alerts: () => alerts.figures(),
  });
  // Socket.IO answers its own upgrades; the rest (Next's dev reload) go to Next.
  server.on('upgrade', (req, socket, head) => {
    if (req.url?.startsWith('/socket.io')) return;
    if (!isAllowedHost(req.headers.host, allowedHosts)) {
      socket.destroy();
      return;
    }
    handleNextUpgrade(req, socket, head).catch((error: unknown) => {
      logger.warn(`upgrade failed: ${logSafeUrl(req.url)}`, error);
      socket.destroy();
    });
  });

  try {
    await listen(server, config.port, config.host);
  } catch (error) {
    process.stderr.write(`Waybill cannot start: ${listenFailure(error, config.port, config.host)}\n`);
    process.exit(2);
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  // Scripts and tests read this line to find the port.
  const modeDescription = config.kafka
    ? `Kafka mode, topic ${config.kafka.topic} on ${config.kafka.brokers.join(',')}`
    : `embedded mode, data in ${config.dataDir}`;
  // Before the line scripts wait for, so whoever sees that has seen this too.
  const exposure = exposureNotice(config.host, config.access);
  if (exposure?.level === 'warn') logger.warn(exposure.message);
  else if (exposure) logger.info(exposure.message);
  process.stdout.write(`Waybill listening on http://${shownHost}:${port} (${modeDescription})\n`);

  let closingSince: number | null = null;
  const shutdown = (signal: string) => {
    if (closingSince !== null) {
      // A signal sent to the process group also comes through each wrapper (npm,
      // scripts/start.mjs) a moment later: that is the same stop, not a second one,
      // and exiting at once would leave the consumer group without a goodbye.
      if (Date.now() - closingSince < REPEATED_SIGNAL_MS) return;
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    closingSince = Date.now();
    logger.info(`${signal}: shutting down`);
    // Closing waits for the broker (leaving the group, a batch in flight); without one it
    // would wait through every retry. Nothing is lost by not waiting: state rebuilds.
    setTimeout(() => {
      logger.warn(`not closed after ${SHUTDOWN_TIMEOUT_MS / 1000} s: exiting`);
      process.exit(0);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    // The consumer leaves its group first (so others take its partitions at once); spans
    // go last, with a short deadline of their own, since a collector that is down must not
    // spend the time the rest needs.
    void alerts
      .close()
      .then(() => liveGateway.close())
      .catch(() => undefined)
      .then(() => mode.close())
      .catch((error: unknown) => logger.warn('error while closing', error))
      .then(() => withDeadline(tracing.shutdown(), TRACING_SHUTDOWN_MS))
      .catch((error: unknown) => logger.warn('the last spans could not be exported', error))
      .then(() => {
        server.close();
        process.exit(0);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  alerts.engine.start();
  if ('advertise' in mode) mode.advertise(advertisedUrlOf(config.advertisedUrl, config.host, port));
  await mode.start();
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** One line on who can reach this server: nobody else, or everybody for the roles left open. */
function exposureNotice(host: string, tokens: AccessTokens): { level: 'info' | 'warn'; message: string } | null {
  const open = ([['WAYBILL_INGEST_TOKEN', tokens.ingest], ['WAYBILL_VIEWER_TOKEN', tokens.viewer], ['WAYBILL_OPERATOR_TOKEN', tokens.operator]] as const)
    .filter(([, token]) => token === null)
    .map(([name]) => name);
  if (LOOPBACK_HOSTS.has(host)) {
    if (anyTokenSet(tokens)) return null;
    return { level: 'info', message: `no tokens set, so only this machine can connect (${host}); to open it up set HOST=0.0.0.0 with WAYBILL_INGEST_TOKEN, WAYBILL_VIEWER_TOKEN and WAYBILL_OPERATOR_TOKEN` };
  }
  if (open.length === 0) return null;
  const risks = [
    tokens.ingest === null && tokens.operator === null ? 'post events' : null,
    tokens.viewer === null ? 'read every payload and dead letter' : null,
    tokens.operator === null ? 'replay them' : null,
  ].filter(Boolean);
  return {
    level: 'warn',
    message: `listening on ${host} with ${open.join(', ')} not set: anyone who can reach this port can ${risks.join(', ')}; set ${open.join(', ')}`,
  };
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** What a user can do about a port or address that cannot be bound, naming the variable. */
function listenFailure(error: unknown, port: number, host: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `PORT: ${port} is already in use on ${host} (another Waybill, or another program); set PORT to a free port`;
  if (code === 'EACCES') return `PORT: ${port} needs privileges on this machine; use a port above 1023`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `HOST: ${host} is not an address of this machine`;
  return `cannot listen on ${host}:${port}: ${(error as Error).message}`;
}

function packageVersion(projectDir: string): string {
  try {
    return String((JSON.parse(fs.readFileSync(path.join(projectDir, 'package.json'), 'utf8')) as { version?: unknown }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Waybill stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
