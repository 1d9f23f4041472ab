import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** Connections open at once; one more gets a 503 and is closed. */
  maxConnections: number;
  /** Time to receive a request's head. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, head and body: a client trickling bytes is cut off. */
  requestTimeoutMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxConnections: 10_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
};

const REFUSAL_BODY = JSON.stringify({ error: { code: 'unavailable', message: 'too many connections to this server; retry after the time in Retry-After' } });
const REFUSAL =
  'HTTP/1.1 503 Service Unavailable\r\n' +
  'Content-Type: application/json; charset=utf-8\r\n' +
  `Content-Length: ${Buffer.byteLength(REFUSAL_BODY)}\r\n` +
  'Retry-After: 1\r\n' +
  'Connection: close\r\n\r\n' +
  REFUSAL_BODY;

/**
 * Node's defaults let a request take 300 s to arrive and connections pile up without
 * limit: a client that sends a byte a second holds a connection for minutes. Here a
 * request must arrive within seconds, and past the cap a connection gets a plain 503 (not
 * a silent close) so the client knows to come back.
 */
export function applyConnectionLimits(server: Server, limits: ConnectionLimits): { open: () => number } {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    if (sockets.size >= limits.maxConnections) {
      // Paused first, so no request on it is parsed and served while the refusal goes out.
      socket.pause();
      socket.end(REFUSAL, () => socket.destroy());
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return { open: () => sockets.size };
}
