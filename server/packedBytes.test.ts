import { describe, expect, it } from 'vitest';
import { packBytes, unpackBytes } from './packedBytes';

describe('packBytes', () => {
  it('gives back every value, empty ones and multi-byte text included, from views of one buffer', () => {
    const texts = ['{"a":1}', '', 'ü€😀', 'x'.repeat(5_000), ''];
    const packed = packBytes(texts.map((text) => Buffer.from(text)));
    expect(packed.bytes.byteLength).toBe(texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0));
    const values = unpackBytes(packed);
    expect(values.map((value) => value.toString('utf8'))).toEqual(texts);
    expect(values.every((value) => value.buffer === packed.bytes)).toBe(true);
    expect(unpackBytes(packBytes([]))).toEqual([]);
  });
});
