// A page body read front to back through a small window, for readers that need a few values of a
// large page (a row group's payloads): a snappy body is decompressed only as far as they read, into
// memory that slides, so a 39 MB page costs a 256 KiB window instead of 39 MB of fresh memory
// (which this VM faults in at ~3 ms per MB). Snappy back references reach at most 64 KiB behind in
// what common writers produce (they compress 64 KiB fragments apart); the window keeps that much
// behind, and a block that reaches further is decompressed again from its start into memory that
// grows to the page.
import { SnappyError, snappyLength, snappyStep, SnappyStop } from './snappy.js';

/** Body bytes `[from, to)` readable in `bytes` at `from - base`. */
export interface BodyWindow {
  /** The body's length. */
  readonly size: number;
  readonly bytes: Uint8Array;
  /** The body offset of `bytes[0]`. */
  readonly base: number;
  /** Makes body bytes `[from, to)` readable; bytes before `from` may be dropped (`from` never goes back). */
  need(from: number, to: number): void;
}

/** An uncompressed body: all of it is readable at once. */
export function plainWindow(bytes: Uint8Array): BodyWindow {
  return {
    size: bytes.length,
    bytes,
    base: 0,
    need(from, to) {
      if (to > bytes.length) throw new SnappyError(`a value at byte ${from} runs past the page's ${bytes.length} bytes`);
    },
  };
}

/** Back-reference distance the window keeps behind what it decompressed. */
const HISTORY = 64 * 1024;
const INITIAL_WINDOW = 256 * 1024;

/** A snappy block decompressed as far as its reader needs, in a sliding window. */
export class SnappyWindow implements BodyWindow {
  readonly size: number;
  bytes: Uint8Array;
  base = 0;
  private readonly start: number;
  private readonly progress: { pos: number; out: number };

  constructor(
    private readonly input: Uint8Array,
    /** The body's length as the page header gives it; the block must declare the same. */
    size: number,
    /** Memory to start the window in (a reader's, reused from page to page); new memory without it. */
    memory?: Uint8Array,
  ) {
    const declared = snappyLength(input);
    if (declared.length !== size) throw new SnappyError(`snappy block declares ${declared.length} bytes, the page header ${size}`);
    this.size = size;
    this.start = declared.start;
    const length = Math.min(size, INITIAL_WINDOW);
    this.bytes = memory !== undefined && memory.length >= length ? memory.subarray(0, length) : new Uint8Array(length);
    this.progress = { pos: declared.start, out: 0 };
  }

  /** Body offset just past the bytes decompressed so far. */
  get end(): number {
    return this.base + this.progress.out;
  }

  need(from: number, to: number): void {
    if (to > this.size) throw new SnappyError(`a value at byte ${from} runs past the page's ${this.size} bytes`);
    while (this.end < to) {
      // Decompress as much as the window holds: one call per window, not per value.
      const stop = snappyStep(this.input, this.bytes, this.progress, this.size - this.base);
      if (stop === SnappyStop.Reached || this.end >= to) continue;
      if (stop === SnappyStop.InputEnded) throw new SnappyError(`snappy block ended after ${this.end} of ${this.size} bytes`);
      if (stop === SnappyStop.FarReference) {
        if (this.base === 0) throw new SnappyError(`snappy copy at byte ${this.end} refers back outside the data`);
        this.restartWhole();
        continue;
      }
      this.makeRoom(from);
    }
  }

  /** Slides the window (keeping `from` onwards and the back-reference history), or grows it. */
  private makeRoom(from: number): void {
    if (this.base + this.bytes.length >= this.size) throw new SnappyError(`snappy element at byte ${this.end} runs past the declared length`);
    const keep = Math.max(this.base, Math.min(from, this.end - HISTORY));
    const kept = this.end - keep;
    if (keep > this.base && kept <= this.bytes.length / 2) {
      this.bytes.copyWithin(0, keep - this.base, this.end - this.base);
    } else {
      // A value larger than half the window: grow it (the element that did not fit may be a long literal).
      const grown = new Uint8Array(Math.min(this.size - keep, Math.max(2 * this.bytes.length, kept + INITIAL_WINDOW)));
      grown.set(this.bytes.subarray(keep - this.base, this.end - this.base));
      this.bytes = grown;
    }
    this.progress.out = kept;
    this.base = keep;
  }

  /** A back reference reached past the kept history: decompress from the start into the whole body. */
  private restartWhole(): void {
    const target = this.end;
    this.bytes = new Uint8Array(this.size);
    this.base = 0;
    this.progress.pos = this.start;
    this.progress.out = 0;
    const stop = snappyStep(this.input, this.bytes, this.progress, target);
    if (stop !== SnappyStop.Reached) throw new SnappyError(`snappy block does not decompress again to byte ${target}`);
  }
}
