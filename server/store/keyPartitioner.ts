/*
 * Kafka's default partitioner (murmur2 of the key, made positive, modulo the partition
 * count), so a shipment lands on the same partition number in embedded and Kafka mode.
 */

const SEED = 0x9747b28c;
const MULTIPLIER = 0x5bd1e995;
const SHIFT = 24;

export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let hash = (SEED ^ length) | 0;
  const wholeWords = length >> 2;
  for (let word = 0; word < wholeWords; word += 1) {
    const at = word * 4;
    let k = data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24);
    k = Math.imul(k, MULTIPLIER);
    k ^= k >>> SHIFT;
    k = Math.imul(k, MULTIPLIER);
    hash = Math.imul(hash, MULTIPLIER);
    hash ^= k;
  }
  const tail = length & ~3;
  switch (length % 4) {
    case 3:
      hash ^= data[tail + 2]! << 16;
    // falls through
    case 2:
      hash ^= data[tail + 1]! << 8;
    // falls through
    case 1:
      hash ^= data[tail]!;
      hash = Math.imul(hash, MULTIPLIER);
  }
  hash ^= hash >>> 13;
  hash = Math.imul(hash, MULTIPLIER);
  hash ^= hash >>> 15;
  return hash;
}

const encoder = new TextEncoder();

export function partitionForKey(key: string | Uint8Array, partitionCount: number): number {
  const bytes = typeof key === 'string' ? encoder.encode(key) : key;
  return (murmur2(bytes) & 0x7fffffff) % partitionCount;
}
