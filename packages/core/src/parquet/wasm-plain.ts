// The walk over a PLAIN text page's values to a few rows (text-rows.ts), in a small WebAssembly
// module of ours (plain-wasm/plain.wat): every value before the last row wanted is stepped over by
// its 4-byte length, a million of them for `errors`' examples on 2M records. In JavaScript that
// loop was ~25 ms of each decode worker's time a call, and ~80 ms in a fresh process's one worker
// before V8 optimized it. The page's bytes are copied into the module a stretch at a time, as the
// window (body-window.ts) makes them readable; the wanted values are read from the window.
import type { BodyWindow } from './body-window.js';
import { PageDecodeError } from './page-decoder.js';
import { PLAIN_WASM } from './plain-wasm/plain-binary.js';
import { alignTo, memoryOf, threadInstance } from './wasm-instance.js';

interface PlainExports {
  memory: WebAssembly.Memory;
  k: WebAssembly.Global;
  want: WebAssembly.Global;
  at: WebAssembly.Global;
  needEnd: WebAssembly.Global;
  walk(bytes: number, size: number, readable: number, defined: number, take: number, rows: number, to: number, out: number): number;
}

const plain = threadInstance<PlainExports>(PLAIN_WASM);

/** The most bytes copied in at a time: a 39 MB payload page is walked a stretch at a time. */
const STRETCH = 1024 * 1024;

/** Where the values of wanted rows go: `value` gets their bytes (valid only during the call), `null` a null row. */
export interface TextSink {
  value(index: number, bytes: Uint8Array, start: number, end: number): void;
  null(index: number): void;
}

/**
 * Hands the values of `rows[from, to)` (ascending, all in this page, whose first row is
 * `firstRow`) to `sink`, walking the page's values from body offset `at` over its first `take`
 * rows; `defined` has a 0 for each null row (null: none is null).
 */
export function walkPlainValues(
  window: BodyWindow,
  at: number,
  defined: Int32Array | null,
  take: number,
  rows: readonly number[],
  from: number,
  to: number,
  firstRow: number,
  sink: TextSink,
): void {
  const wasm = plain();
  const wanted = to - from;
  // Address 0 means "no levels" to the module.
  const definedAt = 8;
  const rowsAt = definedAt + (defined === null ? 0 : 4 * take);
  const outAt = rowsAt + 4 * wanted + 4;
  const bytesAt = alignTo(outAt + 8 * wanted, 8);
  let buffer = memoryOf(wasm.memory, bytesAt + Math.min(STRETCH, window.size - at) + 8);
  if (defined !== null) new Int32Array(buffer, definedAt, take).set(defined.subarray(0, take));
  const relative = new Int32Array(buffer, rowsAt, wanted + 1);
  for (let index = 0; index < wanted; index++) relative[index] = rows[from + index]! - firstRow;
  wasm.k.value = 0;
  wasm.want.value = 0;
  for (;;) {
    // Rows left that are all null need no bytes: the window is asked for more only when the walk says.
    const readable = Math.max(0, window.end - at);
    const size = Math.min(readable, STRETCH);
    buffer = memoryOf(wasm.memory, bytesAt + size + 8);
    new Uint8Array(buffer, bytesAt, size).set(window.bytes.subarray(at - window.base, at - window.base + size));
    const wantBefore = wasm.want.value as number;
    const status = wasm.walk(bytesAt, size, readable, defined === null ? 0 : definedAt, take, rowsAt, wanted, outAt);
    if (status === 2) throw new PageDecodeError(`a text value's length at byte ${at + (wasm.at.value as number)} cannot be right`);
    // The values found lie in the window as it is now.
    const wantAfter = wasm.want.value as number;
    const out = new Int32Array(wasm.memory.buffer, outAt, 2 * wanted);
    const bytes = window.bytes;
    const offset = at - window.base;
    for (let index = wantBefore; index < wantAfter; index++) {
      const start = out[2 * index]!;
      if (start < 0) sink.null(from + index);
      else sink.value(from + index, bytes, offset + start, offset + out[2 * index + 1]!);
    }
    if (status === 0) return;
    // The walk stopped at the stretch's end, or at bytes past what is readable: read on.
    const needEnd = at + (wasm.needEnd.value as number);
    at += wasm.at.value as number;
    if (needEnd > window.end) window.need(at, needEnd);
  }
}
