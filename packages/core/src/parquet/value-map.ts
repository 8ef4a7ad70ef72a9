// A map of where each value of a PLAIN text column chunk lies, so that one row's value can be read
// later without fetching or decompressing the whole chunk: per page, its byte span and rows, and
// restart points inside snappy pages where decompression can begin (no later back reference
// reaches before them) with the first value that starts after each.
import { checkPage, UnsupportedChunkError, type ChunkLayout } from './chunk-layout.js';
import { readPageHeader } from './page-header.js';
import type { PageHeader } from 'hyparquet';
import { decodeRleHybrid } from './rle-hybrid.js';
import { expectReached, SnappyError, snappyLength } from './snappy.js';
import { blockSnappy, snappyDecompressInto } from './wasm-snappy.js';

/** One data page of a mapped chunk. */
export interface MappedPage {
  /** File offsets of the page's (compressed) body. */
  bodyStart: number;
  bodyEnd: number;
  /** The first row of the page within its row group, and its rows. */
  firstRow: number;
  rows: number;
  uncompressedSize: number;
  /** Where the values start in the uncompressed body (after the definition levels). */
  valuesAt: number;
  /** Null rows within the page, ascending (page-relative); values are numbered without them. */
  nullRows: number[];
  /** Restart points, ascending; the first is the page's start. */
  restarts: Restart[];
}

export interface Restart {
  /** Offset in the compressed body where decompression may resume … */
  input: number;
  /** … producing the uncompressed body from this offset. */
  output: number;
  /** The first value whose length prefix starts at or after `output`, and where. */
  value: number;
  valueAt: number;
}

export interface ValueMap {
  codec: 'UNCOMPRESSED' | 'SNAPPY';
  pages: MappedPage[];
}

/** Restart points about this far apart in uncompressed bytes (snappy compresses in 64 KiB blocks). */
const RESTART_SPACING = 64 * 1024;

export class UnmappableChunkError extends Error {
  override name = 'UnmappableChunkError';
}

/**
 * Decompresses a snappy block fully, and returns element boundaries roughly `spacing` apart from
 * which decompression can restart: no back reference after one reaches before its output offset.
 */
function snappyRestarts(input: Uint8Array, output: Uint8Array, spacing: number): Array<{ input: number; output: number }> {
  const { length, start } = snappyLength(input);
  if (length !== output.length) throw new SnappyError(`snappy block declares ${length} bytes, the page header ${output.length}`);
  // Decompressed a stretch of about `spacing` at a time: each stretch starts a candidate, and
  // `reach` tells how far back the copies in it read.
  const candidates: Array<{ input: number; output: number; reach: number }> = [];
  const progress = { pos: start, out: 0, reach: Number.POSITIVE_INFINITY };
  const wasm = blockSnappy();
  wasm.load(input, length);
  while (progress.out < length) {
    const candidate = { input: progress.pos, output: progress.out, reach: 0 };
    const mark = Math.min(length, (Math.floor(progress.out / spacing) + 1) * spacing);
    progress.reach = Number.POSITIVE_INFINITY;
    expectReached(wasm.step(progress, mark), progress.out, mark);
    candidate.reach = progress.reach;
    candidates.push(candidate);
  }
  output.set(wasm.output().subarray(0, length));
  if (candidates.length === 0) candidates.push({ input: start, output: 0, reach: Number.POSITIVE_INFINITY });
  // A candidate is a restart point when nothing after it reaches before it.
  const restarts: Array<{ input: number; output: number }> = [];
  let reachAfter = Number.POSITIVE_INFINITY;
  for (let c = candidates.length - 1; c >= 0; c--) {
    const candidate = candidates[c]!;
    reachAfter = Math.min(reachAfter, candidate.reach);
    if (reachAfter >= candidate.output) restarts.push({ input: candidate.input, output: candidate.output });
  }
  return restarts.reverse();
}

/**
 * Maps a PLAIN text chunk (`bytes` = the chunk, at file offset `layout.start`), given the chunk's
 * rows. Throws UnmappableChunkError for chunks it cannot map (other codecs, dictionary pages, v2).
 */
export function mapValues(layout: ChunkLayout, bytes: Uint8Array, numRows: number): ValueMap {
  if (layout.kind !== 'text' || (layout.codec !== 'SNAPPY' && layout.codec !== 'UNCOMPRESSED')) {
    throw new UnmappableChunkError(`${layout.codec} ${layout.kind} chunk`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const reader = { view, offset: 0 };
  const pages: MappedPage[] = [];
  let row = 0;
  while (row < numRows) {
    if (reader.offset >= bytes.length) throw new UnmappableChunkError(`chunk ends after ${row} of ${numRows} rows`);
    const header: PageHeader = readPageHeader(reader);
    const bodyStart = reader.offset;
    const bodyEnd = bodyStart + header.compressed_page_size;
    reader.offset = bodyEnd;
    try {
      if (!checkPage(layout, header)) continue;
    } catch (error) {
      if (error instanceof UnsupportedChunkError) throw new UnmappableChunkError(error.message);
      throw error;
    }
    if (header.type === 'DICTIONARY_PAGE') throw new UnmappableChunkError('dictionary-encoded chunk');
    if (header.type === 'DATA_PAGE_V2') throw new UnmappableChunkError('data page v2');
    const dataHeader = header.data_page_header!;
    if (dataHeader.encoding !== 'PLAIN') throw new UnmappableChunkError(`${dataHeader.encoding} page`);
    const rows = dataHeader.num_values;
    const compressed = bytes.subarray(bodyStart, bodyEnd);
    const body = layout.codec === 'UNCOMPRESSED' ? compressed : new Uint8Array(header.uncompressed_page_size);
    const restarts =
      layout.codec === 'UNCOMPRESSED'
        ? [{ input: 0, output: 0 }]
        : snappyRestarts(compressed, body, RESTART_SPACING);
    if (layout.codec === 'UNCOMPRESSED') {
      for (let at = RESTART_SPACING; at < body.length; at += RESTART_SPACING) restarts.push({ input: at, output: at });
    }
    // Definition levels, then the values: find the first value at or after each restart.
    let at = 0;
    const nullRows: number[] = [];
    let present = rows;
    if (layout.maxDefinitionLevel === 1) {
      const length = (body[0]! | (body[1]! << 8) | (body[2]! << 16)) + body[3]! * 0x1000000;
      const defined = new Int32Array(rows);
      decodeRleHybrid(body, 4, 4 + length, 1, defined, 0, rows);
      for (let k = 0; k < rows; k++) if (defined[k] === 0) nullRows.push(k);
      present = rows - nullRows.length;
      at = 4 + length;
    }
    const valuesAt = at;
    const mapped: Restart[] = [];
    let restart = 0;
    for (let value = 0; value <= present && restart < restarts.length; value++) {
      while (restart < restarts.length && restarts[restart]!.output <= at) {
        // Restarts inside the levels, or inside a value, point at the next value.
        mapped.push({ ...restarts[restart]!, value, valueAt: at });
        restart++;
      }
      if (value === present) break;
      if (at + 4 > body.length) throw new UnmappableChunkError('values run past the page');
      at += 4 + ((body[at]! | (body[at + 1]! << 8) | (body[at + 2]! << 16)) + body[at + 3]! * 0x1000000);
    }
    pages.push({
      bodyStart: layout.start + bodyStart,
      bodyEnd: layout.start + bodyEnd,
      firstRow: row,
      rows,
      uncompressedSize: header.uncompressed_page_size,
      valuesAt,
      nullRows,
      restarts: mapped,
    });
    row += rows;
  }
  return { codec: layout.codec, pages };
}

/** Reads bytes `[start, end)` of the file. */
export type ReadBytes = (start: number, end: number) => Promise<Uint8Array>;

/** The page-relative ordinal of a row's value; null when the row is null. */
function valueOrdinal(page: MappedPage, row: number): number | null {
  let low = 0;
  let high = page.nullRows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (page.nullRows[middle]! < row) low = middle + 1;
    else high = middle;
  }
  return page.nullRows[low] === row ? null : row - low;
}

/**
 * One row's value (row within the row group), reading and decompressing only from the restart
 * point before it to the end of the value; null for a null row.
 */
export async function readMappedValue(map: ValueMap, row: number, read: ReadBytes): Promise<Uint8Array | null> {
  const page = map.pages.find((candidate) => row >= candidate.firstRow && row < candidate.firstRow + candidate.rows);
  if (page === undefined) throw new UnmappableChunkError(`row ${row} is in no mapped page`);
  const ordinal = valueOrdinal(page, row - page.firstRow);
  if (ordinal === null) return null;
  let first = 0;
  while (first + 1 < page.restarts.length && page.restarts[first + 1]!.value <= ordinal) first++;
  const start = page.restarts[first]!;
  const bodyLength = page.bodyEnd - page.bodyStart;
  const bounds = [...page.restarts.slice(first), { input: bodyLength, output: page.uncompressedSize, value: -1, valueAt: -1 }];
  let buffer = new Uint8Array(Math.min(page.uncompressedSize - start.output, 2 * 64 * 1024));
  let filled = 0;
  // Two segments at a time: a value seldom spans more.
  for (let segment = 1; segment < bounds.length; segment += 2) {
    const last = Math.min(segment + 1, bounds.length - 1);
    const from = bounds[segment - 1]!;
    const to = bounds[last]!;
    const compressed = await read(page.bodyStart + from.input, page.bodyStart + to.input);
    const end = to.output - start.output;
    if (end > buffer.length) {
      const grown = new Uint8Array(Math.max(end, buffer.length * 2));
      grown.set(buffer.subarray(0, filled));
      buffer = grown;
    }
    if (map.codec === 'UNCOMPRESSED') buffer.set(compressed, filled);
    else {
      // Element boundaries on both sides: the segment decompresses exactly.
      snappyDecompressInto(compressed, 0, buffer, filled, end);
    }
    filled = end;
    // Walk from the restart's first value to the one wanted.
    let at = start.valueAt - start.output;
    let complete = true;
    for (let value = start.value; value <= ordinal; value++) {
      if (at + 4 > filled) {
        complete = false;
        break;
      }
      const length = (buffer[at]! | (buffer[at + 1]! << 8) | (buffer[at + 2]! << 16)) + buffer[at + 3]! * 0x1000000;
      if (value === ordinal) {
        if (at + 4 + length > filled) complete = false;
        else return buffer.slice(at + 4, at + 4 + length);
      }
      at += 4 + length;
    }
    if (complete) break;
  }
  throw new UnmappableChunkError(`value ${ordinal} of the page was not found where the map says`);
}
