// Whole snappy blocks (Parquet pages) decompressed. Small pages go to the native `snappy` package
// (napi-rs, Rust's snap crate): ~4× faster than our JavaScript decoder on a 1.4 MB identifier page
// (9.8 → 2.2 ms). Its output is a fresh buffer outside the JavaScript heap, though, which the
// garbage collector neither reuses nor counts: large pages (a 39 MB payload page) would cost their
// page faults every time and pile up between collections. Those are decompressed by the JavaScript
// decoder into a reused PageArena instead (a payload page: 300 ms into fresh memory, 90–110 ms into
// reused memory, on this machine under load). Without the native module (a platform it has no
// binary for) every page takes the JavaScript path. A malformed block throws SnappyError either way.
import { createRequire } from 'node:module';
import type { PageArena } from './page-arena.js';
import { SnappyError, snappyDecompressInto, snappyLength } from './snappy.js';

interface NativeSnappy {
  uncompressSync(input: Uint8Array, options: { asBuffer: true }): Buffer;
}

/** Pages up to this size go to the native decoder. */
export const NATIVE_SNAPPY_MAX_BYTES = 4 * 1024 * 1024;

let native: NativeSnappy | null | undefined;

function loadNative(): NativeSnappy | null {
  if (native === undefined) {
    try {
      native = createRequire(import.meta.url)('snappy') as NativeSnappy;
    } catch {
      native = null;
    }
  }
  return native;
}

export type SnappyBackend = 'native' | 'javascript';

/** The decoder `decompressSnappyBlock` uses for a block of `size` bytes here. */
export function snappyBackend(size = 0): SnappyBackend {
  return loadNative() === null || size > NATIVE_SNAPPY_MAX_BYTES ? 'javascript' : 'native';
}

export interface SnappyBlockOptions {
  /** Where the JavaScript decoder writes; a fresh buffer without one. */
  arena?: PageArena;
  /** Which decoder to use; by default as `snappyBackend(size)` says. */
  backend?: SnappyBackend;
}

/** Decompresses a whole snappy block that must hold exactly `size` bytes. */
export function decompressSnappyBlock(input: Uint8Array, size: number, options: SnappyBlockOptions = {}): Uint8Array {
  const { length: declared, start } = snappyLength(input);
  if (declared !== size) throw new SnappyError(`snappy block declares ${declared} bytes, the page header ${size}`);
  const codec = (options.backend ?? snappyBackend(size)) === 'native' ? loadNative() : null;
  if (codec === null) {
    const out = options.arena?.take(size) ?? new Uint8Array(size);
    const end = snappyDecompressInto(input, start, out, 0);
    if (end !== input.length) throw new SnappyError(`snappy block has ${input.length - end} bytes after its end`);
    return out;
  }
  let out: Buffer;
  try {
    out = codec.uncompressSync(input, { asBuffer: true });
  } catch (error) {
    throw new SnappyError(`snappy block does not decompress (${(error as Error).message})`);
  }
  if (out.length !== size) throw new SnappyError(`snappy block holds ${out.length} bytes, the page header says ${size}`);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}
