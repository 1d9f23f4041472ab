import type { IncomingMessage } from 'node:http';
import { ApiError } from './apiError';

/** Past this many bytes of an oversized body, the connection is cut instead of drained. */
const MAX_DRAINED_BYTES = 64 * 1024 * 1024;

/**
 * Reads a request body up to `limit` bytes. A larger body is refused with 413; the rest
 * of it is read and discarded first, because a client still sending when the answer
 * comes sees a broken pipe instead of the answer. A body far beyond any sense is cut off.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const declared = Number(req.headers['content-length']);
    let refused = Number.isFinite(declared) && declared > limit;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refused) {
        if (size > MAX_DRAINED_BYTES) req.destroy();
        return;
      }
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) reject(new ApiError('payload_too_large', `request body is over the limit of ${limit} bytes`));
      else resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (error) => reject(new ApiError('bad_request', `could not read the request body: ${error.message}`)));
    // A destroyed request (cut off, or the client gone) ends with close alone, never end:
    // without this the promise, and whatever waits on it, would never settle.
    req.on('close', () => {
      if (!req.readableEnded) reject(new ApiError(refused ? 'payload_too_large' : 'bad_request', refused ? `request body is over the limit of ${limit} bytes` : 'the request body did not arrive whole'));
    });
  });
}

/**
 * Reads and drops a body that will not be used (a refused request), so the client,
 * perhaps still sending, gets the answer rather than a broken pipe. Cut off past the
 * same bound as an oversized body.
 */
export function discardBody(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (req.readableEnded) return resolve();
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAINED_BYTES) req.destroy();
    });
    req.on('end', () => resolve());
    req.on('close', () => resolve());
    req.on('error', () => resolve());
  });
}
