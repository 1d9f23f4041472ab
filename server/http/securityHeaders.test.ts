import { describe, expect, it } from 'vitest';
import { securityHeaders } from './securityHeaders';

describe('securityHeaders', () => {
  it('sends nosniff and a referrer policy everywhere, with the framing of each page', () => {
    for (const pathname of ['/', '/api/events', '/tv', '/metrics']) {
      expect(securityHeaders(pathname, "'self'")).toMatchObject({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' });
    }
    expect(securityHeaders('/tv', 'https://portal.example.com')['Content-Security-Policy']).toBe('frame-ancestors https://portal.example.com');
    expect(securityHeaders('/events', "'self'")).toMatchObject({ 'Content-Security-Policy': "frame-ancestors 'none'", 'X-Frame-Options': 'DENY' });
  });
});
