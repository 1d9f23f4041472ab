import { describe, expect, it } from 'vitest';
import { logSafeUrl } from './logSafeUrl';

describe('logSafeUrl', () => {
  it('replaces a token in the query, keeping the rest', () => {
    expect(logSafeUrl('/tv?window=5m&token=abcdef0123456789&rotate=30')).toBe('/tv?window=5m&token=[redacted]&rotate=30');
    expect(logSafeUrl('/tv?TOKEN=secret')).toBe('/tv?TOKEN=[redacted]');
    expect(logSafeUrl('/api/events?subject=token')).toBe('/api/events?subject=token');
    expect(logSafeUrl(undefined)).toBe('');
  });
});
