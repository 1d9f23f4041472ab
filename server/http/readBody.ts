import type { IncomingMessage } from 'node:http';
import { ApiError } from './apiError';

/**
 * Reads a request body up to `limit` bytes. A larger body is refused with 413 as soon as
 * it is known to be too large (from Content-Length, or while streaming); the rest of it
 * is drained unread so the client still gets the answer.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (error) => {
      if (!refused) reject(new ApiError('bad_request', `could not read the request body: ${error.message}`));
    });
  });
}

function tooLarge(limit: number): ApiError {
  return new ApiError('payload_too_large', `request body is over the limit of ${limit} bytes`);
}
