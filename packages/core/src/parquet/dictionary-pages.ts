// Dictionary-encoded text chunks answered from their dictionary and indices alone, without a value
// per row: rows counted per dictionary entry (a summary by status), and the rows whose value a
// judge accepts, each distinct value judged once (a filter on status or operation). Both give
// null when a data page is not dictionary-encoded (a writer may fall back to PLAIN): the caller
// then decodes the chunk (page-decoder.ts).
import { UnsupportedChunkError, type ChunkLayout } from './chunk-layout.js';
import { headerEncoding, headerValues, PageDecodeError, type PageBody } from './chunk-pages.js';
import { levelSpan, textDictionary, type TextValues } from './page-values.js';
import { countRleHybrid, RleError } from './rle-hybrid.js';
import { matchPageRows } from './wasm-rle.js';
import { decodeUtf8 } from './utf8-access.js';

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
      const encoding = headerEncoding(page.header);
      if (encoding !== 'PLAIN_DICTIONARY' && encoding !== 'RLE_DICTIONARY') return null;
      if (dictionary === null || counts === null) throw new PageDecodeError('dictionary-encoded page without a dictionary page');
      const count = headerValues(page.header);
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
 * data page is not dictionary-encoded (the caller then decodes the chunk). The rows are selected in
 * WebAssembly, over levels and indices decoded there (wasm-rle.ts).
 */
export function matchDictionaryPages(layout: ChunkLayout, pages: PageBody[], numRows: number, judge: (value: string | null) => boolean): number[] | null {
  if (layout.kind !== 'text' || layout.numValues !== numRows) return null;
  const rows: number[] = [];
  let pass: Uint8Array | null = null;
  let dictionarySize = 0;
  const nullPasses = judge(null);
  let firstRow = 0;
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
      const encoding = headerEncoding(page.header);
      if (encoding !== 'PLAIN_DICTIONARY' && encoding !== 'RLE_DICTIONARY') return null;
      if (pass === null) throw new PageDecodeError('dictionary-encoded page without a dictionary page');
      const count = headerValues(page.header);
      if (firstRow + count > numRows) throw new PageDecodeError(`pages hold more than the row group's ${numRows} rows`);
      const { levels, valuesAt } = levelSpan(layout, page);
      const read = matchPageRows({ body: page.body, levels, valuesAt, count }, pass, nullPasses, firstRow, rows, (index) => {
        return new PageDecodeError(`dictionary index ${index} is outside a dictionary of ${dictionarySize}`);
      });
      if (!read) throw new UnsupportedChunkError(`dictionary index width ${page.body[valuesAt]}`);
      firstRow += count;
    }
  } catch (error) {
    if (error instanceof RleError) throw new PageDecodeError(error.message);
    throw error;
  }
  if (firstRow !== numRows) throw new PageDecodeError(`chunk holds ${firstRow} values for ${numRows} rows`);
  return pass === null ? null : rows;
}

