// Decodes one column chunk of the shapes sync-tracking files use — flat text or timestamps, PLAIN
// or dictionary encoded, data pages v1 or v2, uncompressed, snappy or gzip — straight from its
// bytes, without parquet-wasm and without building Arrow vectors or a string per row. Text stays
// as UTF-8 bytes with a start and length per row; dictionary columns keep their indices, so
// counting by value is counting integers. Anything else throws UnsupportedChunkError (the caller
// falls back to parquet-wasm); malformed bytes throw PageDecodeError.
import { gunzipSync } from 'node:zlib';
import { readPageHeader } from './page-header.js';
import type { PageHeader } from 'hyparquet';
import { checkPage, UnsupportedChunkError, type ChunkLayout } from './chunk-layout.js';
import { floorMillis, type TimestampUnit } from './epoch-millis.js';
import { countRleHybrid, decodeRleHybrid, RleError } from './rle-hybrid.js';
import { decompressSnappyBlock } from './snappy-block.js';
import { SnappyError } from './snappy.js';
import type { PageArena } from './page-arena.js';
import { decodeUtf8 } from './utf8-access.js';

export { UnsupportedChunkError };

export class PageDecodeError extends Error {
  override name = 'PageDecodeError';
}

/** UTF-8 values laid out in one buffer: value `i` is `bytes[starts[i], starts[i] + lengths[i])`. */
export interface TextValues {
  bytes: Uint8Array;
  starts: Int32Array;
  /** -1 for null. */
  lengths: Int32Array;
}

export type DecodedColumn =
  | { kind: 'text'; numRows: number; values: TextValues }
  /** `indices[row]` points into `dictionary`; -1 for null. */
  | { kind: 'text-dictionary'; numRows: number; dictionary: TextValues; indices: Int32Array }
  /** Epoch milliseconds; NaN for null. */
  | { kind: 'time'; numRows: number; millis: Float64Array };

const MAX_PAGE_BYTES = 1 << 30;

export interface PageBody {
  header: PageHeader;
  /** The page's uncompressed body (levels + values). */
  body: Uint8Array;
  /** For v2 pages: where the (decompressed) values start in `body`, and the level lengths. */
  valuesAt: number;
}

function decompress(layout: ChunkLayout, compressed: Uint8Array, size: number, arena?: PageArena): Uint8Array {
  if (size < 0 || size > MAX_PAGE_BYTES) throw new PageDecodeError(`page claims ${size} uncompressed bytes`);
  if (layout.codec === 'UNCOMPRESSED') {
    if (compressed.length !== size) throw new PageDecodeError(`uncompressed page holds ${compressed.length} bytes, its header says ${size}`);
    return compressed;
  }
  if (layout.codec === 'SNAPPY') {
    try {
      return decompressSnappyBlock(compressed, size, { arena });
    } catch (error) {
      if (error instanceof SnappyError) throw new PageDecodeError(error.message);
      throw error;
    }
  }
  let out: Buffer;
  try {
    out = gunzipSync(compressed, { maxOutputLength: size + 1 });
  } catch (error) {
    throw new PageDecodeError(`gzip page does not inflate (${(error as Error).message})`);
  }
  if (out.length !== size) throw new PageDecodeError(`gzip page holds ${out.length} bytes, its header says ${size}`);
  // A plain view: Buffer's slice() shares memory, where Uint8Array's copies.
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/** A page as the chunk stores it: its header and its body, still compressed. */
export interface RawPage {
  header: PageHeader;
  raw: Uint8Array;
}

/** The values a data page holds (0 for other pages). */
export function headerValues(header: PageHeader): number {
  if (header.type === 'DATA_PAGE') return header.data_page_header!.num_values;
  if (header.type === 'DATA_PAGE_V2') return header.data_page_header_v2!.num_values;
  return 0;
}

/**
 * The pages of a chunk, in order, until they hold the chunk's values; each checked against the
 * footer (`checkPage`: a contradiction throws UnsupportedChunkError), index pages left out.
 */
export function* rawPages(layout: ChunkLayout, chunk: Uint8Array): Generator<RawPage> {
  const numValues = layout.numValues;
  const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const reader = { view, offset: 0 };
  let values = 0;
  while (values < numValues) {
    if (reader.offset >= chunk.length) throw new PageDecodeError(`chunk ends after ${values} of ${numValues} values`);
    let header: PageHeader;
    try {
      header = readPageHeader(reader);
    } catch (error) {
      throw new PageDecodeError(`unreadable page header at byte ${reader.offset} of the chunk (${(error as Error).message})`);
    }
    const start = reader.offset;
    const end = start + header.compressed_page_size;
    if (!(header.compressed_page_size >= 0) || end > chunk.length) {
      throw new PageDecodeError(`page at byte ${start} claims ${header.compressed_page_size} bytes, past the chunk`);
    }
    reader.offset = end;
    if (!checkPage(layout, header)) continue;
    values += headerValues(header);
    yield { header, raw: chunk.subarray(start, end) };
  }
}

/**
 * Splits a chunk into its pages, decompressed (into `arena` where given: the pages are then valid
 * only until its next reset).
 */
export function readPages(layout: ChunkLayout, chunk: Uint8Array, arena?: PageArena): PageBody[] {
  const pages: PageBody[] = [];
  for (const { header, raw } of rawPages(layout, chunk)) {
    if (header.type === 'DICTIONARY_PAGE') {
      pages.push({ header, body: decompress(layout, raw, header.uncompressed_page_size, arena), valuesAt: 0 });
    } else if (header.type === 'DATA_PAGE') {
      pages.push({ header, body: decompress(layout, raw, header.uncompressed_page_size, arena), valuesAt: 0 });
    } else if (header.type === 'DATA_PAGE_V2') {
      const v2 = header.data_page_header_v2!;
      const levels = v2.definition_levels_byte_length + v2.repetition_levels_byte_length;
      if (levels > raw.length) throw new PageDecodeError('v2 page levels run past the page');
      const compressedValues = raw.subarray(levels);
      const valueBytes = v2.is_compressed === false
        ? compressedValues
        : decompress(layout, compressedValues, header.uncompressed_page_size - levels, arena);
      const body = new Uint8Array(levels + valueBytes.length);
      body.set(raw.subarray(0, levels));
      body.set(valueBytes, levels);
      pages.push({ header, body, valuesAt: levels });
    }
  }
  return pages;
}

/** A 4-byte little-endian unsigned length, as PLAIN values and v1 definition levels are prefixed. */
export function readUint32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) + bytes[at + 3]! * 0x1000000;
}

/** Where a page's definition levels lie in its body (null for a required column), and where its values start. */
export function levelSpan(layout: ChunkLayout, page: PageBody): { levels: [number, number] | null; valuesAt: number } {
  if (layout.maxDefinitionLevel === 0) return { levels: null, valuesAt: page.valuesAt };
  const body = page.body;
  if (page.header.type === 'DATA_PAGE_V2') {
    return { levels: [0, page.header.data_page_header_v2!.definition_levels_byte_length], valuesAt: page.valuesAt };
  }
  if (page.header.data_page_header!.definition_level_encoding !== 'RLE') {
    throw new UnsupportedChunkError(`definition levels encoded ${page.header.data_page_header!.definition_level_encoding}`);
  }
  if (body.length < 4) throw new PageDecodeError('page too short for its definition levels');
  const length = readUint32(body, 0);
  if (4 + length > body.length) throw new PageDecodeError('definition levels run past the page');
  return { levels: [4, 4 + length], valuesAt: 4 + length };
}

/** Fills `defined` (1 = value present) for a page's rows; returns where the values start. */
export function readDefinitionLevels(layout: ChunkLayout, page: PageBody, count: number, defined: Int32Array): number {
  const { levels, valuesAt } = levelSpan(layout, page);
  if (levels === null) defined.fill(1, 0, count);
  else decodeRleHybrid(page.body, levels[0], levels[1], 1, defined, 0, count);
  return valuesAt;
}

function pageEncoding(page: PageBody): string {
  return headerEncoding(page.header);
}

/** A data page's value encoding. */
export function headerEncoding(header: PageHeader): string {
  return header.type === 'DATA_PAGE_V2' ? header.data_page_header_v2!.encoding : header.data_page_header!.encoding;
}

function maxPageValues(pages: PageBody[]): number {
  let max = 0;
  for (const page of pages) if (page.header.type !== 'DICTIONARY_PAGE') max = Math.max(max, pageValues(page));
  return max;
}

function pageValues(page: PageBody): number {
  return headerValues(page.header);
}

/** Per-row arrays: from the task's arena when decoding for a kernel, else new (zeroed). */
function int32s(count: number, arena: PageArena | undefined): Int32Array {
  return arena === undefined ? new Int32Array(count) : arena.int32(count);
}

/** Walks PLAIN BYTE_ARRAY values: each is a 4-byte little-endian length, then the bytes. */
function plainText(body: Uint8Array, at: number, defined: Int32Array, count: number, starts: Int32Array, lengths: Int32Array, rowAt: number): void {
  const end = body.length;
  for (let k = 0; k < count; k++) {
    const row = rowAt + k;
    if (defined[k] === 0) {
      starts[row] = 0;
      lengths[row] = -1;
      continue;
    }
    if (at + 4 > end) throw new PageDecodeError(`text values end after ${k} of ${count}`);
    const length = readUint32(body, at);
    at += 4;
    if (at + length > end) throw new PageDecodeError(`text value ${k} runs past the page`);
    starts[row] = at;
    lengths[row] = length;
    at += length;
  }
}

/** The values of a text dictionary page (PLAIN, none null). */
export function textDictionary(page: PageBody): TextValues {
  const size = page.header.dictionary_page_header!.num_values;
  const values: TextValues = { bytes: page.body, starts: new Int32Array(size), lengths: new Int32Array(size) };
  plainText(page.body, 0, new Int32Array(size).fill(1), size, values.starts, values.lengths, 0);
  return values;
}

/** The values of a timestamp dictionary page (PLAIN INT64), in epoch milliseconds. */
export function timeDictionary(page: PageBody, unit: TimestampUnit): Float64Array {
  const size = page.header.dictionary_page_header!.num_values;
  return Float64Array.from(plainInt64(page.body, 0, size), (value) => floorMillis(value, unit));
}

/** Reads `count` PLAIN INT64 values from `at`. */
function plainInt64(body: Uint8Array, at: number, count: number): BigInt64Array {
  if (at + count * 8 > body.length) throw new PageDecodeError(`int64 values run past the page`);
  const copy = body.slice(at, at + count * 8);
  return new BigInt64Array(copy.buffer, 0, count);
}

/** Decodes a page's dictionary indices into `out` from `outAt`, checking each against the dictionary. */
function dictionaryIndices(body: Uint8Array, at: number, present: number, dictionarySize: number, out: Int32Array, outAt: number): void {
  if (present === 0) return;
  if (at >= body.length) throw new PageDecodeError('dictionary page indices are missing');
  const bitWidth = body[at]!;
  if (bitWidth > 24) throw new UnsupportedChunkError(`dictionary index width ${bitWidth}`);
  decodeRleHybrid(body, at + 1, body.length, bitWidth, out, outAt, present);
  // Indices of this width cannot reach past a dictionary this large: nothing to check.
  if (dictionarySize >= 2 ** bitWidth) return;
  for (let k = outAt, end = outAt + present; k < end; k++) {
    const index = out[k]!;
    if (index < 0 || index >= dictionarySize) throw new PageDecodeError(`dictionary index ${index} is outside a dictionary of ${dictionarySize}`);
  }
}

/** Spreads `present` packed values at `from` over the page's rows: -1 where a row is null. */
function spreadOverRows(values: Int32Array, from: number, defined: Int32Array, count: number, out: Int32Array, outAt: number): void {
  // Backwards, so that `values` may be `out` itself (packed at the start of the page's rows).
  let next = from + countDefined(defined, count) - 1;
  for (let k = count - 1; k >= 0; k--) out[outAt + k] = defined[k] === 1 ? values[next--]! : -1;
}

function countDefined(defined: Int32Array, count: number): number {
  let present = 0;
  for (let k = 0; k < count; k++) present += defined[k]!;
  return present;
}

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
    const count = pageValues(page);
    if (row + count > numRows) throw new PageDecodeError(`pages hold more than the row group's ${numRows} rows`);
    const take = Math.min(count, rows - row);
    const at = readDefinitionLevels(layout, page, take, defined);
    const encoding = pageEncoding(page);
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
    const full = pageValues(page);
    if (row + full > numRows) throw new PageDecodeError(`pages hold more than the row group's ${numRows} rows`);
    const count = Math.min(full, rows - row);
    const at = readDefinitionLevels(layout, page, count, defined);
    const present = countDefined(defined, count);
    const encoding = pageEncoding(page);
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

/** A dictionary-encoded text chunk counted by value: rows per dictionary entry, and null rows. */
export interface DictionaryCounts {
  dictionary: TextValues;
  counts: Int32Array;
  nulls: number;
}

/**
 * Counts a text chunk's rows per dictionary entry straight from its RLE / bit-packed indices, without
 * decoding an index per row: what a summary by status needs. Null when a data page is not
 * dictionary-encoded (a writer may fall back to PLAIN); the caller then decodes the chunk.
 */
export function countDictionaryPages(layout: ChunkLayout, pages: PageBody[], numRows: number): DictionaryCounts | null {
  if (layout.kind !== 'text' || layout.numValues !== numRows) return null;
  let dictionary: TextValues | null = null;
  let counts: Int32Array | null = null;
  let nulls = 0;
  let rows = 0;
  const defined = new Int32Array(2);
  try {
    for (const page of pages) {
      if (page.header.type === 'DICTIONARY_PAGE') {
        dictionary = textDictionary(page);
        counts = new Int32Array(dictionary.starts.length);
        continue;
      }
      const encoding = pageEncoding(page);
      if (encoding !== 'PLAIN_DICTIONARY' && encoding !== 'RLE_DICTIONARY') return null;
      if (dictionary === null || counts === null) throw new PageDecodeError('dictionary-encoded page without a dictionary page');
      const count = pageValues(page);
      rows += count;
      if (rows > numRows) throw new PageDecodeError(`pages hold more than the row group's ${numRows} rows`);
      const { levels, valuesAt } = levelSpan(layout, page);
      let present = count;
      if (levels !== null) {
        defined.fill(0);
        countRleHybrid(page.body, levels[0], levels[1], 1, defined, count);
        present = defined[1]!;
      }
      nulls += count - present;
      if (present === 0) continue;
      if (valuesAt >= page.body.length) throw new PageDecodeError('dictionary page indices are missing');
      const bitWidth = page.body[valuesAt]!;
      if (bitWidth > 24) throw new UnsupportedChunkError(`dictionary index width ${bitWidth}`);
      countRleHybrid(page.body, valuesAt + 1, page.body.length, bitWidth, counts, present);
    }
  } catch (error) {
    if (error instanceof RleError) throw new PageDecodeError(error.message);
    throw error;
  }
  if (rows !== numRows) throw new PageDecodeError(`chunk holds ${rows} values for ${numRows} rows`);
  if (dictionary === null || counts === null) return null;
  return { dictionary, counts, nulls };
}

/**
 * The rows (ascending, within the row group) of a dictionary-encoded text chunk whose value `judge`
 * accepts, each distinct value judged once: what a filter on status or operation needs, without
 * an index spread over every row or a test per row through the column's interning. Null when a
 * data page is not dictionary-encoded (the caller then decodes the chunk). Per-row scratch comes
 * from `arena` when given.
 */
export function matchDictionaryPages(layout: ChunkLayout, pages: PageBody[], numRows: number, judge: (value: string | null) => boolean, arena?: PageArena): number[] | null {
  if (layout.kind !== 'text' || layout.numValues !== numRows) return null;
  const rows: number[] = [];
  let pass: Uint8Array | null = null;
  let dictionarySize = 0;
  const nullPasses = judge(null);
  let firstRow = 0;
  const scratch = int32s(2 * maxPageValues(pages), arena);
  try {
    for (const page of pages) {
      if (page.header.type === 'DICTIONARY_PAGE') {
        const dictionary = textDictionary(page);
        dictionarySize = dictionary.starts.length;
        pass = new Uint8Array(dictionarySize);
        for (let id = 0; id < dictionarySize; id++) {
          const start = dictionary.starts[id]!;
          pass[id] = judge(decodeUtf8(dictionary.bytes, start, start + dictionary.lengths[id]!)) ? 1 : 0;
        }
        continue;
      }
      const encoding = pageEncoding(page);
      if (encoding !== 'PLAIN_DICTIONARY' && encoding !== 'RLE_DICTIONARY') return null;
      if (pass === null) throw new PageDecodeError('dictionary-encoded page without a dictionary page');
      const count = pageValues(page);
      if (firstRow + count > numRows) throw new PageDecodeError(`pages hold more than the row group's ${numRows} rows`);
      const defined = scratch.subarray(0, count);
      const indices = scratch.subarray(count, 2 * count);
      const valuesAt = readDefinitionLevels(layout, page, count, defined);
      const present = layout.maxDefinitionLevel === 0 ? count : countDefined(defined, count);
      dictionaryIndices(page.body, valuesAt, present, dictionarySize, indices, 0);
      if (present === count) {
        for (let k = 0; k < count; k++) if (pass[indices[k]!] === 1) rows.push(firstRow + k);
      } else {
        for (let k = 0, value = 0; k < count; k++) {
          if (defined[k] === 1 ? pass[indices[value++]!] === 1 : nullPasses) rows.push(firstRow + k);
        }
      }
      firstRow += count;
    }
  } catch (error) {
    if (error instanceof RleError) throw new PageDecodeError(error.message);
    throw error;
  }
  if (firstRow !== numRows) throw new PageDecodeError(`chunk holds ${firstRow} values for ${numRows} rows`);
  return pass === null ? null : rows;
}
