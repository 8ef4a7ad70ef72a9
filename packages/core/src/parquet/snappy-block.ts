// Whole snappy blocks (Parquet pages) decompressed by the one snappy decoder (wasm-snappy.ts) in
// memory that stays with the thread, then copied into the caller's arena: the copy of warm memory
// costs less than faulting in a fresh buffer, which this VM does at ~4 ms per MB (the native
// `snappy` package's output, used before, was such a buffer for every page). A malformed block
// throws SnappyError.
import type { PageArena } from './page-arena.js';
import { snappyDecompress } from './wasm-snappy.js';

export interface SnappyBlockOptions {
  /** Where the page goes; a fresh buffer without one. */
  arena?: PageArena;
}

/** Decompresses a whole snappy block that must hold exactly `size` bytes. */
export function decompressSnappyBlock(input: Uint8Array, size: number, options: SnappyBlockOptions = {}): Uint8Array {
  const out = options.arena?.take(size) ?? new Uint8Array(size);
  snappyDecompress(input, out);
  return out;
}
