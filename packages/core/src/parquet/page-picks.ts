// A few rows' values of a dictionary-encoded chunk, or of a PLAIN timestamp chunk, read from its
// decompressed pages: no value is made for the other rows. A uniform sample keeps ~5 rows of a row
// group's 100k, and decoding a dictionary index, a definition level and a timestamp for every row
// of every column it prints in JavaScript took a third of its workers' time. Pages holding none of
// the rows are skipped; in the others, levels and indices are decoded in WebAssembly only up to the
// last row wanted (wasm-rle.ts), and the rows' values taken from there.
// PLAIN text is read through text-rows.ts instead.
import type { ChunkLayout } from './chunk-layout.js';
import { floorMillis } from './epoch-millis.js';
import { fastPathOn } from './fast-paths.js';
import {
  headerEncoding,
  headerValues,
  levelSpan,
  PageDecodeError,
  textDictionary,
  timeDictionary,
  UnsupportedChunkError,
  type PageBody,
  type TextValues,
} from './page-decoder.js';
import { RleError } from './rle-hybrid.js';
import { definedRanks, indicesAt } from './wasm-rle.js';
import { dictionaryStrings } from './decoded-access.js';

/** Strings for a text chunk, epoch milliseconds for a timestamp chunk; null for null rows. */
export type PickedValues = Array<string | number | null>;

/**
 * The values of `rows` (ascending row numbers within the row group) from a chunk's pages, as the
 * whole decode would give them. Null when a page with wanted rows is PLAIN text or of another
 * encoding, or `page-picks` is off: the caller then reads the chunk another way.
 */
export function pickPageRows(layout: ChunkLayout, pages: readonly PageBody[], numRows: number, rows: readonly number[]): PickedValues | null {
  for (let k = 0; k < rows.length; k++) {
    if (!(rows[k]! >= 0 && rows[k]! < numRows) || (k > 0 && rows[k]! < rows[k - 1]!)) throw new RangeError(`rows must be ascending within 0…${numRows - 1}`);
  }
  if (!fastPathOn('page-picks')) return null;
  try {
    return pick(layout, pages, numRows, rows);
  } catch (error) {
    if (error instanceof RleError) throw new PageDecodeError(error.message);
    throw error;
  }
}

/** A chunk's dictionary: its size, and an entry's value (text decoded when first asked for, or a time). */
interface PickDictionary {
  size: number;
  value(entry: number): string | number;
}

function readDictionary(layout: ChunkLayout, page: PageBody): PickDictionary {
  if (layout.kind === 'text') {
    const text = textDictionary(page);
    return { size: text.starts.length, value: dictionaryStrings(text) };
  }
  const times = timeDictionary(page, layout.timeUnit!);
  return { size: times.length, value: (entry) => times[entry]! };
}

function pick(layout: ChunkLayout, pages: readonly PageBody[], numRows: number, rows: readonly number[]): PickedValues | null {
  const out: PickedValues = new Array<string | number | null>(rows.length).fill(null);
  let dictionary: PickDictionary | null = null;
  const onDictionary = (page: PageBody) => {
    dictionary = readDictionary(layout, page);
    return dictionary.size;
  };
  const onValue = (index: number, value: number, fromDictionary: boolean) => {
    out[index] = fromDictionary ? dictionary!.value(value) : value;
  };
  return walkPicks(layout, pages, numRows, rows, onDictionary, onValue) ? out : null;
}

/**
 * The picks of a dictionary-encoded text chunk as the dictionary entry of each row (-1 for null)
 * and the dictionary's UTF-8: text for writing out as it is, without a string per value (see
 * record-lines.ts). Null where `pickPageRows` is, or for a timestamp chunk.
 */
export function pickDictionaryText(layout: ChunkLayout, pages: readonly PageBody[], numRows: number, rows: readonly number[]): { dictionary: TextValues; entries: Int32Array } | null {
  if (layout.kind !== 'text' || !fastPathOn('page-picks')) return null;
  const entries = new Int32Array(rows.length).fill(-1);
  let dictionary: TextValues | null = null;
  try {
    const onDictionary = (page: PageBody) => {
      dictionary = textDictionary(page);
      return dictionary.starts.length;
    };
    const walked = walkPicks(layout, pages, numRows, rows, onDictionary, (index, entry) => {
      entries[index] = entry;
    });
    return walked && dictionary !== null ? { dictionary, entries } : null;
  } catch (error) {
    if (error instanceof RleError) throw new PageDecodeError(error.message);
    throw error;
  }
}

/**
 * Finds the value of each of `rows` in the pages: `onValue(index in rows, value)` with a dictionary
 * entry (`fromDictionary`, after `onDictionary` read the dictionary page and gave its size) or a
 * PLAIN timestamp in epoch milliseconds; null rows get no call. False when a page holding wanted
 * rows is of another encoding.
 */
function walkPicks(
  layout: ChunkLayout,
  pages: readonly PageBody[],
  numRows: number,
  rows: readonly number[],
  onDictionary: (page: PageBody) => number,
  onValue: (index: number, value: number, fromDictionary: boolean) => void,
): boolean {
  let dictionarySize: number | null = null;
  let firstRow = 0;
  let next = 0;
  for (const page of pages) {
    if (page.header.type === 'DICTIONARY_PAGE') {
      dictionarySize = onDictionary(page);
      continue;
    }
    const count = headerValues(page.header);
    if (firstRow + count > numRows) throw new PageDecodeError(`pages hold more than the row group's ${numRows} rows`);
    const from = next;
    while (next < rows.length && rows[next]! < firstRow + count) next++;
    if (next > from) {
      const encoding = headerEncoding(page.header);
      const dictionaryEncoded = encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY';
      if (!dictionaryEncoded && !(encoding === 'PLAIN' && layout.kind === 'time')) return false;
      if (dictionaryEncoded && dictionarySize === null) throw new PageDecodeError('dictionary-encoded page without a dictionary page');
      const local = new Int32Array(next - from);
      for (let k = 0; k < local.length; k++) local[k] = rows[from + k]! - firstRow;
      const { levels, valuesAt } = levelSpan(layout, page);
      // Each wanted row's place among the page's values (-1: null).
      const ranks = levels === null ? local : definedRanks(page.body, levels, local);
      const values = dictionaryEncoded ? pickIndices(page, valuesAt, ranks, dictionarySize!) : pickTimes(layout, page, valuesAt, ranks);
      for (let k = 0; k < ranks.length; k++) if (ranks[k]! >= 0) onValue(from + k, values[k]!, dictionaryEncoded);
    }
    firstRow += count;
  }
  if (firstRow !== numRows) throw new PageDecodeError(`chunk holds ${firstRow} values for ${numRows} rows`);
  return true;
}

/** The dictionary indices at `ranks` (-1: none), checked against the dictionary. */
function pickIndices(page: PageBody, valuesAt: number, ranks: Int32Array, dictionarySize: number): Int32Array {
  const indices = indicesAt(page.body, valuesAt, ranks, dictionarySize, (index) => new PageDecodeError(`dictionary index ${index} is outside a dictionary of ${dictionarySize}`));
  if (indices === null) throw new UnsupportedChunkError(`dictionary index width ${page.body[valuesAt]}`);
  return indices;
}

/** The PLAIN INT64 timestamps at `ranks` (-1: none), in epoch milliseconds. */
function pickTimes(layout: ChunkLayout, page: PageBody, valuesAt: number, ranks: Int32Array): Float64Array {
  const view = new DataView(page.body.buffer, page.body.byteOffset, page.body.byteLength);
  const times = new Float64Array(ranks.length);
  for (let k = 0; k < ranks.length; k++) {
    const rank = ranks[k]!;
    if (rank < 0) continue;
    const at = valuesAt + rank * 8;
    if (at + 8 > page.body.length) throw new PageDecodeError('int64 values run past the page');
    times[k] = floorMillis(view.getBigInt64(at, true), layout.timeUnit!);
  }
  return times;
}
