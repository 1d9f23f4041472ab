import { ConfigError, httpUrl, optional, type Env } from '../environment';

export interface TracingOptions {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: a base URL; spans go to `${endpoint}/v1/traces`. */
  endpoint: string | null;
  /** OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: the full URL, used as is, ahead of `endpoint`. */
  tracesEndpoint?: string | null;
  /** OTEL_SERVICE_NAME; 'waybill' by default. */
  serviceName?: string;
  /**
   * WAYBILL_TRACE_SAMPLE_RATIO, 0..1 (default 0.01): the share of the traces the producer
   * sampled that Waybill records, decided from the trace id. Recording every sampled event
   * halves the fold's rate when most events are sampled (bench/telemetryCost.ts); a
   * hundredth keeps the cost to a few per cent even then.
   */
  sampleRatio?: number;
}

export const DEFAULT_TRACE_SAMPLE_RATIO = 0.01;

/** The tracing settings of the standard OTEL_* variables and Waybill's ratio, checked. */
export function tracingOptionsFromEnv(env: Env): TracingOptions {
  // The SDK's own kill switch: operators expect it to win over any endpoint.
  if (optional(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return { endpoint: null, tracesEndpoint: null };
  const serviceName = optional(env, 'OTEL_SERVICE_NAME');
  return {
    endpoint: httpUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT'),
    tracesEndpoint: httpUrl(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'),
    ...(serviceName === undefined ? {} : { serviceName }),
    sampleRatio: ratio(env, 'WAYBILL_TRACE_SAMPLE_RATIO', DEFAULT_TRACE_SAMPLE_RATIO),
  };
}

/** Where spans are posted, or null when no endpoint turns tracing on. */
export function tracesUrl(options: TracingOptions): string | null {
  if (options.tracesEndpoint) return options.tracesEndpoint;
  if (!options.endpoint) return null;
  return `${options.endpoint.replace(/\/+$/, '')}/v1/traces`;
}

function ratio(env: Env, name: string, fallback: number): number {
  const text = optional(env, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  // Number() also reads '0x1' and 'Infinity'; a ratio is written as a plain decimal.
  if (!/^\d*\.?\d+$/.test(text) || !(value >= 0 && value <= 1)) {
    throw new ConfigError(name, `expected a ratio from 0 to 1 such as 0.01, got ${JSON.stringify(text)}`);
  }
  return value;
}
