import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decompressSnappyBlock } from './snappy-block.js';
import { SnappyError } from './snappy.js';
import { mixedBytes, varint } from './snappy-fixtures.js';

const { compressSync } = createRequire(import.meta.url)('snappy') as { compressSync(input: Uint8Array): Buffer };

// Text shaped like the pages the reader decompresses: length-prefixed values, repeated keys.
function pageLike(rows: number): Uint8Array {
  const parts: Buffer[] = [];
  for (let row = 0; row < rows; row++) {
    const value = Buffer.from(JSON.stringify({ id: 1_000_000 + row * 7919, email: `user${row % 97}@example.com`, plan: row % 3 ? 'pro' : 'free' }));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(value.length);
    parts.push(length, value);
  }
  return Buffer.concat(parts);
}

describe('decompressSnappyBlock', () => {
  const plain = pageLike(5000);
  const block = compressSync(plain);

  it('gives back the exact bytes', () => {
    expect(Buffer.from(decompressSnappyBlock(block, plain.length)).equals(plain)).toBe(true);
  });

  it('gives back blocks of every shape', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const data = mixedBytes(seed, seed * 997 + (seed % 5) * 70_000);
      const compressed = compressSync(data);
      const out = decompressSnappyBlock(compressed, data.length);
      expect(Buffer.from(out).equals(Buffer.from(data)), `seed ${seed}`).toBe(true);
    }
  });

  it('damaged blocks decompress to some bytes or throw SnappyError, never another error', () => {
    const data = mixedBytes(7, 50_000);
    const compressed = compressSync(data);
    let state = 99;
    const next = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0);
    let failures = 0;
    for (let trial = 0; trial < 300; trial++) {
      const damaged = Uint8Array.from(compressed.subarray(0, trial % 3 === 0 ? next() % compressed.length : compressed.length));
      for (let flips = 0; flips < 3; flips++) damaged[4 + (next() % (damaged.length - 4))] = next() & 0xff;
      try {
        decompressSnappyBlock(damaged, data.length);
      } catch (error) {
        expect(error, `trial ${trial}`).toBeInstanceOf(SnappyError);
        failures++;
      }
    }
    expect(failures).toBeGreaterThan(100);
  });

  it('reads long literal lengths and 4-byte copy offsets', () => {
    // A literal of 70,000 bytes (tag 62: 3-byte length), then a 64-byte copy from 70,000 back (tag type 3).
    const literal = mixedBytes(3, 70_000);
    const length = literal.length - 1;
    const bytes = [...varint(70_064), (62 << 2) | 0, length & 0xff, (length >> 8) & 0xff, (length >> 16) & 0xff, ...literal, (63 << 2) | 3, 70_000 & 0xff, (70_000 >> 8) & 0xff, 70_000 >> 16, 0];
    const out = decompressSnappyBlock(Uint8Array.from(bytes), 70_064);
    expect(Buffer.from(out.subarray(0, 70_000)).equals(Buffer.from(literal))).toBe(true);
    expect(Buffer.from(out.subarray(70_000)).equals(Buffer.from(literal.subarray(0, 64)))).toBe(true);
  });

  it('refuses a size that differs from the declared one', () => {
    expect(() => decompressSnappyBlock(block, plain.length + 1)).toThrow(SnappyError);
  });

  it('a corrupt block throws SnappyError, not a raw error', () => {
    const corrupt = Uint8Array.from(block);
    // Keep the length header, scramble the elements.
    for (let at = 8; at < corrupt.length; at += 3) corrupt[at] = 0xff;
    expect(() => decompressSnappyBlock(corrupt, plain.length)).toThrow(SnappyError);
    expect(() => decompressSnappyBlock(block.subarray(0, block.length >> 1), plain.length)).toThrow(SnappyError);
    expect(() => decompressSnappyBlock(Uint8Array.from([...block, 0]), plain.length)).toThrow(/after its end/);
  });
});

