import fs from 'node:fs';
import path from 'node:path';
import { AlertRulesError, DEFAULT_ALERT_RULES, parseAlertRules, type AlertRule } from './alerts/alertRules';
import type { AccessTokens } from './http/access';
import { parseFrameAncestors } from './http/framePolicy';
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './http/connectionLimits';
import { DEFAULT_INGEST_LIMITS } from './http/ingestGate';
import { parseAllowedOrigins } from './http/originPolicy';
import { parseDuration } from './duration';
import { ConfigError, httpUrl, optional, type Env } from './environment';
import { DEFAULT_PIPELINE_OPTIONS, type PipelineOptions } from './pipeline/pipelineOptions';
import { SYNC_MODES, type SyncMode } from './store/sqlite';

/** Every setting of DESIGN.md section 6, parsed and checked in one place at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** How embedded mode keeps an acknowledged batch: through a process crash (normal) or a power loss too (full). */
  sync: SyncMode;
  kafka: { brokers: string[]; topic: string; dlqTopic: string; aggregatesTopic: string; groupId: string; partitions: number } | null;
  /** Events per second of the built-in simulator; 0 turns it off. */
  simulateRate: number;
  partitions: number;
  pipeline: PipelineOptions;
  /** Connections open at once (one more is answered 503 and closed), and how long a request may take to arrive. */
  connections: ConnectionLimits;
  /** The largest request body POST /api/events reads. */
  maxBodyBytes: number;
  /** The roles' bearer tokens (DESIGN.md section 9). */
  access: AccessTokens;
  /** Back pressure's bounds on ingest (server/http/ingestGate.ts). */
  ingestLimits: {
    maxConcurrentRequests: number;
    maxPendingItems: number;
    maxPipelineLagRecords: number;
    maxEventLoopDelayMs: number;
    maxEventLoopUtilization: number;
    minItemsPerSecondForUtilization: number;
  };
  /** Waybill's own alerting: the rules (a file's, or the defaults), where notifications go, how often rules run. */
  alerts: { rules: AlertRule[]; rulesFile: string | null; webhookUrl: string | null; intervalMs: number };
  /** A link to one trace in the team's tracing UI, `{traceId}` filled in (WAYBILL_TRACE_URL). */
  traceUrlTemplate: string | null;
  /** Where browsers reach this server, for links in alert notifications. */
  publicUrl: string | null;
  /** Where other instances reach this one (Kafka mode with several instances); null: worked out from where it listens. */
  advertisedUrl: string | null;
  /** Origins besides the server's own whose pages may open `/live`. */
  allowedOrigins: string[];
  /** Host names besides localhost and the server's own addresses that it answers (a proxy's name). */
  allowedHosts: string[];
  /** Who may frame the TV wall: its `frame-ancestors` sources. */
  tvFrameAncestors: string;
  dev: boolean;
}

export { ConfigError };

export { parseDuration };

export function loadConfig(env: Env = process.env): Config {
  const kafkaBrokers = optional(env, 'KAFKA_BROKERS');
  const embedded = kafkaBrokers === undefined;
  const access: AccessTokens = {
    ingest: token(env, 'WAYBILL_INGEST_TOKEN'),
    viewer: token(env, 'WAYBILL_VIEWER_TOKEN'),
    operator: token(env, 'WAYBILL_OPERATOR_TOKEN'),
    metrics: token(env, 'METRICS_TOKEN'),
  };
  // The metrics token guards /metrics alone: it does not make the rest safe to expose.
  const anyToken = access.ingest !== null || access.viewer !== null || access.operator !== null;
  return {
    port: integer(env, 'PORT', 3000, 0, 65_535),
    // Open roles are for local use: with no token at all, only this machine can connect.
    host: optional(env, 'HOST') ?? (anyToken ? '0.0.0.0' : '127.0.0.1'),
    dataDir: path.resolve(optional(env, 'DATA_DIR') ?? './data'),
    sync: syncMode(env),
    kafka: embedded
      ? null
      : {
          brokers: brokerList(kafkaBrokers),
          topic: optional(env, 'KAFKA_TOPIC') ?? 'shipments.events',
          dlqTopic: optional(env, 'KAFKA_DLQ_TOPIC') ?? 'shipments.dlq',
          // Named after the events topic by default: its figures belong to that topic alone.
          aggregatesTopic: optional(env, 'KAFKA_AGGREGATES_TOPIC') ?? `${optional(env, 'KAFKA_TOPIC') ?? 'shipments.events'}.aggregates`,
          groupId: optional(env, 'KAFKA_GROUP_ID') ?? 'waybill',
          partitions: integer(env, 'KAFKA_PARTITIONS', 6, 1, 1_000),
        },
    simulateRate: number(env, 'SIMULATE_RATE', embedded ? 50 : 0, 0, 100_000),
    partitions: integer(env, 'PARTITIONS', 8, 1, 256),
    pipeline: {
      maxEventBytes: integer(env, 'MAX_EVENT_BYTES', DEFAULT_PIPELINE_OPTIONS.maxEventBytes, 256, 8 * 1024 * 1024),
      allowedLatenessMs: integer(env, 'ALLOWED_LATENESS_MS', DEFAULT_PIPELINE_OPTIONS.allowedLatenessMs, 0, 86_400_000),
      windowGraceMs: integer(env, 'WINDOW_GRACE_MS', DEFAULT_PIPELINE_OPTIONS.windowGraceMs, 0, 86_400_000),
      retentionMs: duration(env, 'RETENTION', DEFAULT_PIPELINE_OPTIONS.retentionMs),
      maxDimensionValues: integer(env, 'MAX_DIMENSION_VALUES', DEFAULT_PIPELINE_OPTIONS.maxDimensionValues, 1, 100_000),
      maxFutureSkewMs: DEFAULT_PIPELINE_OPTIONS.maxFutureSkewMs,
    },
    maxBodyBytes: 8 * 1024 * 1024,
    connections: connectionLimits(env),
    ingestLimits: {
      maxConcurrentRequests: integer(env, 'INGEST_MAX_REQUESTS', DEFAULT_INGEST_LIMITS.maxConcurrentRequests, 1, 10_000),
      maxPendingItems: integer(env, 'INGEST_MAX_PENDING_ITEMS', DEFAULT_INGEST_LIMITS.maxPendingItems, 1, 10_000_000),
      maxPipelineLagRecords: integer(env, 'INGEST_MAX_PIPELINE_LAG', DEFAULT_INGEST_LIMITS.maxPipelineLagRecords, 1, 1_000_000_000),
      maxEventLoopDelayMs: integer(env, 'INGEST_MAX_LOOP_DELAY_MS', DEFAULT_INGEST_LIMITS.maxEventLoopDelayMs, 1, 60_000),
      maxEventLoopUtilization: number(env, 'INGEST_MAX_LOOP_UTILIZATION', DEFAULT_INGEST_LIMITS.maxEventLoopUtilization, 0.1, 1),
      minItemsPerSecondForUtilization: DEFAULT_INGEST_LIMITS.minItemsPerSecondForUtilization,
    },
    alerts: alertSettings(env),
    publicUrl: httpUrl(env, 'WAYBILL_PUBLIC_URL'),
    advertisedUrl: httpUrl(env, 'WAYBILL_ADVERTISED_URL'),
    traceUrlTemplate: traceUrlTemplate(env, 'WAYBILL_TRACE_URL'),
    access,
    tvFrameAncestors: frameAncestors(env, 'TV_FRAME_ANCESTORS'),
    allowedOrigins: allowedOrigins(env, 'WAYBILL_ALLOWED_ORIGINS'),
    allowedHosts: hostNames(env, 'WAYBILL_ALLOWED_HOSTS'),
    dev: env.NODE_ENV !== 'production',
  };
}

function number(env: Env, name: string, fallback: number, min: number, max: number): number {
  const text = optional(env, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(name, `expected a number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = number(env, name, fallback, min, max);
  if (!Number.isInteger(value)) throw new ConfigError(name, `expected a whole number, got ${JSON.stringify(env[name])}`);
  return value;
}

function duration(env: Env, name: string, fallback: number): number {
  const text = optional(env, name);
  if (text === undefined) return fallback;
  const value = parseDuration(text);
  if (value === null) throw new ConfigError(name, `expected a duration such as 90s, 15m, 1h or 2d, got ${JSON.stringify(text)}`);
  return value;
}

function hostNames(env: Env, name: string): string[] {
  const text = optional(env, name);
  if (text === undefined) return [];
  const names = text.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean);
  for (const host of names) {
    if (!/^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/.test(host)) {
      throw new ConfigError(name, `expected host names without scheme or port (waybill.example.com,10.0.0.5), got ${JSON.stringify(host)}`);
    }
  }
  return names;
}

function allowedOrigins(env: Env, name: string): string[] {
  const text = optional(env, name);
  if (text === undefined) return [];
  const parsed = parseAllowedOrigins(text);
  if (!Array.isArray(parsed)) throw new ConfigError(name, parsed.error);
  return parsed;
}

function frameAncestors(env: Env, name: string): string {
  const text = optional(env, name);
  if (text === undefined) return "'self'";
  const parsed = parseFrameAncestors(text);
  if (typeof parsed !== 'string') throw new ConfigError(name, parsed.error);
  return parsed;
}

function connectionLimits(env: Env): ConnectionLimits {
  const limits: ConnectionLimits = {
    maxConnections: integer(env, 'MAX_CONNECTIONS', DEFAULT_CONNECTION_LIMITS.maxConnections, 1, 1_000_000),
    headersTimeoutMs: duration(env, 'HEADERS_TIMEOUT', DEFAULT_CONNECTION_LIMITS.headersTimeoutMs),
    requestTimeoutMs: duration(env, 'REQUEST_TIMEOUT', DEFAULT_CONNECTION_LIMITS.requestTimeoutMs),
  };
  // Node needs the head's deadline within the whole request's.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) throw new ConfigError('HEADERS_TIMEOUT', 'must not be longer than REQUEST_TIMEOUT');
  return limits;
}

function alertSettings(env: Env): Config['alerts'] {
  const rulesFile = optional(env, 'WAYBILL_ALERT_RULES') ?? null;
  let rules = DEFAULT_ALERT_RULES;
  if (rulesFile !== null) {
    let text: string;
    try {
      text = fs.readFileSync(rulesFile, 'utf8');
    } catch (error) {
      throw new ConfigError('WAYBILL_ALERT_RULES', `cannot read ${rulesFile}: ${(error as Error).message}`);
    }
    try {
      rules = parseAlertRules(text, path.basename(rulesFile));
    } catch (error) {
      if (error instanceof AlertRulesError) throw new ConfigError('WAYBILL_ALERT_RULES', error.message);
      throw error;
    }
  }
  return {
    rules,
    rulesFile,
    webhookUrl: urlWithoutCredentials(env, 'WAYBILL_ALERT_WEBHOOK'),
    intervalMs: duration(env, 'WAYBILL_ALERT_INTERVAL', 5_000),
  };
}

function traceUrlTemplate(env: Env, name: string): string | null {
  const text = optional(env, name);
  if (text === undefined) return null;
  if (!text.includes('{traceId}')) throw new ConfigError(name, `expected a URL with {traceId} in it, e.g. http://jaeger:16686/trace/{traceId}, got ${JSON.stringify(text)}`);
  httpUrl({ [name]: text.replaceAll('{traceId}', '0'.repeat(32)) }, name);
  return text;
}

/** A URL that may end up in logs and errors: credentials in it would be printed with it. */
function urlWithoutCredentials(env: Env, name: string): string | null {
  const url = httpUrl(env, name);
  if (url !== null && (new URL(url).username !== '' || new URL(url).password !== '')) {
    throw new ConfigError(name, 'must not carry credentials (user:password@): they would show in logs; use a receiver that takes a token in its path, or a relay on this network');
  }
  return url;
}

function token(env: Env, name: string): string | null {
  const value = optional(env, name);
  if (value === undefined) return null;
  if (!/^[\x21-\x7e]{16,512}$/.test(value)) {
    throw new ConfigError(name, 'expected a token of 16 to 512 printable characters without spaces (e.g. openssl rand -hex 32)');
  }
  return value;
}

function brokerList(text: string): string[] {
  const brokers = text.split(',').map((broker) => broker.trim()).filter(Boolean);
  for (const broker of brokers) {
    if (!/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(broker)) {
      throw new ConfigError('KAFKA_BROKERS', `expected host:port[,host:port…], got ${JSON.stringify(broker)}`);
    }
  }
  return brokers;
}

function syncMode(env: Env): SyncMode {
  const value = optional(env, 'SYNC')?.toLowerCase() ?? 'normal';
  if (!(SYNC_MODES as readonly string[]).includes(value)) {
    throw new ConfigError('SYNC', `expected ${SYNC_MODES.join(' or ')}, got ${JSON.stringify(env.SYNC)}`);
  }
  return value as SyncMode;
}
