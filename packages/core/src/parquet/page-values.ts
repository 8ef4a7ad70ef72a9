// The parts of a decompressed data page, read the same way by every page walk: its definition
// levels (which rows are null), PLAIN values (text as a start and length per value, INT64
// timestamps) and dictionary pages and indices. Malformed bytes throw PageDecodeError; a shape
// outside what the fast paths read throws UnsupportedChunkError.
import { UnsupportedChunkError, type ChunkLayout } from './chunk-layout.js';
import { headerValues, PageDecodeError, type PageBody } from './chunk-pages.js';
import { floorMillis, type TimestampUnit } from './epoch-millis.js';
import type { PageArena } from './page-arena.js';
import { decodeRleHybrid } from './rle-hybrid.js';

/** UTF-8 values laid out in one buffer: value `i` is `bytes[starts[i], starts[i] + lengths[i])`. */
export interface TextValues {
  bytes: Uint8Array;
  starts: Int32Array;
  /** -1 for null. */
  lengths: Int32Array;
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

/** How many of the first `count` rows hold a value. */
export function countDefined(defined: Int32Array, count: number): number {
  let present = 0;
  for (let k = 0; k < count; k++) present += defined[k]!;
  return present;
}

/** Spreads `present` packed values at `from` over the page's rows: -1 where a row is null. */
export function spreadOverRows(values: Int32Array, from: number, defined: Int32Array, count: number, out: Int32Array, outAt: number): void {
  // Backwards, so that `values` may be `out` itself (packed at the start of the page's rows).
  let next = from + countDefined(defined, count) - 1;
  for (let k = count - 1; k >= 0; k--) out[outAt + k] = defined[k] === 1 ? values[next--]! : -1;
}

/** The most values a data page of `pages` holds: the size of per-page scratch. */
export function maxPageValues(pages: PageBody[]): number {
  let max = 0;
  for (const page of pages) if (page.header.type !== 'DICTIONARY_PAGE') max = Math.max(max, headerValues(page.header));
  return max;
}

/** Per-row arrays: from the task's arena when decoding for a kernel, else new (zeroed). */
export function int32s(count: number, arena: PageArena | undefined): Int32Array {
  return arena === undefined ? new Int32Array(count) : arena.int32(count);
}

/** Walks PLAIN BYTE_ARRAY values: each is a 4-byte little-endian length, then the bytes. */
export function plainText(body: Uint8Array, at: number, defined: Int32Array, count: number, starts: Int32Array, lengths: Int32Array, rowAt: number): void {
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
export function plainInt64(body: Uint8Array, at: number, count: number): BigInt64Array {
  if (at + count * 8 > body.length) throw new PageDecodeError(`int64 values run past the page`);
  const copy = body.slice(at, at + count * 8);
  return new BigInt64Array(copy.buffer, 0, count);
}

/** Decodes a page's dictionary indices into `out` from `outAt`, checking each against the dictionary. */
export function dictionaryIndices(body: Uint8Array, at: number, present: number, dictionarySize: number, out: Int32Array, outAt: number): void {
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
