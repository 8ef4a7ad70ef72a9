// A page body read front to back through a small window, for readers that need a few values of a
// large page (a row group's payloads): a snappy body is decompressed only as far as they read, into
// memory that slides, so a 39 MB page costs a 256 KiB window instead of 39 MB of fresh memory
// (which this VM faults in at ~4 ms per MB). Snappy back references reach at most 64 KiB behind in
// what common writers produce (they compress 64 KiB fragments apart); the window keeps that much
// behind, and a block that reaches further is decompressed again from its start into memory that
// grows to the page.
import { SnappyError, snappyLength, SnappyStop } from './snappy.js';
import { WasmSnappy } from './wasm-snappy.js';

/** Body bytes `[from, to)` readable in `bytes` at `from - base`. */
export interface BodyWindow {
  /** The body's length. */
  readonly size: number;
  readonly bytes: Uint8Array;
  /** The body offset of `bytes[0]`. */
  readonly base: number;
  /** The body offset just past the bytes readable now (until the next `need`). */
  readonly end: number;
  /** Makes body bytes `[from, to)` readable; bytes before `from` may be dropped (`from` never goes back). */
  need(from: number, to: number): void;
}

/** An uncompressed body: all of it is readable at once. */
export function plainWindow(bytes: Uint8Array): BodyWindow {
  return {
    size: bytes.length,
    bytes,
    base: 0,
    end: bytes.length,
    need(from, to) {
      if (to > bytes.length) throw new SnappyError(`a value at byte ${from} runs past the page's ${bytes.length} bytes`);
    },
  };
}

/** Back-reference distance the window keeps behind what it decompressed. */
const HISTORY = 64 * 1024;
const INITIAL_WINDOW = 256 * 1024;
/** The compressed page is copied into the instance this much at a time, as far as the reader reads. */
const INPUT_PIECE = 1024 * 1024;

/** This thread's window instance, and the window using it now: one page is read at a time. */
let shared: WasmSnappy | undefined;
let owner: SnappyWindow | undefined;

/**
 * A snappy block decompressed as far as its reader needs, in a sliding window in this thread's
 * WebAssembly memory (wasm-snappy.ts): the compressed page is copied in a megabyte at a time as far
 * as the reader reads, and the window is memory that stays warm from page to page. Only the newest
 * window of a thread may be read.
 */
export class SnappyWindow implements BodyWindow {
  readonly size: number;
  base = 0;
  private readonly start: number;
  private readonly progress: { pos: number; out: number };
  private readonly wasm: WasmSnappy;
  private capacity: number;
  private view: Uint8Array | null = null;

  constructor(
    input: Uint8Array,
    /** The body's length as the page header gives it; the block must declare the same. */
    size: number,
  ) {
    const declared = snappyLength(input);
    if (declared.length !== size) throw new SnappyError(`snappy block declares ${declared.length} bytes, the page header ${size}`);
    this.size = size;
    this.start = declared.start;
    this.progress = { pos: declared.start, out: 0 };
    shared ??= new WasmSnappy();
    this.wasm = shared;
    owner = this;
    this.capacity = Math.min(size, INITIAL_WINDOW);
    this.wasm.load(input, this.capacity, INPUT_PIECE);
  }

  get bytes(): Uint8Array {
    this.assertOwner();
    this.view ??= this.wasm.output();
    return this.view;
  }

  /** Body offset just past the bytes decompressed so far. */
  get end(): number {
    return this.base + this.progress.out;
  }

  need(from: number, to: number): void {
    if (to > this.size) throw new SnappyError(`a value at byte ${from} runs past the page's ${this.size} bytes`);
    if (this.end >= to) return;
    this.assertOwner();
    // Memory may grow or the output region move while decompressing: views are taken afresh.
    this.view = null;
    while (this.end < to) {
      // Decompress as much as the window holds: one call per window, not per value.
      const stop = this.wasm.step(this.progress, this.size - this.base);
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

  private assertOwner(): void {
    if (owner !== this) throw new Error('a SnappyWindow was read after a newer one opened on the same thread');
  }

  /** Slides the window (keeping `from` onwards and the back-reference history), or grows it. */
  private makeRoom(from: number): void {
    if (this.base + this.capacity >= this.size) throw new SnappyError(`snappy element at byte ${this.end} runs past the declared length`);
    const keep = Math.max(this.base, Math.min(from, this.end - HISTORY));
    const kept = this.end - keep;
    this.wasm.shiftOutput(keep - this.base, this.end - this.base);
    if (keep === this.base || kept > this.capacity / 2) {
      // A value larger than half the window: grow it (the element that did not fit may be a long literal).
      this.capacity = Math.min(this.size - keep, Math.max(2 * this.capacity, kept + INITIAL_WINDOW));
      this.wasm.resizeOutput(this.capacity);
    }
    this.view = null;
    this.progress.out = kept;
    this.base = keep;
  }

  /** A back reference reached past the kept history: decompress from the start into the whole body. */
  private restartWhole(): void {
    const target = this.end;
    this.capacity = this.size;
    this.wasm.resizeOutput(this.size);
    this.view = null;
    this.base = 0;
    this.progress.pos = this.start;
    this.progress.out = 0;
    const stop = this.wasm.step(this.progress, target);
    if (stop !== SnappyStop.Reached) throw new SnappyError(`snappy block does not decompress again to byte ${target}`);
  }
}
