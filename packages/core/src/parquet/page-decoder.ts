// Decodes one column chunk of the shapes sync-tracking files use — flat text or timestamps, PLAIN
// or dictionary encoded, data pages v1 or v2, uncompressed, snappy or gzip — straight from its
// bytes, without parquet-wasm and without building Arrow vectors or a string per row. Text stays
// as UTF-8 bytes with a start and length per row; dictionary columns keep their indices, so
// counting by value is counting integers. Anything else throws UnsupportedChunkError (the caller
// falls back to parquet-wasm); malformed bytes throw PageDecodeError. The pages come from
// chunk-pages.ts, their levels and values are read by page-values.ts, and dictionary chunks counted
// or matched without a row each by dictionary-pages.ts; their names the page walks use are
// re-exported here.
import { UnsupportedChunkError, type ChunkLayout } from './chunk-layout.js';
import { headerEncoding, headerValues, PageDecodeError, readPages, type PageBody } from './chunk-pages.js';
import { floorMillis } from './epoch-millis.js';
import type { PageArena } from './page-arena.js';
import {
  countDefined,
  dictionaryIndices,
  int32s,
  maxPageValues,
  plainInt64,
  plainText,
  readDefinitionLevels,
  spreadOverRows,
  textDictionary,
  timeDictionary,
  type TextValues,
} from './page-values.js';

export { UnsupportedChunkError };
export { headerEncoding, headerValues, PageDecodeError, rawPages, readPages, type PageBody, type RawPage } from './chunk-pages.js';
export { levelSpan, readDefinitionLevels, readUint32, textDictionary, timeDictionary, type TextValues } from './page-values.js';
export { countDictionaryPages, matchDictionaryPages, type DictionaryCounts } from './dictionary-pages.js';

export type DecodedColumn =
  | { kind: 'text'; numRows: number; values: TextValues }
  /** `indices[row]` points into `dictionary`; -1 for null. */
  | { kind: 'text-dictionary'; numRows: number; dictionary: TextValues; indices: Int32Array }
  /** Epoch milliseconds; NaN for null. */
  | { kind: 'time'; numRows: number; millis: Float64Array };

function decodeTextChunk(layout: ChunkLayout, pages: PageBody[], numRows: number, rows: number, arena: PageArena | undefined): DecodedColumn {
  let dictionary: TextValues | null = null;
  const indices = int32s(rows, arena);
  // Only PLAIN pages need a start and length per row.
  let starts: Int32Array | null = null;
  let lengths: Int32Array | null = null;
  // Rows of PLAIN pages live in their own page buffers; gathered into one at the end when needed.
  const plainPages: Array<{ body: Uint8Array; from: number; to: number }> = [];
  let row = 0;
  const defined = int32s(maxPageValues(pages), arena);
  for (const page of pages) {
    if (page.header.type === 'DICTIONARY_PAGE') {
      dictionary = textDictionary(page);
      continue;
    }
    if (row >= rows) break;
    const count = headerValues(page.header);
    if (row + count > numRows) throw new PageDecodeError(`pages hold more than the row group's ${numRows} rows`);
    const take = Math.min(count, rows - row);
    const at = readDefinitionLevels(layout, page, take, defined);
    const encoding = headerEncoding(page.header);
    if (encoding === 'PLAIN') {
      starts ??= int32s(rows, arena);
      lengths ??= int32s(rows, arena).fill(-1);
      plainText(page.body, at, defined, take, starts, lengths, row);
      indices.fill(-2, row, row + take);
      plainPages.push({ body: page.body, from: row, to: row + take });
    } else if (encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY') {
      if (dictionary === null) throw new PageDecodeError('dictionary-encoded page without a dictionary page');
      const present = countDefined(defined, take);
      dictionaryIndices(page.body, at, present, dictionary.starts.length, indices, row);
      if (present < take) spreadOverRows(indices, row, defined, take, indices, row);
    } else {
      throw new UnsupportedChunkError(`text page encoding ${encoding}`);
    }
    row += take;
  }
  if (row !== rows) throw new PageDecodeError(`chunk holds ${row} values for ${numRows} rows`);
  if (starts === null || lengths === null) {
    if (dictionary === null) throw new PageDecodeError('chunk has no data pages');
    return { kind: 'text-dictionary', numRows: rows, dictionary, indices };
  }
  if (plainPages.length === 1 && dictionary === null) return { kind: 'text', numRows: rows, values: { bytes: plainPages[0]!.body, starts, lengths } };
  // Several pages, or a dictionary that fell back to PLAIN: gather every row's bytes into one buffer.
  const sources: Uint8Array[] = new Array(rows);
  for (const page of plainPages) for (let r = page.from; r < page.to; r++) sources[r] = page.body;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const index = indices[r]!;
    if (index >= 0) {
      sources[r] = dictionary!.bytes;
      starts[r] = dictionary!.starts[index]!;
      lengths[r] = dictionary!.lengths[index]!;
    }
    if (lengths[r]! > 0) total += lengths[r]!;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (let r = 0; r < rows; r++) {
    const length = lengths[r]!;
    if (length < 0) continue;
    bytes.set(sources[r]!.subarray(starts[r]!, starts[r]! + length), at);
    starts[r] = at;
    at += length;
  }
  return { kind: 'text', numRows: rows, values: { bytes, starts, lengths } };
}

function decodeTimeChunk(layout: ChunkLayout, pages: PageBody[], numRows: number, rows: number, arena: PageArena | undefined): DecodedColumn {
  const unit = layout.timeUnit!;
  const millis = arena === undefined ? new Float64Array(rows) : arena.float64(rows);
  let dictionary: Float64Array | null = null;
  let row = 0;
  const defined = int32s(maxPageValues(pages), arena);
  for (const page of pages) {
    if (page.header.type === 'DICTIONARY_PAGE') {
      dictionary = timeDictionary(page, unit);
      continue;
    }
    if (row >= rows) break;
    const full = headerValues(page.header);
    if (row + full > numRows) throw new PageDecodeError(`pages hold more than the row group's ${numRows} rows`);
    const count = Math.min(full, rows - row);
    const at = readDefinitionLevels(layout, page, count, defined);
    const present = countDefined(defined, count);
    const encoding = headerEncoding(page.header);
    // Values packed at the page's rows, then spread over them (backwards) where rows are null.
    if (encoding === 'PLAIN') {
      const raw = plainInt64(page.body, at, present);
      for (let k = 0; k < present; k++) millis[row + k] = floorMillis(raw[k]!, unit);
    } else if (encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY') {
      if (dictionary === null) throw new PageDecodeError('dictionary-encoded page without a dictionary page');
      const pageIndices = int32s(present, arena);
      dictionaryIndices(page.body, at, present, dictionary.length, pageIndices, 0);
      for (let k = 0; k < present; k++) millis[row + k] = dictionary[pageIndices[k]!]!;
    } else {
      throw new UnsupportedChunkError(`timestamp page encoding ${encoding}`);
    }
    if (present < count) {
      let next = row + present - 1;
      for (let k = count - 1; k >= 0; k--) millis[row + k] = defined[k] === 1 ? millis[next--]! : Number.NaN;
    }
    row += count;
  }
  if (row !== rows) throw new PageDecodeError(`chunk holds ${row} values for ${numRows} rows`);
  return { kind: 'time', numRows: rows, millis };
}

/**
 * Decodes a column chunk's bytes (exactly `layout.start` to `layout.end`): its first `rows` rows,
 * all of them by default (one row of a record read through the local index needs only those up to it).
 */
export function decodeChunk(layout: ChunkLayout, chunk: Uint8Array, numRows: number, rows = numRows): DecodedColumn {
  if (layout.numValues !== numRows) throw new UnsupportedChunkError('values and rows differ (a nested column?)');
  return decodePages(layout, readPages(layout, chunk), numRows, rows);
}

/**
 * Decodes a chunk's pages already split and decompressed by `readPages` (the first `rows` rows).
 * With an `arena`, the per-row arrays live in it: the result is valid until its next reset.
 */
export function decodePages(layout: ChunkLayout, pages: PageBody[], numRows: number, rows = numRows, arena?: PageArena): DecodedColumn {
  if (layout.numValues !== numRows) throw new UnsupportedChunkError('values and rows differ (a nested column?)');
  if (!(rows >= 0 && rows <= numRows)) throw new RangeError(`rows ${rows} is outside 0…${numRows}`);
  return layout.kind === 'time' ? decodeTimeChunk(layout, pages, numRows, rows, arena) : decodeTextChunk(layout, pages, numRows, rows, arena);
}
