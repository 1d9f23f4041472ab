import { describe, expect, it } from 'vitest';
import { alertFingerprint } from './alertFingerprint';

describe('alertFingerprint', () => {
  it('matches the signatures of the Prometheus model', () => {
    // The vectors of prometheus/common model/signature_test.go.
    expect(alertFingerprint({})).toBe('cbf29ce484222325');
    expect(alertFingerprint({ name: 'garland, briggs', fear: 'love is not enough' })).toBe(5799056148416392346n.toString(16));
  });

  it('does not depend on the order of the labels, and tells name from value', () => {
    expect(alertFingerprint({ a: 'b', c: 'd' })).toBe(alertFingerprint({ c: 'd', a: 'b' }));
    expect(alertFingerprint({ a: 'bb', b: 'c' })).not.toBe(alertFingerprint({ a: 'b', bb: 'c' }));
    expect(alertFingerprint({ x: 'y' })).toMatch(/^[0-9a-f]{16}$/);
  });
});
