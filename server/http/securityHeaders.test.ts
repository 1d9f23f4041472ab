import { describe, expect, it } from 'vitest';
import { securityHeaders } from './securityHeaders';

const API = { tvFrameAncestors: "'self'", nonce: null, dev: false };

describe('securityHeaders', () => {
  it('sends nosniff and a referrer policy everywhere, with the framing of each page', () => {
    for (const pathname of ['/', '/api/events', '/tv', '/metrics']) {
      expect(securityHeaders(pathname, API)).toMatchObject({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' });
    }
    expect(securityHeaders('/tv', { ...API, tvFrameAncestors: 'https://portal.example.com' })['Content-Security-Policy']).toBe(
      'frame-ancestors https://portal.example.com',
    );
    expect(securityHeaders('/api/events', API)).toMatchObject({ 'Content-Security-Policy': "frame-ancestors 'none'", 'X-Frame-Options': 'DENY' });
  });

  it("gives a page a script policy with its nonce and without 'unsafe-inline' scripts, keeping its framing", () => {
    const page = securityHeaders('/events', { ...API, nonce: 'bm9uY2U=' })['Content-Security-Policy']!;
    const directives = new Map(page.split('; ').map((directive) => [directive.split(' ')[0], directive]));
    expect(directives.get('script-src')).toBe("script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
    expect(directives.get('object-src')).toBe("object-src 'none'");
    expect(directives.get('base-uri')).toBe("base-uri 'self'");
    expect(directives.get('frame-ancestors')).toBe("frame-ancestors 'none'");
    const wall = securityHeaders('/tv', { ...API, nonce: 'bm9uY2U=', tvFrameAncestors: 'https://portal.example.com' })['Content-Security-Policy']!;
    expect(wall).toContain('frame-ancestors https://portal.example.com');
    // Only Next's development server evaluates code.
    expect(securityHeaders('/', { ...API, nonce: 'x', dev: true })['Content-Security-Policy']).toContain("'unsafe-eval'");
    expect(page).not.toContain('unsafe-eval');
  });
});
