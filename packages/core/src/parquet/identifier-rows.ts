// The rows of a PLAIN text chunk whose value is one of a few identifiers, found on the page bytes:
// `find`'s question. Each value is stored as its 4-byte length and its UTF-8 bytes, so a page without
// that byte sequence for any identifier holds none of them (wasm-needle.ts rules it out), and in a
// page with one the values are walked only up to the last place it occurs. Decoding the chunk for a
// row test instead took ~10 ms per matching row group, twice per `find` (once to count, once to read
// the record), against well under 1 ms here.
import { headerEncoding, headerValues, levelSpan, PageDecodeError, readDefinitionLevels, readUint32, type PageBody } from './page-decoder.js';
import type { ChunkLayout } from './chunk-layout.js';
import { fastPathOn } from './fast-paths.js';
import type { PageArena } from './page-arena.js';
import { lastNeedleAt } from './wasm-needle.js';

/** Past this many identifiers, one search of each page per identifier costs more than decoding. */
export const MAX_MATCHED_IDENTIFIERS = 64;

/**
 * The rows (ascending) whose value is byte for byte one of `identifiers`; null when the chunk is not
 * PLAIN text throughout (a dictionary), there are too many identifiers, or `identifier-search` is
 * off: the caller then decodes.
 */
export function identifierRows(
  layout: ChunkLayout,
  pages: readonly PageBody[],
  numRows: number,
  identifiers: readonly string[],
  arena?: PageArena,
): number[] | null {
  if (layout.kind !== 'text' || identifiers.length > MAX_MATCHED_IDENTIFIERS) return null;
  for (const page of pages) if (page.header.type === 'DICTIONARY_PAGE' || headerEncoding(page.header) !== 'PLAIN') return null;
  if (!fastPathOn('identifier-search')) return null;
  const needles = plainNeedles(identifiers);
  const rows: number[] = [];
  let row = 0;
  for (const page of pages) {
    const count = headerValues(page.header);
    if (row + count > numRows) throw new PageDecodeError(`pages hold more than the row group's ${numRows} rows`);
    // Where the values start (no levels decoded yet: most pages hold no hit).
    const { valuesAt } = levelSpan(layout, page);
    const last = lastNeedleAt(page.body, needles, valuesAt);
    if (last >= 0) {
      const defined = arena?.int32(count) ?? new Int32Array(count);
      readDefinitionLevels(layout, page, count, defined);
      matchValues(page.body, valuesAt, last, defined, count, needles, row, rows);
    }
    row += count;
  }
  return rows;
}

/** Walks a page's values from `at` until past `last`, adding the rows whose value is a needle's. */
function matchValues(
  body: Uint8Array,
  at: number,
  last: number,
  defined: Int32Array,
  count: number,
  needles: readonly Buffer[],
  firstRow: number,
  rows: number[],
): void {
  const end = body.length;
  for (let k = 0; k < count && at <= last; k++) {
    if (defined[k] === 0) continue;
    if (at + 4 > end) throw new PageDecodeError(`text values end after ${k} of ${count}`);
    const length = readUint32(body, at);
    if (at + 4 + length > end) throw new PageDecodeError(`text value ${k} runs past the page`);
    for (const needle of needles) {
      if (needle.length === 4 + length && equalAt(body, at, needle)) {
        rows.push(firstRow + k);
        break;
      }
    }
    at += 4 + length;
  }
}

function equalAt(body: Uint8Array, at: number, needle: Uint8Array): boolean {
  for (let index = 4; index < needle.length; index++) if (body[at + index] !== needle[index]) return false;
  return true;
}

/** The byte sequences a PLAIN value equal to each of `values` is stored as: its 4-byte length, then its UTF-8. */
export function plainNeedles(values: readonly string[]): Buffer[] {
  const encoder = new TextEncoder();
  return values.map((value) => {
    const bytes = encoder.encode(value);
    const needle = Buffer.alloc(4 + bytes.length);
    needle.writeUInt32LE(bytes.length, 0);
    needle.set(bytes, 4);
    return needle;
  });
}
