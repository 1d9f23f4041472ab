import { fingerprint, fingerprintOfPair } from '../server/pipeline/fingerprint';
import { FingerprintIndex } from '../server/pipeline/fingerprintIndex';

/*
 * The idempotency keys' fingerprints at 100 million keys: every key shaped as producers
 * send them ((source, id) pairs: a few hundred sources, counters and hex ids), all
 * distinct, all fingerprinted into one index. A collision is a key whose fingerprint is
 * already there. For uniform 64-bit values the expected number is n² / 2^65, about
 * 0.00027 at 100 million: any collision here would mean the hash is far from uniform.
 *
 * The pipeline's own exposure is far smaller than this test's: a key is compared only
 * with the keys of its own shipment (tens), not with every key retained.
 */

const SOURCES = ['AMS-3', 'RTM-1', 'FRA-1', 'JFK-2', 'SIN-1', 'LHR-4'].flatMap((hub) =>
  Array.from({ length: 48 }, (_, scanner) => `/hubs/${hub}/scanner-${scanner + 1}`),
);

export function runFingerprintCollisionBenchmark(keys = Number(process.env.BENCH_FINGERPRINT_KEYS ?? 100_000_000)) {
  const index = new FingerprintIndex();
  let collisions = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < keys; i += 1) {
    const source = SOURCES[i % SOURCES.length]!;
    const id = i % 2 === 0 ? `${(i / 2).toString(36)}-${i % 7}` : `evt-${i.toString(16).padStart(12, '0')}`;
    fingerprintOfPair(source, id);
    const before = index.size;
    index.set(fingerprint[0]!, fingerprint[1]!, 0);
    if (index.size === before) collisions += 1;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    benchmark: 'fingerprint-collisions',
    keys,
    collisions,
    expectedForUniform64Bit: Number(((keys * keys) / 2 ** 65).toExponential(2)),
    indexBytesPerKey: Number((index.byteLength / keys).toFixed(1)),
    keysPerSecond: Math.round(keys / seconds),
  };
}

if (require.main === module) process.stdout.write(`${JSON.stringify(runFingerprintCollisionBenchmark())}\n`);
