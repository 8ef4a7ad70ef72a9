// The one decoder of whole stretches of RLE / bit-packed hybrid runs (definition levels, dictionary
// indices): a small WebAssembly module of our own (rle-wasm/rle.wat), in an instance and memory of
// this thread's. WebAssembly because of a fresh process: a CLI command decodes its first row groups
// before V8 has optimized JavaScript loops (a cold worker spent 36 ms of `synctrack errors` on 36
// messages in the JavaScript decoder, ~5 ms once warm), while the module is compiled at once, to
// code about as fast as the optimized loop. The rows of a dictionary-encoded page that pass a test
// are selected there too, over levels and indices that never leave its memory (`matchPageRows`),
// and the values at a few rows are picked from the runs decoded up to the last of them
// (`definedRanks`, `indicesAt`). Counting the values of runs (rle-count.ts) stays in JavaScript: it
// reads a few bytes per run, not a value per row.
import { RLE_WASM } from './rle-wasm/rle-binary.js';
import { RleError } from './rle-runs.js';
import { alignTo, memoryOf, threadInstance } from './wasm-instance.js';

interface RleExports {
  memory: WebAssembly.Memory;
  decode(pos: number, end: number, width: number, out: number, count: number): number;
  select(defined: number, indices: number, pass: number, count: number, nulls: number, first: number, out: number): number;
  firstOutside(ptr: number, count: number, size: number): number;
  ones(ptr: number, count: number): number;
  ranks(defined: number, rows: number, n: number, out: number): void;
  gather(values: number, ranks: number, n: number, out: number): void;
}

/** Zero bytes kept after the input: a bit-packed value is read with one 8-byte load. */
const SLACK = 8;
const rle = threadInstance<RleExports>(RLE_WASM);

/** The module's memory, grown to at least `size` bytes. */
const memory = (exports: RleExports, size: number) => memoryOf(exports.memory, size);

/** `bytes[from, to)` copied to the start of memory with its slack, which holds `after` more bytes past it. */
function load(exports: RleExports, bytes: Uint8Array, from: number, to: number, after: number): { buffer: ArrayBuffer; next: number } {
  const length = Math.max(0, to - from);
  const next = align(length + SLACK);
  const buffer = memory(exports, next + after);
  const view = new Uint8Array(buffer);
  view.set(bytes.subarray(from, from + length), 0);
  view.fill(0, length, length + SLACK);
  return { buffer, next };
}

const align = (at: number) => alignTo(at, 8);

/** The module's error codes, as RleError. */
function failure(code: number, count: number): RleError {
  switch (code) {
    case -1:
      return new RleError(`runs end before ${count} values`);
    case -2:
      return new RleError('repeated value runs past the data');
    case -3:
      return new RleError('bit-packed run runs past the data');
    default:
      return new RleError('a run header runs past the data or is too long');
  }
}

/**
 * Decodes `count` values of `bitWidth` bits from `bytes[pos, end)` into `out` from `outAt`.
 * Returns the position after the last run read.
 */
export function decodeRleHybrid(bytes: Uint8Array, pos: number, end: number, bitWidth: number, out: Int32Array, outAt: number, count: number): number {
  // Up to 24 bits: enough for levels and for dictionaries of 16 million entries.
  if (bitWidth < 0 || bitWidth > 24) throw new RleError(`bit width ${bitWidth} is out of range`);
  if (count <= 0) return Math.min(pos, end);
  const exports = rle();
  const { buffer, next } = load(exports, bytes, pos, end, 4 * count);
  const reached = exports.decode(0, Math.max(0, end - pos), bitWidth, next, count);
  if (reached < 0) throw failure(reached, count);
  out.set(new Int32Array(buffer, next, count), outAt);
  return pos + reached;
}

/** A dictionary-encoded data page, as `matchPageRows` reads it. */
export interface DictionaryPage {
  body: Uint8Array;
  /** Where its definition levels lie in `body` (width 1), or null when every row holds a value. */
  levels: [number, number] | null;
  /** Where its indices start: a byte giving their width, then their runs up to the end of `body`. */
  valuesAt: number;
  /** Rows of the page. */
  count: number;
}

/**
 * Appends to `rows` the rows (`firstRow` + place in the page) whose dictionary entry passes
 * (`pass[index]` is 1), and the rows without a value when `nullPasses`. Throws RleError on
 * malformed runs, and `outside(index)` for an index past the dictionary (`pass.length` entries);
 * returns false for indices wider than 24 bits, which this decoder does not read.
 */
export function matchPageRows(page: DictionaryPage, pass: Uint8Array, nullPasses: boolean, firstRow: number, rows: number[], outside: (index: number) => Error): boolean {
  const { body, levels, valuesAt, count } = page;
  const exports = rle();
  const { next: defined } = load(exports, body, 0, body.length, 0);
  const indices = defined + (levels === null ? 0 : 4 * count);
  const passAt = indices + 4 * count;
  const out = align(passAt + pass.length);
  const buffer = memory(exports, out + 4 * count);
  let present = count;
  if (levels !== null) {
    const reached = exports.decode(levels[0], levels[1], 1, defined, count);
    if (reached < 0) throw failure(reached, count);
    present = exports.ones(defined, count);
  }
  if (present > 0) {
    if (valuesAt >= body.length) throw new RleError('dictionary page indices are missing');
    const bitWidth = body[valuesAt]!;
    if (bitWidth > 24) return false;
    const reached = exports.decode(valuesAt + 1, body.length, bitWidth, indices, present);
    if (reached < 0) throw failure(reached, present);
    if (pass.length < 2 ** bitWidth) {
      const at = exports.firstOutside(indices, present, pass.length);
      if (at >= 0) throw outside(new Int32Array(buffer, indices, present)[at]!);
    }
  }
  new Uint8Array(buffer).set(pass, passAt);
  const selected = exports.select(levels === null || present === count ? 0 : defined, indices, passAt, count, nullPasses ? 1 : 0, firstRow, out);
  const found = new Int32Array(buffer, out, selected);
  for (let k = 0; k < selected; k++) rows.push(found[k]!);
  return true;
}

/**
 * Each of `rows` (ascending places among a page's rows)'s place among the page's values, from its
 * definition levels (width 1) in `body[levels[0], levels[1])`, or -1 when the row is null.
 */
export function definedRanks(body: Uint8Array, levels: [number, number], rows: Int32Array): Int32Array {
  if (rows.length === 0) return new Int32Array(0);
  const exports = rle();
  const through = rows[rows.length - 1]! + 1;
  const { next: defined } = load(exports, body, 0, levels[1], 0);
  const rowsAt = defined + 4 * through;
  const out = rowsAt + 4 * rows.length;
  const buffer = memory(exports, out + 4 * rows.length);
  const reached = exports.decode(levels[0], levels[1], 1, defined, through);
  if (reached < 0) throw failure(reached, through);
  new Int32Array(buffer, rowsAt, rows.length).set(rows);
  exports.ranks(defined, rowsAt, rows.length, out);
  return new Int32Array(buffer, out, rows.length).slice();
}

/**
 * The dictionary indices at `ranks` (places among a page's values, ascending; -1 for none, which
 * get 0) of the indices from `body[valuesAt]` (their width, then their runs to the end of `body`).
 * Null for indices wider than 24 bits; throws `outside(index)` for an index past the dictionary's
 * `dictionarySize` entries, RleError on malformed runs.
 */
export function indicesAt(body: Uint8Array, valuesAt: number, ranks: Int32Array, dictionarySize: number, outside: (index: number) => Error): Int32Array | null {
  let through = 0;
  for (let k = ranks.length - 1; k >= 0 && through === 0; k--) through = ranks[k]! + 1;
  if (through === 0) return new Int32Array(ranks.length);
  if (valuesAt >= body.length) throw new RleError('dictionary page indices are missing');
  const bitWidth = body[valuesAt]!;
  if (bitWidth > 24) return null;
  const exports = rle();
  const { next: values } = load(exports, body, 0, body.length, 0);
  const ranksAt = values + 4 * through;
  const out = ranksAt + 4 * ranks.length;
  const buffer = memory(exports, out + 4 * ranks.length);
  const reached = exports.decode(valuesAt + 1, body.length, bitWidth, values, through);
  if (reached < 0) throw failure(reached, through);
  if (dictionarySize < 2 ** bitWidth) {
    const at = exports.firstOutside(values, through, dictionarySize);
    if (at >= 0) throw outside(new Int32Array(buffer, values, through)[at]!);
  }
  new Int32Array(buffer, ranksAt, ranks.length).set(ranks);
  exports.gather(values, ranksAt, ranks.length, out);
  return new Int32Array(buffer, out, ranks.length).slice();
}
