import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decompressSnappyBlock, snappyBackend } from './snappy-block.js';
import { SnappyError } from './snappy.js';

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

  it('uses the native decoder on this machine', () => {
    expect(snappyBackend()).toBe('native');
  });

  it.each(['native', 'javascript'] as const)('%s: gives back the exact bytes', (backend) => {
    expect(Buffer.from(decompressSnappyBlock(block, plain.length, { backend })).equals(plain)).toBe(true);
  });

  it.each(['native', 'javascript'] as const)('%s: refuses a size that differs from the declared one', (backend) => {
    expect(() => decompressSnappyBlock(block, plain.length + 1, { backend })).toThrow(SnappyError);
  });

  it.each(['native', 'javascript'] as const)('%s: a corrupt block throws SnappyError, not a raw error', (backend) => {
    const corrupt = Uint8Array.from(block);
    // Keep the length header, scramble the elements.
    for (let at = 8; at < corrupt.length; at += 3) corrupt[at] = 0xff;
    expect(() => decompressSnappyBlock(corrupt, plain.length, { backend })).toThrow(SnappyError);
    expect(() => decompressSnappyBlock(block.subarray(0, block.length >> 1), plain.length, { backend })).toThrow(SnappyError);
  });
});
