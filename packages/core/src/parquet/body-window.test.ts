// The sliding window over a snappy page body: every byte range a reader asks for, front to back,
// holds the block's bytes, whether values are small, larger than the window, or reached by back
// references further behind than the window keeps; and broken blocks fail with SnappyError.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { plainWindow, SnappyWindow, type BodyWindow } from './body-window.js';
import { SnappyError } from './snappy.js';
import { varint } from './snappy-fixtures.js';

const { compressSync } = createRequire(import.meta.url)('snappy') as { compressSync(input: Uint8Array): Buffer };

/** Reads `body` through `window` in steps of the given sizes, checking each against `expected`. */
function readAll(window: BodyWindow, expected: Uint8Array, step: (at: number) => number): void {
  for (let at = 0; at < expected.length; ) {
    const to = Math.min(expected.length, at + step(at));
    window.need(at, to);
    const got = window.bytes.subarray(at - window.base, to - window.base);
    if (!Buffer.from(got).equals(expected.subarray(at, to))) throw new Error(`bytes ${at}…${to} differ`);
    at = to;
  }
}

/** Pseudo-random 32-bit integers (xorshift32), the same from run to run. */
function xorshift(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

function jsonLines(count: number, pad = 0): Uint8Array {
  const parts: string[] = [];
  for (let row = 0; row < count; row++) parts.push(JSON.stringify({ row, email: `user${(row * 7919) % 10007}@example.com`, pad: 'p'.repeat(pad) }));
  return Buffer.from(parts.join('\n'));
}


/** A block of one literal of `prefix`, then a copy of its first `copy` bytes (an offset of `prefix.length`). */
function farReferenceBlock(prefix: Uint8Array, copy: number): { block: Uint8Array; body: Uint8Array } {
  const literalLength = prefix.length - 1;
  const literal = [(63 << 2) | 0, literalLength & 0xff, (literalLength >> 8) & 0xff, (literalLength >> 16) & 0xff, 0];
  const copies: number[] = [];
  for (let done = 0; done < copy; done += 64) {
    const length = Math.min(64, copy - done);
    const offset = prefix.length; // each copy reaches back to the same distance
    copies.push(((length - 1) << 2) | 3, offset & 0xff, (offset >> 8) & 0xff, (offset >> 16) & 0xff, 0);
  }
  const body = new Uint8Array(prefix.length + copy);
  body.set(prefix);
  for (let k = 0; k < copy; k++) body[prefix.length + k] = body[k]!;
  return { block: Uint8Array.from([...varint(body.length), ...literal, ...prefix, ...copies]), body };
}

describe('SnappyWindow', () => {
  it('gives back a multi-megabyte body read in small steps, through a window of a few hundred KiB', () => {
    const body = jsonLines(60_000);
    const window = new SnappyWindow(compressSync(body), body.length);
    readAll(window, body, (at) => 1 + (at % 97));
    expect(body.length).toBeGreaterThan(3_000_000);
    expect(window.bytes.length).toBeLessThanOrEqual(512 * 1024);
  });

  it('grows for values larger than the window, and slides again after them', () => {
    const body = jsonLines(2000, 3000);
    const window = new SnappyWindow(compressSync(body), body.length);
    readAll(window, body, (at) => (at % 3 === 0 ? 900_000 : 7));
  });

  it('stops where the reader stops: the rest of the block is not decompressed', () => {
    const body = jsonLines(60_000);
    const window = new SnappyWindow(compressSync(body), body.length);
    window.need(0, 1000);
    expect(window.end).toBeLessThan(body.length / 4);
  });

  it('decompresses again from the start when a back reference reaches past the kept history', () => {
    const prefix = jsonLines(20_000).subarray(0, 200_000);
    const { block, body } = farReferenceBlock(prefix, 5000);
    const window = new SnappyWindow(block, body.length);
    readAll(window, body, (at) => (at < 190_000 ? 50_000 : 100));
  });

  it('moves its copy of the compressed page forward a piece at a time, on blocks of incompressible bytes', () => {
    const random = xorshift(5);
    const body = Uint8Array.from({ length: 3_500_000 }, (_, index) => (index % 5000 < 4000 ? random() & 0xff : 32));
    const block = compressSync(body);
    expect(block.length).toBeGreaterThan(2 * 1024 * 1024);
    readAll(new SnappyWindow(block, body.length), body, (at) => 1 + (at % 4093));
  });

  it('takes a literal longer than its input piece', () => {
    // One literal of 1.5 MB (tag 63: a 4-byte length), then a copy of its last 64 bytes.
    const random = xorshift(9);
    const literal = Uint8Array.from({ length: 1_500_000 }, () => random() & 0xff);
    const length = literal.length - 1;
    const block = Uint8Array.from([
      ...varint(literal.length + 64),
      (63 << 2) | 0, length & 0xff, (length >> 8) & 0xff, (length >> 16) & 0xff, 0,
      ...literal,
      (63 << 2) | 2, 64, 0,
    ]);
    const body = new Uint8Array(literal.length + 64);
    body.set(literal);
    body.set(literal.subarray(literal.length - 64), literal.length);
    readAll(new SnappyWindow(block, body.length), body, () => 700_000);
  });

  it('refuses a block whose declared length is not the page header’s', () => {
    const body = jsonLines(100);
    expect(() => new SnappyWindow(compressSync(body), body.length + 1)).toThrow(SnappyError);
  });

  it('fails with SnappyError on a cut block and on a read past the body', () => {
    const body = jsonLines(60_000);
    const block = compressSync(body);
    const cut = new SnappyWindow(block.subarray(0, block.length >> 1), body.length);
    expect(() => cut.need(0, body.length)).toThrow(SnappyError);
    expect(() => new SnappyWindow(block, body.length).need(body.length - 10, body.length + 1)).toThrow(SnappyError);
  });

  it('fails with SnappyError on a copy reaching before the block', () => {
    const block = Uint8Array.from([...varint(20), (9 << 2) | 2, 50, 0, 0]);
    expect(() => new SnappyWindow(block, 20).need(0, 10)).toThrow(SnappyError);
  });
});

describe('plainWindow', () => {
  it('reads an uncompressed body and refuses to read past it', () => {
    const body = jsonLines(100);
    const window = plainWindow(body);
    readAll(window, body, () => 33);
    expect(() => window.need(body.length - 1, body.length + 1)).toThrow(SnappyError);
  });
});
