// The WebAssembly snappy module: the committed binary is what its source assembles to, and the
// windows built on it refuse to be read once a newer one took the thread's memory.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { assembleWat } from '../../scripts/build-wasm.mjs';
import { SnappyWindow } from './body-window.js';
import { SNAPPY_STEP_WASM } from './snappy-wasm/snappy-step-binary.js';
import { identifierPage, mixedBytes } from './snappy-fixtures.js';
import { snappyLength, snappyStep, SnappyError } from './snappy.js';
import { WasmSnappy } from './wasm-snappy.js';

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
    expect(wasm.step(progress, 100)).toBe(0);
    expect(progress.out).toBeGreaterThanOrEqual(100);
    expect(wasm.step(progress, 80_000)).toBe(2);
    expect(progress.out).toBeLessThanOrEqual(1000);
    expect(Buffer.from(wasm.output().subarray(0, progress.out)).equals(data.subarray(0, progress.out))).toBe(true);
  });
  it('stops where the JavaScript twin stops, call for call, in and out of its fast path', () => {
    // Random targets, windows and output regions: the fast path must hand every stop (target
    // reached, no room, a copy before the window) to the checked loop at the same element.
    let state = 11;
    const next = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0);
    const blocks = [identifierPage(20_000, 3), mixedBytes(5, 120_000), mixedBytes(8, 9_000)];
    let stops = 0;
    for (const data of blocks) {
      const block = compressSync(data);
      const { start } = snappyLength(block);
      for (let trial = 0; trial < 24; trial++) {
        const room = trial % 3 === 0 ? 100 + (next() % 20_000) : data.length;
        const wasm = new WasmSnappy();
        wasm.load(block, room);
        const javascript = new Uint8Array(room);
        const [a, b] = [{ pos: start, out: 0 }, { pos: start, out: 0 }];
        for (let call = 0; call < 60; call++) {
          const outEnd = Math.min(room, a.out + 1 + (next() % 4000));
          const windowStart = trial % 2 === 1 ? Math.max(0, a.out - (next() % 3000)) : 0;
          const stop = wasm.step(a, outEnd, windowStart);
          expect([stop, a.pos, a.out], `block ${blocks.indexOf(data)} trial ${trial} call ${call}`).toEqual([snappyStep(block, javascript, b, outEnd, windowStart), b.pos, b.out]);
          if (stop !== 0) stops++;
          if (stop !== 0 || a.out >= data.length) break;
        }
        expect(Buffer.from(wasm.output().subarray(0, a.out)).equals(Buffer.from(data.subarray(0, a.out)))).toBe(true);
      }
    }
    expect(stops).toBeGreaterThan(20);
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
