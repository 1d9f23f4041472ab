import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';

/** What a line may carry besides its message: a trace id, coordinates, counts. Never an event's payload. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/**
 * Structured logs: one JSON line per message on stderr (stdout stays free for what
 * scripts read), with level, time, component and, where there is one, the trace id.
 * `npm run dev` prints them human-readable instead.
 */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, error?: unknown, fields?: LogFields): void;
  error(message: string, error?: unknown, fields?: LogFields): void;
  /** The same log for one part of the server: its lines name the component. */
  child(component: string): Logger;
}

export interface LoggerOptions {
  /** `json` (the default in production) or `pretty` (the default otherwise; needs the dev dependency pino-pretty). */
  format?: 'json' | 'pretty';
  level?: string;
  /** Where lines go; stderr unless a test captures them. */
  destination?: DestinationStream;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function createLogger(component: string, options: LoggerOptions = {}): Logger {
  const env = process.env;
  const format = options.format ?? (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty' ? env.LOG_FORMAT : env.NODE_ENV === 'production' ? 'json' : 'pretty');
  const requestedLevel = options.level ?? env.LOG_LEVEL ?? 'info';
  const level = LEVELS.includes(requestedLevel) ? requestedLevel : 'info';
  const root = pino(
    {
      level,
      // The component is written with each line (see wrap): a child's binding would repeat the key.
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? destinationFor(format),
  );
  return wrap(root, component);
}

function destinationFor(format: 'json' | 'pretty'): DestinationStream {
  if (format === 'pretty') {
    try {
      // A dev dependency: a production install may not have it, and then JSON it is.
      const pretty = createRequire(__filename)('pino-pretty') as (options: object) => DestinationStream;
      return pretty({ destination: 2, sync: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l', messageKey: 'msg' });
    } catch {
      // fall through
    }
  }
  return pino.destination({ dest: 2, sync: true });
}

function wrap(logger: PinoLogger, component: string): Logger {
  const withError = (error: unknown, fields: LogFields | undefined) => {
    if (error === undefined) return { component, ...fields };
    return { component, ...fields, err: error instanceof Error ? error : new Error(String(error)) };
  };
  return {
    info: (message, fields) => logger.info({ component, ...fields }, message),
    warn: (message, error, fields) => logger.warn(withError(error, fields), message),
    error: (message, error, fields) => logger.error(withError(error, fields), message),
    child: (child) => wrap(logger, child),
  };
}
