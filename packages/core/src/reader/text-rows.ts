// A few rows' values of a PLAIN text chunk, read without decoding the chunk: what find and sample
// need from a row group's payloads (~97% of its bytes). Pages holding none of the rows are skipped
// undecompressed; the others are decompressed only up to the last row wanted in them, through a
// sliding window (body-window.ts), so memory stays at a few hundred KiB whatever the page size.
// Rows at random places in a page cost half of it on average instead of all of it.
import type { PageHeader } from 'hyparquet';
import type { ChunkLayout } from './chunk-layout.js';
import type { PageArena } from './page-arena.js';
import { plainWindow, SnappyWindow, type BodyWindow } from './body-window.js';
import { headerEncoding, headerValues, PageDecodeError, rawPages, readUint32, UnsupportedChunkError } from './page-decoder.js';
import { decodeRleHybrid, RleError } from './rle-hybrid.js';
import { SnappyError } from './snappy.js';
import { decodeUtf8 } from './utf8-access.js';

/**
 * True for chunks this reader may take (text, uncompressed or snappy); a chunk that turns out
 * dictionary-encoded is still refused, page by page.
 */
export function windowable(layout: ChunkLayout): boolean {
  return layout.kind === 'text' && layout.codec !== 'GZIP';
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
    const v2 = header.data_page_header_v2!;
    if (v2.repetition_levels_byte_length !== 0) throw new UnsupportedChunkError('repetition levels');
    const levels = v2.definition_levels_byte_length;
    if (levels > raw.length) throw new PageDecodeError('v2 page levels run past the page');
    if (defined !== null) decodeRleHybrid(raw, 0, levels, 1, defined, 0, take);
    return { window: body(raw.subarray(levels), header.uncompressed_page_size - levels, v2.is_compressed !== false), defined, at: 0 };
  }
  const window = body(raw, header.uncompressed_page_size, true);
  if (defined === null) return { window, defined, at: 0 };
  if (header.data_page_header!.definition_level_encoding !== 'RLE') {
    throw new UnsupportedChunkError(`definition levels encoded ${header.data_page_header!.definition_level_encoding}`);
  }
  window.need(0, 4);
  const length = readUint32(window.bytes, -window.base);
  window.need(0, 4 + length);
  decodeRleHybrid(window.bytes, 4 - window.base, 4 + length - window.base, 1, defined, 0, take);
  return { window, defined, at: 4 + length };
}

/** Fills `out[from, to)` with the values of `rows[from, to)`, all in the page starting at `firstRow`. */
function readPageRows(
  layout: ChunkLayout,
  page: { header: PageHeader; raw: Uint8Array },
  firstRow: number,
  rows: readonly number[],
  from: number,
  to: number,
  out: Array<string | null>,
  arena: PageArena | undefined,
): void {
  const take = rows[to - 1]! - firstRow + 1;
  const opened = openPage(layout, page.header, page.raw, take, arena);
  const { window, defined } = opened;
  let at = opened.at;
  let want = from;
  for (let k = 0; k < take; k++) {
    const wanted = want < to && rows[want]! - firstRow === k;
    if (defined !== null && defined[k] === 0) {
      while (want < to && rows[want]! - firstRow === k) out[want++] = null;
      continue;
    }
    window.need(at, at + 4);
    const length = readUint32(window.bytes, at - window.base);
    if (wanted) {
      window.need(at, at + 4 + length);
      const value = decodeUtf8(window.bytes, at + 4 - window.base, at + 4 + length - window.base);
      while (want < to && rows[want]! - firstRow === k) out[want++] = value;
    }
    at += 4 + length;
  }
}

/**
 * The values of `rows` (ascending, within the row group) of a text chunk (`chunk` = its bytes,
 * `layout.start` to `layout.end`), null for null rows; null when the chunk is not PLAIN text this
 * reader knows (dictionary-encoded, gzip, …) and must be decoded whole. Malformed pages throw
 * PageDecodeError. With an `arena`, the definition levels are decoded into it.
 */
export function pickTextRows(layout: ChunkLayout, chunk: Uint8Array, numRows: number, rows: readonly number[], arena?: PageArena): Array<string | null> | null {
  if (!windowable(layout) || layout.numValues !== numRows) return null;
  for (let k = 0; k < rows.length; k++) {
    if (!(rows[k]! >= 0 && rows[k]! < numRows) || (k > 0 && rows[k]! < rows[k - 1]!)) throw new RangeError(`rows must be ascending within 0…${numRows - 1}`);
  }
  const out = new Array<string | null>(rows.length).fill(null);
  let next = 0;
  let firstRow = 0;
  try {
    for (const page of rawPages(chunk, numRows)) {
      if (next === rows.length) break;
      if (page.header.type === 'DICTIONARY_PAGE') return null;
      const count = headerValues(page.header);
      if (count === 0) continue;
      if (firstRow + count > numRows) throw new PageDecodeError(`pages hold more than the row group's ${numRows} rows`);
      let last = next;
      while (last < rows.length && rows[last]! < firstRow + count) last++;
      if (last > next) {
        if (headerEncoding(page.header) !== 'PLAIN') return null;
        readPageRows(layout, page, firstRow, rows, next, last, out, arena);
      }
      next = last;
      firstRow += count;
    }
  } catch (error) {
    if (error instanceof UnsupportedChunkError) return null;
    if (error instanceof SnappyError || error instanceof RleError) throw new PageDecodeError(error.message);
    throw error;
  }
  return out;
}
