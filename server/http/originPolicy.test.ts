import { describe, expect, it } from 'vitest';
import { isAllowedOrigin, parseAllowedOrigins } from './originPolicy';

describe('isAllowedOrigin', () => {
  it("lets the server's own pages and the listed origins in, and no other page", () => {
    expect(isAllowedOrigin('http://127.0.0.1:3000', '127.0.0.1:3000', [])).toBe(true);
    expect(isAllowedOrigin('http://localhost:3000', 'LOCALHOST:3000', [])).toBe(true);
    expect(isAllowedOrigin('https://evil.example', '127.0.0.1:3000', [])).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:3001', '127.0.0.1:3000', [])).toBe(false);
    expect(isAllowedOrigin('https://portal.example.com', 'waybill:3000', ['https://portal.example.com'])).toBe(true);
    expect(isAllowedOrigin('null', '127.0.0.1:3000', [])).toBe(false);
  });

  it('leaves clients that are not browsers (no Origin) to their token', () => {
    expect(isAllowedOrigin(undefined, '127.0.0.1:3000', [])).toBe(true);
  });
});

describe('parseAllowedOrigins', () => {
  it('takes a comma list of origins and refuses anything else', () => {
    expect(parseAllowedOrigins('https://portal.example.com, http://wall.local:8080')).toEqual(['https://portal.example.com', 'http://wall.local:8080']);
    expect(parseAllowedOrigins('https://portal.example.com/path')).toMatchObject({ error: expect.stringContaining('scheme, host and port only') });
    expect(parseAllowedOrigins('portal.example.com')).toMatchObject({ error: expect.stringContaining('not an origin') });
  });
});
