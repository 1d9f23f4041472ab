const FNV_OFFSET_BASIS = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
// Prometheus separates names and values with a byte no UTF-8 text contains.
const SEPARATOR_BYTE = 0xff;

/**
 * The 16 hex digits Alertmanager identifies an alert by: FNV-1a 64 over the label set
 * sorted by name, each name and value followed by 0xff, as Prometheus' LabelSet.Fingerprint,
 * so a receiver sees the same fingerprint Prometheus would send for these labels.
 */
export function alertFingerprint(labels: Record<string, string>): string {
  const encoder = new TextEncoder();
  let hash = FNV_OFFSET_BASIS;
  const addByte = (byte: number) => {
    hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * FNV_PRIME);
  };
  for (const name of Object.keys(labels).sort()) {
    for (const text of [name, labels[name] ?? '']) {
      for (const byte of encoder.encode(text)) addByte(byte);
      addByte(SEPARATOR_BYTE);
    }
  }
  return hash.toString(16).padStart(16, '0');
}
