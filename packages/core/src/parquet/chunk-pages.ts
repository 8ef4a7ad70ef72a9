// A column chunk's pages: each header read and checked against the footer (the chunk gate's
// `checkPage`), each body decompressed (uncompressed, snappy or gzip; v2 pages keep their levels
// uncompressed before the values). What every page walk reads first; malformed bytes throw
// PageDecodeError.
import { gunzipSync } from 'node:zlib';
import type { PageHeader } from 'hyparquet';
import { checkPage, type ChunkLayout } from './chunk-layout.js';
import type { PageArena } from './page-arena.js';
import { readPageHeader } from './page-header.js';
import { decompressSnappyBlock } from './snappy-block.js';
import { SnappyError } from './snappy.js';

export class PageDecodeError extends Error {
  override name = 'PageDecodeError';
}

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

/** A data page's value encoding. */
export function headerEncoding(header: PageHeader): string {
  return header.type === 'DATA_PAGE_V2' ? header.data_page_header_v2!.encoding : header.data_page_header!.encoding;
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
