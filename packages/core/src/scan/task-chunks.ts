// One decode task's chunks as the JavaScript decoder reads them: pages decompressed once per column
// into the decoder's arena, columns decoded once, and the few rows a select keeps read from the
// pages (page-picks.ts, text-rows.ts) instead of from a whole decode when they are few.
import type { ChunkLayout } from '../parquet/chunk-layout.js';
import type { PageArena } from '../parquet/page-arena.js';
import { decodePages, matchDictionaryPages, readPages, UnsupportedChunkError, type DecodedColumn, type PageBody } from '../parquet/page-decoder.js';
import { pickDictionaryText, pickPageRows } from '../parquet/page-picks.js';
import { pickTextRowBytes, pickTextRows } from '../parquet/text-rows.js';
import type { Utf8Texts } from '../model/utf8-texts.js';
import type { CellValue } from '../records/decoded-rows.js';
import { cellKind, readCells } from './select-kernel.js';
import { decodedColumnSet } from './decoded-column-set.js';
import type { DecodeRange, DecodeTask } from './decode-protocol.js';

/**
 * A select reads an output column the predicate does not test from its pages for the rows kept
 * when they are at most one in this many; past that, decoding the column whole is as cheap.
 */
export const PICK_RATIO = 8;

/** The bytes of `[start, end)` from the prefetched ranges (joined when they span two); null when not fetched. */
export function chunkBytes(ranges: DecodeRange[], start: number, end: number): Uint8Array | null {
  for (const range of ranges) {
    if (range.offset <= start && end <= range.offset + range.bytes.length) {
      return range.bytes.subarray(start - range.offset, end - range.offset);
    }
  }
  // A chunk near the end of the file is split between its span and the fetched footer.
  const out = new Uint8Array(end - start);
  let at = start;
  while (at < end) {
    const range = ranges.find((candidate) => candidate.offset <= at && at < candidate.offset + candidate.bytes.length);
    if (range === undefined) return null;
    const take = Math.min(end - at, range.offset + range.bytes.length - at);
    out.set(range.bytes.subarray(at - range.offset, at - range.offset + take), at - start);
    at += take;
  }
  return out;
}

/** Wraps a malformed-chunk error with the column it came from; unsupported chunks pass through. */
export function columnError(column: string, error: unknown): unknown {
  if (error instanceof UnsupportedChunkError) return error;
  return new Error(`column ${column}: ${(error as Error).message}`, { cause: error });
}

/**
 * One task's view of its chunks: pages are decompressed once per column, into the decoder's arena,
 * and are valid until the decoder starts its next task.
 */
export class TaskChunks {
  private readonly pages = new Map<string, PageBody[] | null>();
  private readonly decoded = new Map<string, DecodedColumn | null>();

  constructor(
    readonly task: DecodeTask,
    readonly arena: PageArena,
  ) {}

  /** The pages of `column` when the JavaScript decoder can read them; null when it needs parquet-wasm. */
  pagesOf(column: string): PageBody[] | null {
    if (this.pages.has(column)) return this.pages.get(column)!;
    const layout = this.layoutOf(column);
    const bytes = layout === null || layout.numValues !== this.task.numRows ? null : chunkBytes(this.task.ranges, layout.start, layout.end);
    let pages: PageBody[] | null = null;
    if (layout !== null && bytes !== null) {
      try {
        pages = readPages(layout, bytes, this.arena);
      } catch (error) {
        if (!(error instanceof UnsupportedChunkError)) throw columnError(column, error);
      }
    }
    this.pages.set(column, pages);
    return pages;
  }

  /**
   * The values of `rows` of a PLAIN text column, decompressed only as far as the last of them
   * (see text-rows.ts); null when the column must be decoded whole or needs parquet-wasm.
   */
  pickRows(column: string, rows: readonly number[]): Array<string | null> | null {
    return this.pickWith(column, rows, pickTextRows);
  }

  /**
   * The text of `rows` as UTF-8 bytes, for a select that writes lines (`SelectKernel.lines`): PLAIN
   * pages through a window as `pickRows`, dictionary pages as the entries the rows hold; null when
   * the chunk must be decoded whole or needs parquet-wasm.
   */
  pickRowBytes(column: string, rows: readonly number[]): Utf8Texts | null {
    const plain = this.pickWith(column, rows, pickTextRowBytes);
    if (plain !== null) return plain;
    const layout = this.layoutOf(column);
    const pages = layout?.kind === 'text' ? this.pagesOf(column) : null;
    if (layout === null || pages === null) return null;
    let picked: ReturnType<typeof pickDictionaryText>;
    try {
      picked = pickDictionaryText(layout, pages, this.task.numRows, rows);
    } catch (error) {
      if (error instanceof UnsupportedChunkError) return null;
      throw columnError(column, error);
    }
    if (picked === null) return null;
    const { dictionary, entries } = picked;
    const starts = this.arena.int32(rows.length);
    const ends = this.arena.int32(rows.length);
    for (let index = 0; index < rows.length; index++) {
      const entry = entries[index]!;
      starts[index] = entry < 0 ? -1 : dictionary.starts[entry]!;
      ends[index] = entry < 0 ? 0 : dictionary.starts[entry]! + dictionary.lengths[entry]!;
    }
    return { bytes: dictionary.bytes, starts, ends };
  }

  private pickWith<T>(column: string, rows: readonly number[], pick: (layout: ChunkLayout, chunk: Uint8Array, numRows: number, rows: readonly number[], arena?: PageArena) => T | null): T | null {
    const layout = this.layoutOf(column);
    const bytes = layout === null ? null : chunkBytes(this.task.ranges, layout.start, layout.end);
    if (layout === null || bytes === null) return null;
    try {
      return pick(layout, bytes, this.task.numRows, rows, this.arena);
    } catch (error) {
      throw columnError(column, error);
    }
  }

  /**
   * The values of `rows` (ascending) of `column` as a select returns them: picked from the pages
   * (page-picks.ts, text-rows.ts) when they are few, or with `pickAlways` (payloads) however many,
   * else from the decoded chunk; null when the chunk needs parquet-wasm.
   */
  readRows(column: string, rows: readonly number[], pickAlways = false): CellValue[] | null {
    const layout = this.layoutOf(column);
    if (rows.length === 0) return [];
    const few = pickAlways || rows.length * PICK_RATIO <= this.task.numRows;
    if (layout !== null && few && layout.kind === cellKind(column)) {
      const text = layout.kind === 'text' ? this.pickRows(column, rows) : null;
      if (text !== null) return text;
      const pages = this.pagesOf(column);
      if (pages === null) return null;
      try {
        const picked = pickPageRows(layout, pages, this.task.numRows, rows);
        if (picked !== null) return picked;
      } catch (error) {
        if (error instanceof UnsupportedChunkError) return null;
        throw columnError(column, error);
      }
    }
    const decoded = this.decode([column]);
    return decoded === null ? null : readCells(decodedColumnSet(this.task.numRows, decoded), column, rows);
  }

  layoutOf(column: string) {
    return this.task.chunks?.[this.task.columns.indexOf(column)] ?? null;
  }

  /** Decodes `columns`; null when one of them needs parquet-wasm. */
  decode(columns: string[]): Map<string, DecodedColumn> | null {
    const decoded = new Map<string, DecodedColumn>();
    for (const column of columns) {
      const one = this.decodeOne(column);
      if (one === null) return null;
      decoded.set(column, one);
    }
    return decoded;
  }

  /**
   * The rows whose value of `column` the judge accepts, found from its dictionary pages
   * (`matchDictionaryPages`); null when the column is not dictionary-encoded text this decoder reads.
   */
  matchDictionary(column: string, judge: (value: string | null) => boolean): number[] | null {
    const layout = this.layoutOf(column);
    const pages = layout?.kind === 'text' ? this.pagesOf(column) : null;
    if (layout === null || pages === null) return null;
    try {
      return matchDictionaryPages(layout, pages, this.task.numRows, judge);
    } catch (error) {
      if (error instanceof UnsupportedChunkError) return null;
      throw columnError(column, error);
    }
  }

  /** One column decoded, once per task like its pages; null when it needs parquet-wasm. */
  private decodeOne(column: string): DecodedColumn | null {
    if (this.decoded.has(column)) return this.decoded.get(column)!;
    const pages = this.pagesOf(column);
    let decoded: DecodedColumn | null = null;
    if (pages !== null) {
      try {
        decoded = decodePages(this.layoutOf(column)!, pages, this.task.numRows, this.task.numRows, this.arena);
      } catch (error) {
        if (!(error instanceof UnsupportedChunkError)) throw columnError(column, error);
      }
    }
    this.decoded.set(column, decoded);
    return decoded;
  }
}
