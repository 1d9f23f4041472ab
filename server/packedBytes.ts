/**
 * Many small byte strings as one buffer and where each ends, so a batch crosses to or from
 * a worker thread as one transfer: posting views of larger buffers one by one would clone
 * each whole buffer behind them. Used by the simulator's thread and the log's writer.
 */
export interface PackedBytes {
  bytes: ArrayBuffer;
  /** Value i is `bytes[ends[i - 1] ?? 0, ends[i])`. */
  ends: Uint32Array;
}

export function packBytes(values: readonly Uint8Array[]): PackedBytes {
  const ends = new Uint32Array(values.length);
  let total = 0;
  for (let i = 0; i < values.length; i += 1) {
    total += values[i]!.byteLength;
    ends[i] = total;
  }
  const bytes = new Uint8Array(total);
  for (let i = 0; i < values.length; i += 1) bytes.set(values[i]!, i === 0 ? 0 : ends[i - 1]!);
  return { bytes: bytes.buffer, ends };
}

/** The values again, as views of the one buffer (no copy). */
export function unpackBytes({ bytes, ends }: PackedBytes): Buffer[] {
  const values: Buffer[] = new Array(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i += 1) {
    values[i] = Buffer.from(bytes, start, ends[i]! - start);
    start = ends[i]!;
  }
  return values;
}

/** What to list as transferred when posting `packed`. */
export function transferOf(packed: PackedBytes): ArrayBuffer[] {
  return [packed.bytes, packed.ends.buffer as ArrayBuffer];
}
