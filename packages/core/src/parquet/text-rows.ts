// A few rows' values of a PLAIN text chunk, read without decoding the chunk: what find and sample
// need from a row group's payloads (~97% of its bytes). Pages holding none of the rows are skipped
// undecompressed; the others are decompressed only up to the last row wanted in them, through a
// sliding window (body-window.ts), so memory stays at a few hundred KiB whatever the page size.
// Rows at random places in a page cost half of it on average instead of all of it.
import type { PageHeader } from 'hyparquet';
import type { ChunkLayout } from './chunk-layout.js';
import { fastPathOn } from './fast-paths.js';
import type { PageArena } from './page-arena.js';
import { plainWindow, SnappyWindow, type BodyWindow } from './body-window.js';
import { headerEncoding, headerValues, PageDecodeError, rawPages, readUint32, UnsupportedChunkError } from './page-decoder.js';
import { walkPlainValues, type TextSink } from './wasm-plain.js';
import { decodeRleHybrid, RleError } from './rle-hybrid.js';
import { SnappyError } from './snappy.js';
import { decodeUtf8 } from './utf8-access.js';
import type { Utf8Texts } from '../model/utf8-texts.js';

/**
 * True for chunks this reader may take (text, uncompressed or snappy); a chunk that turns out
 * dictionary-encoded is still refused, page by page. False for every chunk with `text-windows` off.
 */
export function windowable(layout: ChunkLayout): boolean {
  return layout.kind === 'text' && layout.codec !== 'GZIP' && fastPathOn('text-windows');
}

/** The page's values through a window, and which of its first `take` rows are defined (null: all). */
function openPage(layout: ChunkLayout, header: PageHeader, raw: Uint8Array, take: number, arena: PageArena | undefined): { window: BodyWindow; defined: Int32Array | null; at: number } {
  const optional = layout.maxDefinitionLevel === 1;
  const defined = optional ? (arena?.int32(take) ?? new Int32Array(take)) : null;
  const body = (bytes: Uint8Array, size: number, compressed: boolean): BodyWindow => {
    if (!compressed || layout.codec === 'UNCOMPRESSED') {
      if (bytes.length !== size) throw new PageDecodeError(`uncompressed page holds ${bytes.length} bytes, its header says ${size}`);
      return plainWindow(bytes);
    }
    if (layout.codec === 'SNAPPY') return new SnappyWindow(bytes, size);
    throw new UnsupportedChunkError(`${layout.codec} pages are read whole`);
  };
  if (header.type === 'DATA_PAGE_V2') {
    // Repetition levels and the definition levels' encoding were checked against the gate (rawPages).
    const v2 = header.data_page_header_v2!;
    const levels = v2.definition_levels_byte_length;
    if (levels > raw.length) throw new PageDecodeError('v2 page levels run past the page');
    if (defined !== null) decodeRleHybrid(raw, 0, levels, 1, defined, 0, take);
    return { window: body(raw.subarray(levels), header.uncompressed_page_size - levels, v2.is_compressed !== false), defined, at: 0 };
  }
  const window = body(raw, header.uncompressed_page_size, true);
  if (defined === null) return { window, defined, at: 0 };
  window.need(0, 4);
  const length = readUint32(window.bytes, -window.base);
  window.need(0, 4 + length);
  decodeRleHybrid(window.bytes, 4 - window.base, 4 + length - window.base, 1, defined, 0, take);
  return { window, defined, at: 4 + length };
}

/** Hands the values of `rows[from, to)`, all in the page starting at `firstRow`, to `sink`. */
function readPageRows(
  layout: ChunkLayout,
  page: { header: PageHeader; raw: Uint8Array },
  firstRow: number,
  rows: readonly number[],
  from: number,
  to: number,
  sink: TextSink,
  arena: PageArena | undefined,
): void {
  const take = rows[to - 1]! - firstRow + 1;
  const { window, defined, at } = openPage(layout, page.header, page.raw, take, arena);
  walkPlainValues(window, at, defined, take, rows, from, to, firstRow, sink);
}

/**
 * The values of `rows` (ascending, within the row group) of a text chunk (`chunk` = its bytes,
 * `layout.start` to `layout.end`), null for null rows; null when the chunk is not PLAIN text this
 * reader knows (dictionary-encoded, gzip, …) and must be decoded whole. Malformed pages throw
 * PageDecodeError. With an `arena`, the definition levels are decoded into it.
 */
export function pickTextRows(layout: ChunkLayout, chunk: Uint8Array, numRows: number, rows: readonly number[], arena?: PageArena): Array<string | null> | null {
  const out = new Array<string | null>(rows.length).fill(null);
  const sink: TextSink = {
    value: (index, bytes, start, end) => {
      // Duplicate rows share one string.
      out[index] = index > 0 && rows[index - 1] === rows[index] ? out[index - 1]! : decodeUtf8(bytes, start, end);
    },
    null: () => {},
  };
  return pickInto(layout, chunk, numRows, rows, sink, arena) ? out : null;
}

/**
 * `pickTextRows`, as bytes (for writing them out as they are, see record-lines.ts). With an
 * `arena`, the cells are in its memory: valid until its next reset.
 */
export function pickTextRowBytes(layout: ChunkLayout, chunk: Uint8Array, numRows: number, rows: readonly number[], arena?: PageArena): Utf8Texts | null {
  const bytesOf = (size: number) => arena?.take(size) ?? new Uint8Array(size);
  const int32s = (count: number) => arena?.int32(count) ?? new Int32Array(count);
  const cells: Utf8Texts = { bytes: bytesOf(Math.max(64, rows.length * 48)), starts: int32s(rows.length).fill(-1), ends: int32s(rows.length) };
  let used = 0;
  const sink: TextSink = {
    value: (index, bytes, start, end) => {
      const length = end - start;
      if (used + length > cells.bytes.length) {
        const grown = bytesOf(Math.max(used + length, cells.bytes.length * 2));
        grown.set(cells.bytes.subarray(0, used));
        cells.bytes = grown;
      }
      // Short values byte by byte: a subarray per value cost more than the copy.
      const target = cells.bytes;
      if (length < 64) for (let k = 0; k < length; k++) target[used + k] = bytes[start + k]!;
      else target.set(bytes.subarray(start, end), used);
      cells.starts[index] = used;
      used += length;
      cells.ends[index] = used;
    },
    null: () => {},
  };
  return pickInto(layout, chunk, numRows, rows, sink, arena) ? cells : null;
}

/** Hands the values of `rows` to `sink`; false when the chunk must be decoded whole. */
function pickInto(layout: ChunkLayout, chunk: Uint8Array, numRows: number, rows: readonly number[], sink: TextSink, arena: PageArena | undefined): boolean {
  if (!windowable(layout) || layout.numValues !== numRows) return false;
  for (let k = 0; k < rows.length; k++) {
    if (!(rows[k]! >= 0 && rows[k]! < numRows) || (k > 0 && rows[k]! < rows[k - 1]!)) throw new RangeError(`rows must be ascending within 0…${numRows - 1}`);
  }
  let next = 0;
  let firstRow = 0;
  try {
    for (const page of rawPages(layout, chunk)) {
      if (next === rows.length) break;
      if (page.header.type === 'DICTIONARY_PAGE') return false;
      const count = headerValues(page.header);
      if (count === 0) continue;
      if (firstRow + count > numRows) throw new PageDecodeError(`pages hold more than the row group's ${numRows} rows`);
      let last = next;
      while (last < rows.length && rows[last]! < firstRow + count) last++;
      if (last > next) {
        if (headerEncoding(page.header) !== 'PLAIN') return false;
        readPageRows(layout, page, firstRow, rows, next, last, sink, arena);
      }
      next = last;
      firstRow += count;
    }
  } catch (error) {
    if (error instanceof UnsupportedChunkError) return false;
    if (error instanceof SnappyError || error instanceof RleError) throw new PageDecodeError(error.message);
    throw error;
  }
  return true;
}
