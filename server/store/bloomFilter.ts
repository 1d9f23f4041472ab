/*
 * A Bloom filter of about 10 bits per key and 7 probes (under 1 % false positives), with
 * double hashing over two FNV-style hashes: whether a block of the event index may hold a
 * subject, answered without reading the block.
 */
const BITS_PER_KEY = 10;
const PROBES = 7;

export function createBloom(keys: number): Uint8Array {
  return new Uint8Array(Math.max(8, Math.ceil((Math.max(1, keys) * BITS_PER_KEY) / 8)));
}

function hashes(key: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < key.length; i += 1) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return [h1 >>> 0, (h2 | 1) >>> 0];
}

export function addToBloom(bloom: Uint8Array, key: string): void {
  const bits = bloom.length * 8;
  const [h1, h2] = hashes(key);
  for (let i = 0; i < PROBES; i += 1) {
    const bit = (h1 + i * h2) % bits;
    bloom[bit >>> 3]! |= 1 << (bit & 7);
  }
}

export function bloomMayHave(bloom: Uint8Array, key: string): boolean {
  const bits = bloom.length * 8;
  const [h1, h2] = hashes(key);
  for (let i = 0; i < PROBES; i += 1) {
    const bit = (h1 + i * h2) % bits;
    if ((bloom[bit >>> 3]! & (1 << (bit & 7))) === 0) return false;
  }
  return true;
}
