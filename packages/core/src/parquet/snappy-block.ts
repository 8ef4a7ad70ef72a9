// Whole snappy blocks (Parquet pages) decompressed by our WebAssembly module (wasm-snappy.ts) in
// memory that stays with the thread, then copied into the caller's arena: the copy of warm memory
// costs less than faulting in a fresh buffer, which this VM does at ~4 ms per MB (the native
// `snappy` package's output, used before, was such a buffer for every page). A malformed block
// throws SnappyError.
import { fastPathOn } from './fast-paths.js';
import type { PageArena } from './page-arena.js';
import { SnappyError, snappyDecompress, snappyLength } from './snappy.js';
import { wasmDecompressInto } from './wasm-snappy.js';

export type SnappyBackend = 'wasm' | 'javascript';

export interface SnappyBlockOptions {
  /** Where the page goes; a fresh buffer without one. */
  arena?: PageArena;
  /** Which decoder to use: the WebAssembly module by default; JavaScript for comparison in tests. */
  backend?: SnappyBackend;
}

/** Decompresses a whole snappy block that must hold exactly `size` bytes. */
export function decompressSnappyBlock(input: Uint8Array, size: number, options: SnappyBlockOptions = {}): Uint8Array {
  const { length, start } = snappyLength(input);
  if (length !== size) throw new SnappyError(`snappy block declares ${length} bytes, the page header ${size}`);
  const out = options.arena?.take(size) ?? new Uint8Array(size);
  if (options.backend === 'javascript' || !fastPathOn('wasm-snappy')) snappyDecompress(input, out);
  else wasmDecompressInto(input, start, out);
  return out;
}
