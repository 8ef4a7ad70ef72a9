// Value maps read single values exactly as a full decode does, fetching far less than the chunk.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { parquetMetadata } from 'hyparquet';
import * as parquet from 'parquet-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkLayout, type ChunkLayout } from './chunk-layout.js';
import { decodeChunk } from './page-decoder.js';
import { mapValues, readMappedValue, UnmappableChunkError } from './value-map.js';

function textLayouts(bytes: Uint8Array): Array<{ layout: ChunkLayout; numRows: number }> {
  const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return metadata.row_groups.flatMap((group) =>
    group.columns.flatMap((chunk) => {
      const meta = chunk.meta_data!;
      const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      const layout = chunkLayout(chunk, metadata.schema.find((element) => element.name === meta.path_in_schema[0]), start, start + Number(meta.total_compressed_size));
      return layout?.kind === 'text' ? [{ layout, numRows: Number(group.num_rows) }] : [];
    }),
  );
}

const decoder = new TextDecoder();

/** Every `step`-th row (and the last) read through the map equals the full decode; returns the bytes fetched. */
async function expectMappedReads(bytes: Uint8Array, step: number): Promise<{ fetched: number; chunkBytes: number; mapped: number }> {
  let fetched = 0;
  let chunkBytes = 0;
  let mapped = 0;
  const read = async (start: number, end: number) => {
    fetched += end - start;
    return bytes.slice(start, end);
  };
  for (const { layout, numRows } of textLayouts(bytes)) {
    const chunk = bytes.subarray(layout.start, layout.end);
    let map;
    try {
      map = mapValues(layout, chunk, numRows);
    } catch (error) {
      if (error instanceof UnmappableChunkError) continue;
      throw error;
    }
    mapped++;
    const decoded = decodeChunk(layout, chunk, numRows);
    if (decoded.kind !== 'text') throw new Error('expected a PLAIN chunk');
    const { values } = decoded;
    const rows = [...Array.from({ length: Math.ceil(numRows / step) }, (_, k) => k * step), numRows - 1];
    for (const row of rows) {
      chunkBytes += layout.end - layout.start;
      const value = await readMappedValue(map, row, read);
      const expected = values.lengths[row]! < 0 ? null : decoder.decode(values.bytes.subarray(values.starts[row]!, values.starts[row]! + values.lengths[row]!));
      expect(value === null ? null : decoder.decode(value), `${layout.column} row ${row}`).toBe(expected);
    }
  }
  return { fetched, chunkBytes, mapped };
}

describe('value maps', () => {
  let folder: string;
  let duck: DuckDBInstance;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'synctrack-value-map-'));
    duck = await DuckDBInstance.create(':memory:');
  });
  afterAll(async () => {
    duck.closeSync();
    await rm(folder, { recursive: true, force: true });
  });

  it('reads single payloads of DuckDB-written files from a fraction of the chunk', async () => {
    const connection = await duck.connect();
    const path = join(folder, 'duck.parquet');
    await connection.run(`COPY (
      SELECT md5(i::VARCHAR) AS identifier,
             CASE WHEN i % 53 = 5 THEN NULL ELSE '{"id":' || i || ',"name":"' || repeat(md5(i::VARCHAR), 1 + i % 9) || '"}' END AS record_payload
      FROM range(40000) t(i)) TO '${path}' (FORMAT parquet, COMPRESSION snappy)`);
    connection.closeSync();
    const bytes = new Uint8Array(await readFile(path));
    const { fetched, chunkBytes, mapped } = await expectMappedReads(bytes, 997);
    expect(mapped).toBe(2);
    expect(fetched).toBeLessThan(chunkBytes / 20);
  });

  it.each([
    ['snappy', parquet.Compression.SNAPPY],
    ['uncompressed', parquet.Compression.UNCOMPRESSED],
  ])('reads parquet-wasm files of many pages with nulls, %s', async (_name, compression) => {
    const rows = 12_000;
    const text = Array.from({ length: rows }, (_, row) => (row % 17 === 3 ? null : `ünïcødé-${row}-${'y'.repeat(row % 300)}`));
    const table = tableFromArrays({ identifier: text, record_payload: [...text].reverse() } as never);
    const bytes = parquet.writeParquet(
      parquet.Table.fromIPCStream(tableToIPC(table as never, 'stream')),
      new parquet.WriterPropertiesBuilder().setCompression(compression).setDictionaryEnabled(false).setDataPageSizeLimit(100_000).setMaxRowGroupSize(5000).build(),
    );
    const { mapped } = await expectMappedReads(bytes, 331);
    expect(mapped).toBe(6);
  });

  it('declines dictionary and zstd chunks', () => {
    const table = tableFromArrays({ identifier: ['a', 'b', 'a'] } as never);
    for (const [dictionary, compression] of [
      [true, parquet.Compression.SNAPPY],
      [false, parquet.Compression.ZSTD],
    ] as const) {
      const bytes = parquet.writeParquet(
        parquet.Table.fromIPCStream(tableToIPC(table as never, 'stream')),
        new parquet.WriterPropertiesBuilder().setCompression(compression).setDictionaryEnabled(dictionary).build(),
      );
      for (const { layout, numRows } of textLayouts(bytes)) {
        expect(() => mapValues(layout, bytes.subarray(layout.start, layout.end), numRows)).toThrow(UnmappableChunkError);
      }
    }
  });
});
