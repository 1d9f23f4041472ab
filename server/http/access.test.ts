import { describe, expect, it } from 'vitest';
import { bearerToken, decideAccess, type AccessTokens } from './access';

const open: AccessTokens = { ingest: null, viewer: null, operator: null };
const operatorOnly: AccessTokens = { ...open, operator: 'op-secret' };
const all: AccessTokens = { ingest: 'in-secret', viewer: 'view-secret', operator: 'op-secret' };

describe('decideAccess', () => {
  it('leaves everything open without tokens', () => {
    for (const action of ['ingest', 'read', 'operate'] as const) expect(decideAccess(open, action, null)).toBe('allowed');
  });

  it('guards replay with the operator token alone, leaving reads open until a viewer token is set', () => {
    expect(decideAccess(operatorOnly, 'operate', null)).toBe('unauthorized');
    expect(decideAccess(operatorOnly, 'operate', 'guess')).toBe('forbidden');
    expect(decideAccess(operatorOnly, 'operate', 'op-secret')).toBe('allowed');
    expect(decideAccess(operatorOnly, 'read', null)).toBe('allowed');
  });

  it('with every token set: reads take viewer or operator, replay only operator, ingest ingest or operator', () => {
    expect(decideAccess(all, 'read', null)).toBe('unauthorized');
    expect(decideAccess(all, 'read', 'view-secret')).toBe('allowed');
    expect(decideAccess(all, 'read', 'op-secret')).toBe('allowed');
    expect(decideAccess(all, 'read', 'in-secret')).toBe('forbidden');
    expect(decideAccess(all, 'operate', 'view-secret')).toBe('forbidden');
    expect(decideAccess(all, 'ingest', 'in-secret')).toBe('allowed');
    expect(decideAccess(all, 'ingest', 'view-secret')).toBe('forbidden');
  });

  it('guards /metrics with METRICS_TOKEN when set, else like a read; viewer and operator tokens scrape too', () => {
    expect(decideAccess(open, 'scrape', null)).toBe('allowed');
    expect(decideAccess({ ...open, viewer: 'view-secret' }, 'scrape', null)).toBe('unauthorized');
    expect(decideAccess({ ...open, viewer: 'view-secret' }, 'scrape', 'view-secret')).toBe('allowed');
    const withMetrics: AccessTokens = { ...all, metrics: 'metrics-secret' };
    expect(decideAccess(withMetrics, 'scrape', 'metrics-secret')).toBe('allowed');
    expect(decideAccess(withMetrics, 'scrape', 'view-secret')).toBe('allowed');
    expect(decideAccess(withMetrics, 'scrape', 'in-secret')).toBe('forbidden');
    expect(decideAccess({ ...open, metrics: 'metrics-secret' }, 'scrape', null)).toBe('unauthorized');
    // The metrics token reads nothing else.
    expect(decideAccess(withMetrics, 'read', 'metrics-secret')).toBe('forbidden');
  });

  it('reads a bearer token from the header', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
