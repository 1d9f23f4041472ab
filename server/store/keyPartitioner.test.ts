import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './keyPartitioner';

const require = createRequire(import.meta.url);
// kafkajs's own murmur2, the one its DefaultPartitioner uses: the reference to agree with.
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (key: Buffer) => number;

describe('partitionForKey', () => {
  it('agrees with kafkajs murmur2 for keys of every tail length', () => {
    const keys = ['', 'a', 'ab', 'abc', 'abcd', 'SHP-000123', 'shipment-ünïcode-✓', '21', '2187'];
    for (const key of keys) expect(murmur2(Buffer.from(key))).toBe(kafkajsMurmur2(Buffer.from(key)));
  });

  it('spreads shipments over all partitions and keeps each one on its partition', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200; i += 1) seen.add(partitionForKey(`SHP-${i}`, 8));
    expect(seen.size).toBe(8);
    expect(partitionForKey('SHP-42', 8)).toBe(partitionForKey('SHP-42', 8));
  });
});
