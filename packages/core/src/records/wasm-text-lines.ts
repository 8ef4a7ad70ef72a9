// JSON Lines of texts given as UTF-8, written by a small WebAssembly module of our own
// (text-lines-wasm/text-lines.wat). A fresh process writes a filter's lines from cold threads: the
// same loop in JavaScript ran its first row groups at 30-40 ns a byte (unoptimised, then
// deoptimised and compiled again) against 2.5 once warm, ~0.2 s of CPU on a 2M-record filter; the
// module runs at full speed from its first row (the CLI's `filter --json` on the 2M bench run: 476 ms
// with it, 548 ms without, medians of 12 alternating processes). It writes the lines of
// record-json-line.ts, the one writer of the format, whose key prefixes it is given, and hands a row
// with a byte to escape back to it. Each thread has one instance, whose memory grows to the largest
// row group's texts and stays warm.
import type { JsonBytes } from '../model/json-bytes.js';
import type { Utf8Texts } from '../model/utf8-texts.js';
import { TEXT_LINES_WASM } from './text-lines-wasm/text-lines-binary.js';
import { alignTo, compiledModule, memoryOf } from '../parquet/wasm-instance.js';

interface LinesExports {
  memory: WebAssembly.Memory;
  lines(keys: number, nkeys: number, row: number, count: number, out: number, outLimit: number): number;
  row(): number;
  out(): number;
}

/** A key's descriptor: prefix at, prefix length, bytes at, starts at, ends at (i32 each). */
const DESCRIPTOR_BYTES = 20;
/** Where lines are written, then copied out; a call stops when it is full and the next starts over. */
const OUTPUT_BYTES = 256 * 1024;

/** Why `lines` stopped (see text-lines.wat); 0 is every row written. */
const ESCAPE = 1;
const FULL = 2;

const textLinesModule = compiledModule(TEXT_LINES_WASM);
let shared: WasmTextLines | undefined;

/** This thread's writer. */
export function wasmTextLines(): WasmTextLines {
  shared ??= new WasmTextLines();
  return shared;
}

export class WasmTextLines {
  private readonly exports: LinesExports;

  constructor() {
    this.exports = new WebAssembly.Instance(textLinesModule()).exports as unknown as LinesExports;
  }

  /**
   * Appends to `out` the lines of rows `[0, count)`: `{` + for each key its prefix (`{"a":`,
   * `,"b":`) and its text quoted (null where its start is negative), then `}` and a newline. A row
   * whose text needs escaping is left to `writeRow(index)`, which appends that row's line itself.
   */
  write(prefixes: readonly Uint8Array[], texts: readonly Utf8Texts[], count: number, out: JsonBytes, writeRow: (index: number) => void): void {
    if (count === 0) return;
    const nkeys = texts.length;
    // The layout: descriptors, then each key's prefix, bytes, starts and ends, then the output.
    let at = align(nkeys * DESCRIPTOR_BYTES);
    const places = texts.map((text, key) => {
      const prefixAt = at;
      at = align(at + prefixes[key]!.length);
      const bytesAt = at;
      const used = bytesUsed(text, count);
      at = align(at + used);
      const startsAt = at;
      at += count * 4;
      const endsAt = at;
      at += count * 4;
      return { prefixAt, bytesAt, used, startsAt, endsAt };
    });
    const outAt = at;
    const outLimit = outAt + OUTPUT_BYTES;
    const buffer = memoryOf(this.exports.memory, outLimit);
    const heap = new Uint8Array(buffer);
    const words = new Int32Array(buffer);
    texts.forEach((text, key) => {
      const place = places[key]!;
      const prefix = prefixes[key]!;
      words.set([place.prefixAt, prefix.length, place.bytesAt, place.startsAt, place.endsAt], (key * DESCRIPTOR_BYTES) / 4);
      heap.set(prefix, place.prefixAt);
      heap.set(text.bytes.subarray(0, place.used), place.bytesAt);
      words.set(text.starts.subarray(0, count), place.startsAt / 4);
      words.set(text.ends.subarray(0, count), place.endsAt / 4);
    });
    let row = 0;
    while (row < count) {
      const stop = this.exports.lines(0, nkeys, row, count, outAt, outLimit);
      const next = this.exports.row();
      const end = this.exports.out();
      out.raw(heap.subarray(outAt, end));
      row = next;
      // A row to escape, or a line longer than the whole output region: written the other way.
      if (stop === ESCAPE || (stop === FULL && end === outAt)) writeRow(row++);
    }
  }
}

const align = (at: number) => alignTo(at, 16);

/** How many of `text.bytes` rows `[0, count)` reach into. */
function bytesUsed(text: Utf8Texts, count: number): number {
  let used = 0;
  for (let index = 0; index < count; index++) if (text.starts[index]! >= 0 && text.ends[index]! > used) used = text.ends[index]!;
  return used;
}
