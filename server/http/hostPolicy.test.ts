import { describe, expect, it } from 'vitest';
import { defaultAllowedHosts, isAllowedHost } from './hostPolicy';

describe('isAllowedHost', () => {
  it('answers the names the server is known by, with or without a port, and refuses a rebinding name', () => {
    const allowed = defaultAllowedHosts('127.0.0.1');
    for (const host of ['localhost:3000', '127.0.0.1:3000', 'LOCALHOST', '[::1]:3000']) expect(isAllowedHost(host, allowed), host).toBe(true);
    for (const host of ['evil.example:3000', 'evil.example', '', undefined]) expect(isAllowedHost(host, allowed), String(host)).toBe(false);
  });

  it('adds the addresses of every interface when listening on all of them, and names given in WAYBILL_ALLOWED_HOSTS', () => {
    const allowed = defaultAllowedHosts('0.0.0.0');
    expect(allowed).toContain('127.0.0.1');
    expect(allowed.length).toBeGreaterThan(3);
    expect(isAllowedHost('waybill.example.com', [...allowed, 'waybill.example.com'])).toBe(true);
  });
});
