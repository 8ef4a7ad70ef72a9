// The one snappy decoder: a small WebAssembly module of our own (snappy-wasm/snappy-step.wat, 1,113
// bytes), decompressing into memory that stays with the thread: unlike the native package's fresh
// output buffers (which this VM faults in at ~4 ms per MB) its memory is warm after the first page.
// Measured on a 1.4 MB identifier page: this module 2.1 ms with its copies in and out, the
// JavaScript loop it replaced 4.5 ms, native 4.7 ms; on a 39 MB payload page: 13 ms, 72 ms,
// 16–100 ms; on the 2M bench, `sample` ran 2.7x and `find` 1.6x slower with the JavaScript loop.
// Every page walk decompresses through it: whole pages (snappy-block.ts), sliding windows
// (body-window.ts), the local index's restart points and single values (value-map.ts). Each
// `WasmSnappy` owns one instance and its memory: a thread's whole-block decoder and its sliding
// windows use separate instances, so one never overwrites the other.
import { SNAPPY_STEP_WASM } from './snappy-wasm/snappy-step-binary.js';
import { expectReached, SnappyError, snappyLength, SnappyStop } from './snappy.js';
import { alignTo, compiledModule, memoryOf } from './wasm-instance.js';

interface StepExports {
  memory: WebAssembly.Memory;
  step(pos: number, inEnd: number, window: number, out: number, outEnd: number, outLimit: number): number;
  pos(): number;
  out(): number;
  reach(): number;
  setReach(address: number): void;
}

/** Where a decompression stands: the next element's offset in the input, and bytes output so far. */
export interface SnappyProgress {
  pos: number;
  out: number;
  /**
   * When present, lowered to the earliest output offset a copy read from: where decompression can
   * restart without the bytes before it (value-map.ts's restart points).
   */
  reach?: number;
}

/** The module's `reach` while no copy has read anything (the largest address), and when not tracked. */
const NO_REACH = 0xffffffff;
const UNTRACKED = 0;

/** Bytes kept free after the input and the output: the module moves 8 bytes at a time. */
const SLACK = 16;
const snappyModule = compiledModule(SNAPPY_STEP_WASM);

function instantiate(): StepExports {
  return new WebAssembly.Instance(snappyModule()).exports as unknown as StepExports;
}

/**
 * One instance: an input region, then an output region, both in its memory. The input region holds
 * the whole block, or with `piece` a part of it that moves forward as decompression does (a reader
 * that stops early copies in, and faults in, only what it read).
 */
export class WasmSnappy {
  private readonly exports = instantiate();
  private readonly inputAt = SLACK;
  private input: Uint8Array = new Uint8Array(0);
  /** Offset in `input` of the input region's first byte, and how many of its bytes are there. */
  private inputBase = 0;
  private inputLoaded = 0;
  private inputCapacity = 0;
  private outputAt = 0;
  private outputLimit = 0;

  /**
   * Takes `input` (copied into memory whole, or `piece` bytes at a time), with room for
   * `outputSize` bytes of output after it.
   */
  load(input: Uint8Array, outputSize: number, piece = input.length): void {
    this.input = input;
    this.inputCapacity = Math.min(input.length, piece);
    this.outputAt = align(this.inputAt + this.inputCapacity + SLACK);
    this.outputLimit = this.outputAt + outputSize;
    this.reserve(this.outputLimit + SLACK);
    this.fill(0);
  }

  /** Makes the output region `outputSize` bytes long, keeping its content. */
  resizeOutput(outputSize: number): void {
    this.outputLimit = this.outputAt + outputSize;
    this.reserve(this.outputLimit + SLACK);
  }

  /** The output region (a view: valid until the next `load` or `resizeOutput`). */
  output(): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer, this.outputAt, this.outputLimit - this.outputAt);
  }

  /**
   * Decompresses from input offset `pos` into the output region at `out` until it holds `outEnd`
   * bytes (offsets within the regions), and says why it stopped; back references may reach back to
   * `windowStart`. Malformed input throws SnappyError.
   */
  step(progress: SnappyProgress, outEnd: number, windowStart = 0): SnappyStop {
    const { step, pos, out, reach, setReach } = this.exports;
    if (progress.pos < this.inputBase || progress.pos > this.inputBase + this.inputLoaded) this.fill(progress.pos);
    for (;;) {
      const reached = progress.reach;
      setReach(reached === undefined ? UNTRACKED : reached === Number.POSITIVE_INFINITY ? NO_REACH : this.outputAt + reached);
      const status = step(
        this.inputAt + progress.pos - this.inputBase,
        this.inputAt + this.inputLoaded,
        this.outputAt + windowStart,
        this.outputAt + progress.out,
        this.outputAt + outEnd,
        this.outputLimit,
      );
      progress.pos = pos() - this.inputAt + this.inputBase;
      progress.out = out() - this.outputAt;
      if (reached !== undefined) {
        const address = reach() >>> 0;
        progress.reach = address === NO_REACH ? Number.POSITIVE_INFINITY : address - this.outputAt;
      }
      // The loaded piece ended, at or inside an element, before the block did: move it on.
      if ((status === 1 || status === 4) && this.inputBase + this.inputLoaded < this.input.length) {
        if (progress.pos === this.inputBase) this.growInput();
        this.fill(progress.pos);
        continue;
      }
      if (status === 4) throw new SnappyError(`snappy element at input byte ${progress.pos} runs past the block`);
      if (status === 5) throw new SnappyError(`snappy copy at byte ${progress.out} has offset 0`);
      return status as SnappyStop;
    }
  }

  /** Copies the input from `from` into the input region, as much as it holds. */
  private fill(from: number): void {
    const end = Math.min(this.input.length, from + this.inputCapacity);
    this.bytes().set(this.input.subarray(from, end), this.inputAt);
    this.inputBase = from;
    this.inputLoaded = end - from;
  }

  /** One element is longer than the input region: double it, moving the output region after it. */
  private growInput(): void {
    const outputSize = this.outputLimit - this.outputAt;
    const from = this.outputAt;
    this.inputCapacity = Math.min(this.input.length, this.inputCapacity * 2);
    this.outputAt = align(this.inputAt + this.inputCapacity + SLACK);
    this.outputLimit = this.outputAt + outputSize;
    this.reserve(this.outputLimit + SLACK);
    this.bytes().copyWithin(this.outputAt, from, from + outputSize);
  }

  /** Moves output bytes `[from, to)` to the start of the output region (a sliding window). */
  shiftOutput(from: number, to: number): void {
    this.bytes().copyWithin(this.outputAt, this.outputAt + from, this.outputAt + to);
  }

  private bytes(): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer);
  }

  private reserve(bytes: number): void {
    memoryOf(this.exports.memory, bytes);
  }
}

const align = (offset: number) => alignTo(offset, 16);

let blocks: WasmSnappy | undefined;

/**
 * This thread's instance for whole blocks and stretches of them: a caller loads it, decompresses and
 * copies its output out before returning, so that callers never see each other's bytes.
 */
export function blockSnappy(): WasmSnappy {
  blocks ??= new WasmSnappy();
  return blocks;
}

/**
 * Decompresses elements from `input[inStart]` onwards into `output`, starting at `outStart`, until
 * it holds `outEnd` bytes (the whole of `output` by default). Back references may reach the bytes
 * already in `output` before `outStart`. Returns where the input stopped; a block that does not
 * reach `outEnd` throws SnappyError.
 */
export function snappyDecompressInto(input: Uint8Array, inStart: number, output: Uint8Array, outStart: number, outEnd: number = output.length): number {
  const wasm = blockSnappy();
  wasm.load(input, outEnd);
  if (outStart > 0) wasm.output().set(output.subarray(0, outStart));
  const progress = { pos: inStart, out: outStart };
  expectReached(wasm.step(progress, outEnd), progress.out, outEnd);
  output.set(wasm.output().subarray(outStart, outEnd), outStart);
  return progress.pos;
}

/** Decompresses a whole snappy block into `output`, which must be exactly its declared length. */
export function snappyDecompress(input: Uint8Array, output: Uint8Array): void {
  const { length, start } = snappyLength(input);
  if (length !== output.length) throw new SnappyError(`snappy block declares ${length} bytes, the page header ${output.length}`);
  const end = snappyDecompressInto(input, start, output, 0);
  if (end !== input.length) throw new SnappyError(`snappy block has ${input.length - end} bytes after its end`);
}
