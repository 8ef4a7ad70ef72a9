// Where the last of some byte strings occurs in a page's bytes: find's search for its identifiers
// on PLAIN pages (identifier-rows.ts), in a small WebAssembly module of ours (needle-wasm/needle.wat)
// that compares sixteen places at a time, from the end. Measured on a 1.4 MB page of ten-digit
// identifiers: 0.8 ms a needle with Buffer#indexOf, whose skips are short on text of digits, to
// 0.19 ms with the page's copy into the module.
import { NEEDLE_WASM } from './needle-wasm/needle-binary.js';
import { alignTo, memoryOf, threadInstance } from './wasm-instance.js';

interface NeedleExports {
  memory: WebAssembly.Memory;
  lastAt(hay: number, size: number, needle: number, length: number): number;
}

const needleModule = threadInstance<NeedleExports>(NEEDLE_WASM);

/** Bytes kept free after the haystack and each needle: the module reads 16 bytes at a time. */
const SLACK = 16;

/** Where the last occurrence of any needle in `body` starts, at or after `from`; -1 when none does. */
export function lastNeedleAt(body: Uint8Array, needles: readonly Uint8Array[], from: number): number {
  if (needles.length === 0 || from >= body.length) return -1;
  const wasm = needleModule();
  const hayAt = SLACK;
  const size = body.length - from;
  const needlesAt = alignTo(hayAt + size + SLACK, 16);
  const longest = Math.max(...needles.map((needle) => needle.length));
  const memory = new Uint8Array(memoryOf(wasm.memory, needlesAt + longest + SLACK));
  memory.set(body.subarray(from), hayAt);
  let last = -1;
  for (const needle of needles) {
    if (needle.length === 0) throw new RangeError('an empty needle');
    memory.set(needle, needlesAt);
    last = Math.max(last, wasm.lastAt(hayAt, size, needlesAt, needle.length));
  }
  return last < 0 ? -1 : from + last;
}
