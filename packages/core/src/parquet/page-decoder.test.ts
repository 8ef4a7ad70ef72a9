// The JavaScript page decoder against parquet-wasm's reading of the same files: every row of every
// column it accepts, compared a whole column at a time (and rows picked through a window or from the pages), for files written by parquet-wasm (several codecs, page sizes, nulls, v2
// pages, dictionaries) and by DuckDB; and malformed chunks fail with an error, never a wrong answer.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromArrays, tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import { parquetMetadata } from 'hyparquet';
import * as parquet from 'parquet-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowColumnSet } from '../scan/column-set.js';
import { decodedColumnSet } from '../scan/decoded-column-set.js';
import { chunkLayout, type ChunkLayout } from './chunk-layout.js';
import { countDictionaryPages, decodeChunk, matchDictionaryPages, headerEncoding, readPages, UnsupportedChunkError, type DecodedColumn } from './page-decoder.js';
import { pickDictionaryText, pickPageRows } from './page-picks.js';
import { pickTextRowBytes, pickTextRows } from './text-rows.js';

const STATUSES = ['succeeded', 'rejected', 'invalid', null];
const MESSAGES = ['Field "email" is invalid', 'Ünïcødé ✓ message', '', null, 'Rate limited'];

function sampleTable(rows: number): Table {
  const identifier: Array<string | null> = [];
  const status: Array<string | null> = [];
  const message: Array<string | null> = [];
  const startedAt: Array<Date | null> = [];
  for (let row = 0; row < rows; row++) {
    identifier.push(row % 97 === 13 ? null : `id-${(row * 7919) % 100_003}-${'x'.repeat(row % 5)}`);
    status.push(STATUSES[row % 7 === 0 ? 3 : row % 3]!);
    message.push(MESSAGES[row % MESSAGES.length]!);
    startedAt.push(row % 11 === 5 ? null : new Date(Date.UTC(2026, 0, 1) + row * 1000 - 86_400_000 * 20_000));
  }
  return tableFromArrays({ identifier, status, status_message: message, batch_started_at: startedAt } as never) as unknown as Table;
}

interface WriteOptions {
  compression: parquet.Compression;
  dictionary: boolean;
  pageSize?: number;
  dictionaryPageSize?: number;
  v2?: boolean;
  rowGroupSize?: number;
}

function writeWithParquetWasm(table: Table, options: WriteOptions): Uint8Array {
  let builder = new parquet.WriterPropertiesBuilder()
    .setCompression(options.compression)
    .setDictionaryEnabled(options.dictionary)
    .setMaxRowGroupSize(options.rowGroupSize ?? 4000);
  if (options.pageSize !== undefined) builder = builder.setDataPageSizeLimit(options.pageSize);
  if (options.dictionaryPageSize !== undefined) builder = builder.setDictionaryPageSizeLimit(options.dictionaryPageSize);
  if (options.v2) builder = builder.setWriterVersion(parquet.WriterVersion.V2);
  return parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(table, 'stream')), builder.build());
}

interface FileColumn {
  rowGroup: number;
  numRows: number;
  layout: ChunkLayout;
}

function layouts(bytes: Uint8Array): FileColumn[] {
  const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const found: FileColumn[] = [];
  metadata.row_groups.forEach((group, rowGroup) => {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data!;
      const dictionary = meta.dictionary_page_offset === undefined ? undefined : Number(meta.dictionary_page_offset);
      const start = dictionary !== undefined && dictionary > 0 && dictionary < Number(meta.data_page_offset) ? dictionary : Number(meta.data_page_offset);
      const element = metadata.schema.find((candidate) => candidate.name === meta.path_in_schema[0]);
      const layout = chunkLayout(chunk, element, start, start + Number(meta.total_compressed_size));
      if (layout !== null) found.push({ rowGroup, numRows: Number(group.num_rows), layout });
    }
  });
  return found;
}

type Kind = DecodedColumn['kind'] | 'unsupported';

/** A column's cells as one array, so a whole column is compared in one assertion (not one per row). */
function rowsOf<T>(count: number, cell: (row: number) => T): T[] {
  return Array.from({ length: count }, (_, row) => cell(row));
}

/** Every accepted column of every row group decoded both ways, compared row by row. */
function expectSameAsParquetWasm(bytes: Uint8Array, expectedColumns: string[]): Kind[] {
  const columns = layouts(bytes);
  expect(new Set(columns.map((column) => column.layout.column))).toEqual(new Set(expectedColumns));
  const kinds: Kind[] = [];
  for (const { rowGroup, numRows, layout } of columns) {
    let decoded: DecodedColumn;
    try {
      decoded = decodeChunk(layout, bytes.subarray(layout.start, layout.end), numRows);
    } catch (error) {
      // Left to parquet-wasm (an encoding the decoder does not take): no answer rather than a wrong one.
      if (!(error instanceof UnsupportedChunkError)) throw error;
      kinds.push('unsupported');
      continue;
    }
    kinds.push(decoded.kind);
    // Decoding only a prefix of the rows (a record read through the index) gives the same values.
    for (const rows of [1, Math.floor(numRows / 3) + 1, numRows]) {
      const prefix = decodedColumnSet(rows, new Map([[layout.column, decodeChunk(layout, bytes.subarray(layout.start, layout.end), numRows, rows)]]));
      const whole = decodedColumnSet(numRows, new Map([[layout.column, decoded]]));
      const cells = (set: typeof whole) => (layout.kind === 'time' ? rowsOf(rows, set.time(layout.column)) : rowsOf(rows, (row) => set.text(layout.column).string(row)));
      expect(cells(prefix), `${layout.column}: the first ${rows} rows`).toEqual(cells(whole));
    }
    const wasm = parquet.readParquet(bytes, { rowGroups: [rowGroup], batchSize: numRows + 1 });
    const arrow = arrowColumnSet(tableFromIPC(wasm.intoIPCStream()));
    const ours = decodedColumnSet(numRows, new Map([[layout.column, decoded]]));
    const name = layout.column;
    // Rows picked from the pages (page-picks.ts) read the same values; only PLAIN text is refused.
    const pages = readPages(layout, bytes.subarray(layout.start, layout.end));
    const expectedCell = (row: number) => (layout.kind === 'time' ? arrow.time(name)(row) : arrow.text(name).string(row));
    for (const rows of [[0], [numRows - 1], [1, 1, Math.floor(numRows / 2), numRows - 2], Array.from({ length: numRows }, (_, row) => row).filter((row) => row % 13 === 4)]) {
      const picked = pickPageRows(layout, pages, numRows, rows);
      if (picked === null) {
        expect(layout.kind === 'text' && pages.some((page) => page.header.type !== 'DICTIONARY_PAGE' && headerEncoding(page.header) === 'PLAIN')).toBe(true);
        continue;
      }
      expect(picked, `${name} rows ${rows.slice(0, 4).join(',')}`).toEqual(rows.map(expectedCell));
    }
    expect(() => pickPageRows(layout, pages, numRows, [2, 1])).toThrow(RangeError);
    expect(() => pickPageRows(layout, pages, numRows, [numRows])).toThrow(RangeError);
    if (layout.kind === 'time') {
      expect(rowsOf(numRows, ours.time(name)), `${name} rows`).toEqual(rowsOf(numRows, arrow.time(name)));
    } else {
      const [expected, actual] = [arrow.text(name), ours.text(name)];
      const expectedStrings = rowsOf(numRows, (row) => expected.string(row));
      expect(rowsOf(numRows, (row) => actual.string(row)), `${name} rows`).toEqual(expectedStrings);
      expect(rowsOf(numRows, (row) => actual.isNull(row)), `${name} nulls`).toEqual(rowsOf(numRows, (row) => expected.isNull(row)));
      // A few rows picked through a window (text-rows.ts) read the same values; only chunks that
      // must be decoded whole (dictionaries, gzip) are refused.
      const chunk = bytes.subarray(layout.start, layout.end);
      for (const rows of [[0], [numRows - 1], [1, 1, Math.floor(numRows / 2), numRows - 2], Array.from({ length: numRows }, (_, row) => row).filter((row) => row % 13 === 4)]) {
        const picked = pickTextRows(layout, chunk, numRows, rows);
        // Dictionary-encoded text picked as entries reads the same values from the dictionary's bytes.
        const entries = pickDictionaryText(layout, readPages(layout, chunk), numRows, rows);
        if (entries !== null) {
          const { dictionary } = entries;
          const values = Array.from(entries.entries, (entry) =>
            entry < 0 ? null : new TextDecoder().decode(dictionary.bytes.subarray(dictionary.starts[entry], dictionary.starts[entry]! + dictionary.lengths[entry]!)),
          );
          expect(values, `${name} dictionary entries of rows ${rows.slice(0, 4).join(',')}`).toEqual(rows.map((row) => expected.string(row)));
        }
        expect(entries !== null || picked !== null || decoded.kind !== 'text-dictionary' || layout.codec === 'GZIP').toBe(true);
        if (picked === null) {
          expect(decoded.kind === 'text-dictionary' || layout.codec === 'GZIP' || readPages(layout, chunk).some((page) => page.header.type === 'DICTIONARY_PAGE')).toBe(true);
          continue;
        }
        expect(picked, `${name} rows ${rows.slice(0, 4).join(',')}`).toEqual(rows.map((row) => expected.string(row)));
        // The same values as UTF-8 bytes (for lines written without strings).
        const cells = pickTextRowBytes(layout, chunk, numRows, rows)!;
        const utf8 = new TextDecoder();
        const fromBytes = rows.map((_, index) => (cells.starts[index]! < 0 ? null : utf8.decode(cells.bytes.subarray(cells.starts[index], cells.ends[index]))));
        expect(fromBytes, `${name} bytes of rows ${rows.slice(0, 4).join(',')}`).toEqual(picked);
      }
      // Interned ids name the same values.
      expect(rowsOf(numRows, (row) => actual.internedValue(actual.intern(row))), `${name} interned`).toEqual(expectedStrings);
      // Counting by value straight from the pages agrees with the rows.
      const byValue = new Map<string | null, number>();
      for (const value of expectedStrings) byValue.set(value, (byValue.get(value) ?? 0) + 1);
      const counted = countDictionaryPages(layout, readPages(layout, bytes.subarray(layout.start, layout.end)), numRows);
      expect(counted === null).toBe(decoded.kind !== 'text-dictionary');
      if (counted !== null) {
        const fromPages = new Map<string | null, number>(counted.nulls > 0 ? [[null, counted.nulls]] : []);
        counted.counts.forEach((count, entry) => {
          if (count === 0) return;
          const start = counted.dictionary.starts[entry]!;
          const value = Buffer.from(counted.dictionary.bytes.subarray(start, start + counted.dictionary.lengths[entry]!)).toString();
          fromPages.set(value, (fromPages.get(value) ?? 0) + count);
        });
        expect(fromPages).toEqual(byValue);
      }
      // The rows a test of the value keeps, found from the dictionary, are those it keeps row by row.
      const common = [...byValue.keys()].find((value) => value !== null) ?? null;
      const judges: Array<(value: string | null) => boolean> = [(value) => value === common, (value) => value === null, (value) => value !== common, () => true];
      for (const judge of judges) {
        const matched = matchDictionaryPages(layout, readPages(layout, bytes.subarray(layout.start, layout.end)), numRows, judge);
        expect(matched === null).toBe(counted === null);
        if (matched !== null) expect(matched, `${name} ${judge.toString()}`).toEqual(Array.from({ length: numRows }, (_, row) => row).filter((row) => judge(expectedStrings[row] as string | null)));
      }
    }
  }
  return kinds;
}

const ALL = ['identifier', 'status', 'status_message', 'batch_started_at'];

describe('decodeChunk against parquet-wasm', () => {
  const table = sampleTable(9_000);

  it.each([
    ['snappy', parquet.Compression.SNAPPY],
    ['gzip', parquet.Compression.GZIP],
    ['uncompressed', parquet.Compression.UNCOMPRESSED],
  ])('reads PLAIN and dictionary pages, %s', (_name, compression) => {
    expect(expectSameAsParquetWasm(writeWithParquetWasm(table, { compression, dictionary: false }), ALL)).toContain('text');
    expect(expectSameAsParquetWasm(writeWithParquetWasm(table, { compression, dictionary: true }), ALL)).toContain('text-dictionary');
  });

  it('reads chunks of many small pages, and dictionaries that fell back to PLAIN', () => {
    const kinds = expectSameAsParquetWasm(
      writeWithParquetWasm(table, { compression: parquet.Compression.SNAPPY, dictionary: true, pageSize: 512, dictionaryPageSize: 256 }),
      ALL,
    );
    // The identifiers' dictionary overflows after a few pages: the rest of the chunk is PLAIN.
    expect(kinds).toContain('text');
    expect(kinds).toContain('text-dictionary');
  });

  it('reads data pages v2', () => {
    const dictionary = expectSameAsParquetWasm(
      writeWithParquetWasm(table, { compression: parquet.Compression.SNAPPY, dictionary: true, v2: true, pageSize: 4096 }),
      ALL,
    );
    expect(dictionary.filter((kind) => kind === 'text-dictionary').length).toBeGreaterThan(4);
    // Without dictionaries, parquet-wasm's v2 writer uses the DELTA encodings: the footer lists
    // them, so the gate leaves every such chunk to parquet-wasm before a page is read.
    const delta = writeWithParquetWasm(table, { compression: parquet.Compression.SNAPPY, dictionary: false, v2: true, pageSize: 4096 });
    const metadata = parquetMetadata(delta.buffer.slice(delta.byteOffset, delta.byteOffset + delta.byteLength) as ArrayBuffer);
    const encodings = metadata.row_groups.flatMap((group) => group.columns.flatMap((chunk) => chunk.meta_data!.encodings));
    expect(encodings.some((encoding) => encoding.startsWith('DELTA_'))).toBe(true);
    expect(layouts(delta)).toEqual([]);
  });

  it('leaves zstd chunks to parquet-wasm', () => {
    expect(layouts(writeWithParquetWasm(table, { compression: parquet.Compression.ZSTD, dictionary: true }))).toEqual([]);
  });
});

describe('decodeChunk on DuckDB-written files', () => {
  let folder: string;
  let duck: DuckDBInstance;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'synctrack-pages-'));
    duck = await DuckDBInstance.create(':memory:');
  });
  afterAll(async () => {
    duck.closeSync();
    await rm(folder, { recursive: true, force: true });
  });

  it.each(['snappy', 'gzip', 'uncompressed'])('matches parquet-wasm, %s', async (compression) => {
    const connection = await duck.connect();
    const path = join(folder, `${compression}.parquet`);
    await connection.run(`COPY (
      SELECT CASE WHEN i % 101 = 7 THEN NULL ELSE md5(i::VARCHAR) END AS identifier,
             (['succeeded','rejected','invalid'])[1 + i % 3] AS status,
             CASE WHEN i % 3 = 0 THEN NULL ELSE 'Error ' || (i % 1200)::VARCHAR END AS status_message,
             TIMESTAMP '2026-01-01' + to_seconds(i % 50) AS batch_started_at
      FROM range(30000) t(i)) TO '${path}' (FORMAT parquet, COMPRESSION ${compression}, ROW_GROUP_SIZE 12000)`);
    connection.closeSync();
    const bytes = new Uint8Array(await readFile(path));
    const kinds = expectSameAsParquetWasm(bytes, ALL);
    expect(kinds).toContain('text-dictionary');
    expect(kinds).toContain('time');
  });
});

describe('decodeChunk on malformed chunks', () => {
  it('throws an error for flipped or cut bytes, whatever they are', () => {
    const bytes = writeWithParquetWasm(sampleTable(3000), { compression: parquet.Compression.SNAPPY, dictionary: true });
    let failures = 0;
    for (const { numRows, layout } of layouts(bytes)) {
      for (let trial = 0; trial < 40; trial++) {
        const chunk = bytes.slice(layout.start, layout.end);
        const at = Math.floor(((trial * 2654435761) >>> 0) % chunk.length);
        chunk[at] = chunk[at]! ^ (1 + (trial % 255));
        const cut = trial % 4 === 0 ? chunk.subarray(0, Math.floor(chunk.length * 0.7)) : chunk;
        try {
          decodeChunk(layout, cut, numRows);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          failures++;
        }
        // Picking rows from the same pages fails as plainly, or reads values.
        try {
          pickPageRows(layout, readPages(layout, cut), numRows, [0, Math.floor(numRows / 2), numRows - 1]);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).name).not.toMatch(/RuntimeError|RleError/);
        }
      }
    }
    // Many flips land in values and decode to different text (the caller cannot tell), but cuts and
    // flips in headers and lengths must throw.
    expect(failures).toBeGreaterThan(20);
  });
});
