/*
 * A Bloom filter of about 10 bits per key and 7 probes (under 1 % false positives), with
 * double hashing over two FNV-style hashes of the key's UTF-16 code units: whether a block
 * of the event index may hold a subject, answered without reading the block. Keys are added
 * from the code units the block holds (no string is made for them), and looked up by string.
 * A probe's bit is its 32-bit hash scaled to the filter's size (multiply and shift), not a
 * remainder: the sum of two hashes passes 2^32, where `%` is a floating-point remainder.
 */
const BITS_PER_KEY = 10;
const PROBES = 7;

export function createBloom(keys: number): Uint8Array {
  return new Uint8Array(Math.max(8, Math.ceil((Math.max(1, keys) * BITS_PER_KEY) / 8)));
}

// The two hashes of the last key, kept here so that hashing allocates nothing.
let first = 0;
let second = 0;

function hash(units: ArrayLike<number>, start: number, end: number): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = start; i < end; i += 1) {
    const c = units[i]!;
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  first = h1 >>> 0;
  second = (h2 | 1) >>> 0;
}

/** The bit of probe i of the last key hashed, in a filter of `bits` bits. */
function probe(i: number, bits: number): number {
  return Math.floor((((first + Math.imul(i, second)) >>> 0) * bits) / 4_294_967_296);
}

/** Adds the key held as units[start, end). */
export function addUnitsToBloom(bloom: Uint8Array, units: ArrayLike<number>, start: number, end: number): void {
  const bits = bloom.length * 8;
  hash(units, start, end);
  for (let i = 0; i < PROBES; i += 1) {
    const bit = probe(i, bits);
    bloom[bit >>> 3]! |= 1 << (bit & 7);
  }
}

function unitsOf(key: string): Uint16Array {
  const units = new Uint16Array(key.length);
  for (let i = 0; i < key.length; i += 1) units[i] = key.charCodeAt(i);
  return units;
}

export function bloomMayHave(bloom: Uint8Array, key: string): boolean {
  const bits = bloom.length * 8;
  hash(unitsOf(key), 0, key.length);
  for (let i = 0; i < PROBES; i += 1) {
    const bit = probe(i, bits);
    if ((bloom[bit >>> 3]! & (1 << (bit & 7))) === 0) return false;
  }
  return true;
}
