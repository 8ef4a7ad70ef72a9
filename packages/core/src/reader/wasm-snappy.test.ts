// The WebAssembly snappy module: the committed binary is what its source assembles to, and the
// windows built on it refuse to be read once a newer one took the thread's memory.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { assembleSnappyStep } from '../../scripts/build-snappy-wasm.mjs';
import { SnappyWindow } from './body-window.js';
import { SNAPPY_STEP_WASM } from './snappy-wasm/snappy-step-binary.js';
import { WasmSnappy } from './wasm-snappy.js';

const { compressSync } = createRequire(import.meta.url)('snappy') as { compressSync(input: Uint8Array): Buffer };

describe('snappy-step.wasm', () => {
  it('is what snappy-step.wat assembles to (run `npm run build:wasm -w @synctrack/core` after editing it)', async () => {
    expect(await assembleSnappyStep()).toBe(SNAPPY_STEP_WASM);
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
