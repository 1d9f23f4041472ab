/*
 * 64-bit fingerprints of strings, as two 32-bit halves, so that per-event state can be
 * kept in typed arrays instead of one string per event.
 *
 * Each half is its own hash of the UTF-16 code units (a multiply-xor step per unit with
 * different constants and seeds), finished with MurmurHash3's fmix32 avalanche and a
 * cross of the two halves. For n distinct inputs compared pairwise, the chance that any
 * two share a fingerprint is at most n² / 2^65 (the birthday bound for a uniform 64-bit
 * value); fingerprint.test.ts checks that each half collides as often as a uniform 32-bit
 * value would and no more, and that the whole fingerprint holds 10 million keys apart.
 */

/** Where the last fingerprint is written: [high, low]. Read it before the next call. */
export const fingerprint = new Uint32Array(2);

function fmix32(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

let high = 0;
let low = 0;

function mix(text: string): void {
  let h = high;
  let l = low;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    h = Math.imul(h ^ unit, 0x01000193);
    l = Math.imul((l + unit) ^ (l >>> 15), 0x2c1b3c6d);
  }
  high = h;
  low = l;
}

function finish(length: number): void {
  const h = fmix32(high ^ length);
  const l = fmix32(low ^ Math.imul(length, 0x9e3779b1));
  fingerprint[0] = h ^ fmix32(l + 0x6a09e667);
  fingerprint[1] = l ^ fmix32(h + 0xbb67ae85);
}

/** The fingerprint of one string, into `fingerprint`. */
export function fingerprintOf(text: string): void {
  high = 0x811c9dc5;
  low = 0x3c6ef372;
  mix(text);
  finish(text.length);
}

/**
 * The fingerprint of a pair, into `fingerprint`. The first string's length is hashed
 * before its units, so ("ab", "c") and ("a", "bc") are different inputs.
 */
export function fingerprintOfPair(first: string, second: string): void {
  high = Math.imul(0x811c9dc5 ^ first.length, 0x01000193);
  low = Math.imul(0x3c6ef372 + first.length, 0x2c1b3c6d);
  mix(first);
  mix(second);
  finish(first.length + second.length);
}
