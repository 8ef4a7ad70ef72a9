// The one snappy decoder: the committed binary is what its source assembles to; it stops where
// asked, leaves an element that does not fit (or reaches before the window) unread, reports how far
// back copies read; and the windows built on it refuse to be read once a newer one took the
// thread's memory. Blocks come from the `snappy` package's compressor.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { assembleWat } from '../../scripts/build-wasm.mjs';
import { SnappyWindow } from './body-window.js';
import { SNAPPY_STEP_WASM } from './snappy-wasm/snappy-step-binary.js';
import { identifierPage, mixedBytes } from './snappy-fixtures.js';
import { snappyLength, SnappyError, SnappyStop } from './snappy.js';
import { snappyDecompressInto, WasmSnappy } from './wasm-snappy.js';

const { compressSync } = createRequire(import.meta.url)('snappy') as { compressSync(input: Uint8Array): Buffer };

describe('snappy-step.wasm', () => {
  it('is what snappy-step.wat assembles to (run `npm run build:wasm -w @synctrack/core` after editing it)', async () => {
    expect(await assembleWat('parquet/snappy-wasm/', 'snappy-step.wat')).toBe(SNAPPY_STEP_WASM);
  });

  it('stops where asked, and on a full output region leaves the next element unread', () => {
    const data = Buffer.from('abcdefgh'.repeat(10_000));
    const wasm = new WasmSnappy();
    const block = compressSync(data);
    wasm.load(block, 1000);
    const progress = { pos: 3, out: 0 }; // past the 3-byte length header of 80,000
    expect(wasm.step(progress, 100)).toBe(SnappyStop.Reached);
    expect(progress.out).toBeGreaterThanOrEqual(100);
    expect(wasm.step(progress, 80_000)).toBe(SnappyStop.NoRoom);
    expect(progress.out).toBeLessThanOrEqual(1000);
    expect(Buffer.from(wasm.output().subarray(0, progress.out)).equals(data.subarray(0, progress.out))).toBe(true);
  });

  it('gives back every block in pieces, in and out of its fast path, whatever the targets and windows', () => {
    // Random targets and windows: the fast path must hand every stop (target reached, a copy
    // before the window) to the checked loop at an element boundary, so that the next call resumes.
    let state = 11;
    const next = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0);
    let farStops = 0;
    for (const data of [identifierPage(20_000, 3), mixedBytes(5, 120_000), mixedBytes(8, 9_000)]) {
      const block = compressSync(data);
      const wasm = new WasmSnappy();
      wasm.load(block, data.length);
      const progress = { pos: snappyLength(block).start, out: 0 };
      while (progress.out < data.length) {
        const outEnd = Math.min(data.length, progress.out + 1 + (next() % 4000));
        const windowStart = Math.max(0, progress.out - (next() % 3000));
        const stop = wasm.step(progress, outEnd, windowStart);
        if (stop === SnappyStop.FarReference) {
          farStops++;
          expect(wasm.step(progress, outEnd)).toBe(SnappyStop.Reached);
        } else expect(stop).toBe(SnappyStop.Reached);
      }
      expect(progress.pos).toBe(block.length);
      expect(Buffer.from(wasm.output().subarray(0, data.length)).equals(Buffer.from(data))).toBe(true);
    }
    expect(farStops).toBeGreaterThan(20);
  });

  it('lowers `reach` to the earliest byte a copy read from, stretch by stretch', () => {
    const data = Buffer.from('0123456789'.repeat(10_000));
    const block = compressSync(data);
    const wasm = new WasmSnappy();
    wasm.load(block, data.length);
    const progress = { pos: snappyLength(block).start, out: 0, reach: Number.POSITIVE_INFINITY };
    expect(wasm.step(progress, 5)).toBe(SnappyStop.Reached);
    expect(progress.reach).toBe(Number.POSITIVE_INFINITY);
    expect(wasm.step(progress, data.length)).toBe(SnappyStop.Reached);
    expect(progress.reach).toBeGreaterThanOrEqual(0);
    expect(progress.reach).toBeLessThan(10);
  });

  it('continues into output that holds earlier stretches, which its copies may read', () => {
    const data = mixedBytes(6, 200_000);
    const block = compressSync(data);
    // The first stretch, to an element boundary past 100,000 bytes.
    const wasm = new WasmSnappy();
    wasm.load(block, data.length);
    const progress = { pos: snappyLength(block).start, out: 0 };
    expect(wasm.step(progress, 100_000)).toBe(SnappyStop.Reached);
    const output = new Uint8Array(data.length);
    output.set(data.subarray(0, progress.out));
    expect(snappyDecompressInto(block, progress.pos, output, progress.out)).toBe(block.length);
    expect(Buffer.from(output).equals(Buffer.from(data))).toBe(true);
  });

  it('throws SnappyError for an offset of 0 met on its fast path', () => {
    const data = identifierPage(2_000, 4);
    const block = Uint8Array.from(compressSync(data));
    const { start } = snappyLength(block);
    // The first 2-byte-offset copy well inside the block: zero its offset.
    let pos = start;
    for (;;) {
      const tag = block[pos]!;
      if ((tag & 3) === 0) pos += 1 + (tag >> 2) + 1 + Math.max(0, (tag >> 2) + 1 - 60);
      else if ((tag & 3) === 2 && pos > 1000) break;
      else pos += (tag & 3) === 1 ? 2 : (tag & 3) === 2 ? 3 : 5;
    }
    block[pos + 1] = 0;
    block[pos + 2] = 0;
    const wasm = new WasmSnappy();
    wasm.load(block, data.length);
    expect(() => wasm.step({ pos: start, out: 0 }, data.length)).toThrow(SnappyError);
    expect(() => wasm.step({ pos: start, out: 0 }, data.length)).toThrow(/offset 0/);
  });
});

describe('SnappyWindow', () => {
  it('refuses to be read after a newer window opened on the same thread', () => {
    const data = Buffer.from('x'.repeat(1000));
    const first = new SnappyWindow(compressSync(data), data.length);
    first.need(0, 10);
    const second = new SnappyWindow(compressSync(data), data.length);
    second.need(0, 1000);
    expect(() => first.bytes).toThrow(/newer one/);
    expect(second.bytes.length).toBe(1000);
  });
});
