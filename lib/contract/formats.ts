import { FormatRegistry } from '@sinclair/typebox';

/*
 * The contract's two string formats, as code rather than patterns: they run on every
 * event (a pattern with alternation cost the fold about 6 %; these loops, a few
 * nanoseconds a character). formats.test.ts checks each against the regular expression
 * it stands for.
 */

/** JSON Schema's own format: an RFC 3986 URI-reference, as CloudEvents requires of `source`. */
export const URI_REFERENCE_FORMAT = 'uri-reference';
/** A dimension value shown on every chart: no control characters, no unpaired surrogates. */
export const LABEL_FORMAT = 'waybill-label';

/**
 * What each format means as a regular expression: how the published contract states the
 * label format (a format of Waybill's own, which other validators do not know), and what
 * formats.test.ts holds the loops to.
 */
export const URI_REFERENCE_PATTERN = "^(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@/?#\\[\\]]|%[0-9A-Fa-f]{2})+$";
export const LABEL_PATTERN = '^(?:[^\\u0000-\\u001f\\u007f\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])+$';

/** The characters RFC 3986 allows in a URI outside percent-encodings (unreserved, gen-delims, sub-delims). */
const URI_CHARACTER = new Uint8Array(128);
for (const character of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=") {
  URI_CHARACTER[character.charCodeAt(0)] = 1;
}
const PERCENT = 0x25;

function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/** The characters a URI may hold, `%` only as a percent-encoding: spaces, quotes, brackets and non-ASCII are out. */
export function isUriReference(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 128 && URI_CHARACTER[code] === 1) continue;
    if (code === PERCENT && isHexDigit(text.charCodeAt(i + 1)) && isHexDigit(text.charCodeAt(i + 2))) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

/** No C0 control character, no DEL, and every UTF-16 surrogate in a pair. */
export function isLabel(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
    if (code >= 0xd800 && code <= 0xdfff) {
      // A high surrogate followed by a low one is one character; anything else is not text.
      if (code > 0xdbff) return false;
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i += 1;
    }
  }
  return true;
}

FormatRegistry.Set(URI_REFERENCE_FORMAT, isUriReference);
FormatRegistry.Set(LABEL_FORMAT, isLabel);
