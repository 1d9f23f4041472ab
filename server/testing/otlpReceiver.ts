import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

/** One span as a test wants it: ids in lowercase hex, attributes as plain values. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** null for a root span. */
  parentSpanId: string | null;
  name: string;
  attributes: Record<string, string | number | boolean>;
  /** Decimal strings: nanoseconds since the epoch do not fit a double. */
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  serviceName: string | null;
}

export interface OtlpReceiver {
  /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it. */
  url: string;
  /** Every span received so far, in arrival order. */
  spans: ReceivedSpan[];
  /** Resolves with the spans once `predicate` holds for them; rejects after `timeoutMs` saying what did arrive. */
  waitForSpans(predicate: (spans: ReceivedSpan[]) => boolean, timeoutMs: number): Promise<ReceivedSpan[]>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

interface Waiter {
  predicate: (spans: ReceivedSpan[]) => boolean;
  resolve: (spans: ReceivedSpan[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * A stand-in OpenTelemetry collector for tests: OTLP/HTTP with JSON bodies on POST
 * /v1/traces, on a free port of 127.0.0.1. Protobuf is refused with 415 rather than
 * misread, so a test wired to the wrong exporter fails saying so.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const waiters = new Set<Waiter>();

  function settleWaiters(): void {
    for (const waiter of waiters) {
      let satisfied: boolean;
      try {
        satisfied = waiter.predicate(spans);
      } catch (error) {
        // A throwing predicate fails its test, not the receiver.
        waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.reject(error as Error);
        continue;
      }
      if (!satisfied) continue;
      waiters.delete(waiter);
      clearTimeout(waiter.timer);
      waiter.resolve(spans);
    }
  }

  const server = http.createServer((request, response) => {
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.url?.split('?')[0] !== '/v1/traces') return answer(404, { message: `only /v1/traces is served here, not ${request.url}` });
    if (request.method !== 'POST') return answer(405, { message: 'OTLP/HTTP takes POST' });
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== 'application/json') {
      request.resume();
      return answer(415, {
        message: `this test receiver reads OTLP/HTTP JSON only (content-type application/json), got ${JSON.stringify(contentType)}; protobuf needs a real collector`,
      });
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (bytes > MAX_BODY_BYTES) return answer(413, { message: `body over ${MAX_BODY_BYTES} bytes` });
      let received: ReceivedSpan[];
      try {
        const body = decodeBody(Buffer.concat(chunks), request.headers['content-encoding']);
        received = flattenExportRequest(JSON.parse(body.toString('utf8')));
      } catch (error) {
        return answer(400, { message: `not an OTLP JSON trace export: ${(error as Error).message}` });
      }
      spans.push(...received);
      // Recorded before the answer, so an exporter's flush resolving means the spans are here.
      settleWaiters();
      answer(200, {});
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    waitForSpans(predicate, timeoutMs) {
      if (predicate(spans)) return Promise.resolve(spans);
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            reject(new Error(`spans not received within ${timeoutMs} ms; got ${spans.length}: ${describe(spans)}`));
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },
    close() {
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error('OTLP receiver closed while waiting for spans'));
      }
      waiters.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Exporters keep their connections alive; close would wait for them otherwise.
        server.closeAllConnections();
      });
    },
  };
}

function decodeBody(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === undefined || encoding === 'identity') return body;
  if (encoding === 'gzip') return zlib.gunzipSync(body);
  throw new Error(`unsupported content-encoding ${encoding}`);
}

interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}
interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number | string;
  bytesValue?: string;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: OtlpKeyValue[];
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
}
interface OtlpExportRequest {
  resourceSpans?: { resource?: { attributes?: OtlpKeyValue[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

/** resourceSpans → scopeSpans → spans, flattened, with the resource's service.name on each. */
export function flattenExportRequest(request: OtlpExportRequest): ReceivedSpan[] {
  if (typeof request !== 'object' || request === null || !Array.isArray(request.resourceSpans)) throw new Error('no resourceSpans array');
  const flat: ReceivedSpan[] = [];
  for (const resourceSpans of request.resourceSpans) {
    const resourceAttributes = toAttributes(resourceSpans.resource?.attributes);
    const serviceName = typeof resourceAttributes['service.name'] === 'string' ? resourceAttributes['service.name'] : null;
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        flat.push({
          traceId: toHexId(span.traceId, 16),
          spanId: toHexId(span.spanId, 8),
          parentSpanId: span.parentSpanId ? toHexId(span.parentSpanId, 8) : null,
          name: span.name,
          attributes: toAttributes(span.attributes),
          startTimeUnixNano: toNanos(span.startTimeUnixNano),
          endTimeUnixNano: toNanos(span.endTimeUnixNano),
          serviceName,
        });
      }
    }
  }
  return flat;
}

/**
 * OTLP/JSON says ids are hex, but protobuf-JSON mappings (and older exporters) send
 * base64; the lengths tell them apart (32 or 16 hex digits, 24 or 12 base64 characters).
 */
function toHexId(id: string, bytes: number): string {
  if (id.length === bytes * 2 && /^[0-9a-fA-F]+$/.test(id)) return id.toLowerCase();
  const decoded = Buffer.from(id, 'base64');
  if (decoded.length !== bytes) throw new Error(`id ${JSON.stringify(id)} is neither ${bytes * 2} hex digits nor ${bytes} bytes of base64`);
  return decoded.toString('hex');
}

function toNanos(value: string | number): string {
  // Exact for a string; a number has already lost what a double cannot hold.
  return BigInt(typeof value === 'number' ? Math.round(value) : value).toString();
}

function toAttributes(keyValues: OtlpKeyValue[] | undefined): Record<string, string | number | boolean> {
  const attributes: Record<string, string | number | boolean> = {};
  for (const { key, value } of keyValues ?? []) attributes[key] = toPlainValue(value ?? {});
  return attributes;
}

function toPlainValue(value: OtlpAnyValue): string | number | boolean {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  // int64 may arrive as a string (protobuf-JSON); tests compare numbers.
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.bytesValue !== undefined) return value.bytesValue;
  // Arrays and maps have no plain form; JSON keeps them comparable.
  return JSON.stringify(value.arrayValue ?? value.kvlistValue ?? null);
}

function describe(spans: ReceivedSpan[]): string {
  const shown = spans.slice(-20).map((span) => `${span.name}@${span.traceId.slice(0, 8)}`);
  return spans.length > 20 ? `…, ${shown.join(', ')}` : shown.join(', ') || 'none';
}
