import { PassThrough } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { readBody } from './readBody';

/** A request body as a stream, with the headers readBody looks at. */
function request(headers: Record<string, string> = {}) {
  const stream = new PassThrough() as unknown as IncomingMessage & PassThrough;
  (stream as { headers: Record<string, string> }).headers = headers;
  return stream;
}

describe('readBody', () => {
  it('reads a body whole', async () => {
    const req = request();
    const body = readBody(req, 100);
    req.end('{"a":1}');
    expect((await body).toString()).toBe('{"a":1}');
  });

  it('settles when the request is destroyed before its end, so nothing waiting on it hangs', async () => {
    const req = request();
    const body = readBody(req, 100);
    req.write('{"a":');
    req.destroy();
    await expect(body).rejects.toThrow(/did not arrive whole/);
  });

  it('refuses a body over the limit with 413, also when the request is cut off', async () => {
    const req = request({ 'content-length': '1000' });
    const body = readBody(req, 100);
    req.write(Buffer.alloc(200));
    req.destroy();
    await expect(body).rejects.toMatchObject({ status: 413 });
  });
});
