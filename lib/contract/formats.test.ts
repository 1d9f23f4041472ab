import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLabel, isUriReference, LABEL_PATTERN, URI_REFERENCE_PATTERN } from './formats';

// What each format stands for, as a regular expression: the loops must agree with it.
const URI_REFERENCE = new RegExp(URI_REFERENCE_PATTERN);
const LABEL = new RegExp(LABEL_PATTERN);

/** Strings near the edges: URI characters, percent signs and hex digits, controls, surrogate halves, other Unicode. */
const edgyText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('%', 'a', 'F', '9', 'g', '/', ' ', '"', '<', '{', '\u0000', '\u001f', '\u007f', '\ud800', '\udbff', '\udc00', '\udfff', 'é', '東'),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
});

describe('the contract formats', () => {
  it('take a URI-reference exactly as RFC 3986 characters with percent-encodings', () => {
    expect(isUriReference('/hubs/AMS-3/scanner-12')).toBe(true);
    expect(isUriReference('scanner%20%2f')).toBe(true);
    expect(isUriReference('/100%')).toBe(false);
    expect(isUriReference('')).toBe(false);
    fc.assert(fc.property(edgyText, (text) => isUriReference(text) === URI_REFERENCE.test(text)), { numRuns: 20_000, seed: 11 });
  });

  it('take a label exactly when it holds no control character and no unpaired surrogate', () => {
    expect(isLabel('Post Zürich 😀')).toBe(true);
    expect(isLabel('a\u0000b')).toBe(false);
    expect(isLabel('\ud83d')).toBe(false);
    expect(isLabel('')).toBe(false);
    fc.assert(fc.property(edgyText, (text) => isLabel(text) === LABEL.test(text)), { numRuns: 20_000, seed: 12 });
  });
});
