import { describe, expect, it } from 'vitest';
import { framingHeaders, isTvPath, parseFrameAncestors } from './framePolicy';

describe('framingHeaders', () => {
  it('lets the wall be framed by the configured ancestors and refuses frames everywhere else', () => {
    expect(framingHeaders('/tv', "'self' https://portal.example.com")).toEqual({
      'Content-Security-Policy': "frame-ancestors 'self' https://portal.example.com",
    });
    expect(framingHeaders('/tv/help', "'self'")['Content-Security-Policy']).toBe("frame-ancestors 'self'");
    expect(framingHeaders('/', "'self'")).toEqual({ 'Content-Security-Policy': "frame-ancestors 'none'", 'X-Frame-Options': 'DENY' });
    expect(framingHeaders('/tvguide', "*")['Content-Security-Policy']).toBe("frame-ancestors 'none'");
    expect(isTvPath('/events')).toBe(false);
  });
});

describe('parseFrameAncestors', () => {
  it('accepts keywords, schemes and origins', () => {
    expect(parseFrameAncestors("'self'  https://portal.example.com:8443 http://127.0.0.1:4000 https://*.example.org https:")).toBe(
      "'self' https://portal.example.com:8443 http://127.0.0.1:4000 https://*.example.org https:",
    );
  });

  it('refuses what could break out of the header or is not a source', () => {
    expect(parseFrameAncestors("'self'; script-src *")).toEqual({ error: expect.stringContaining('not a frame-ancestors source') });
    expect(parseFrameAncestors('https://a.example.com/path')).toEqual({ error: expect.stringContaining('/path') });
    expect(parseFrameAncestors('')).toEqual({ error: expect.stringContaining('expected') });
    expect(parseFrameAncestors("'none' 'self'")).toEqual({ error: expect.stringContaining("'none'") });
  });
});
