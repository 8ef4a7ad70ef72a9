// The entries of the differential conformance matrix (matrix-suite.ts asks each every question),
// one list per writer. What is crossed fully: DuckDB's version × codec with small row groups, and
// version × the codecs with distinct reader paths with DuckDB's default row groups (text
// identifiers, µs timestamps). Everything else is covered once; identifier types and timestamp
// units and zones are spread over the writers so each writer meets each at least once. The CLI
// export runs only for the entries in CLI_EXPORT. The matrix is split into test files by writer
// (duckdb-v1, duckdb-v2, arrow-rs, parquetjs-polars) so that vitest runs them side by side.
// `npm test` asks the QUICK share; CI asks every entry (support/test-depth.ts).
import type { DuckCodec, WriterSettings } from '../conformance-writers.js';
import { FULL_DEPTH } from '../support/test-depth.js';

const DUCK_CODECS: DuckCodec[] = ['uncompressed', 'snappy', 'gzip', 'zstd', 'brotli', 'lz4', 'lz4_raw'];

/** Codecs the reader decompresses itself (the JavaScript path) and one it hands to parquet-wasm. */
const DUCK_LARGE_GROUP_CODECS: DuckCodec[] = ['uncompressed', 'snappy', 'gzip', 'zstd'];

// Version × codec crossed fully with small row groups (2048 rows, several per file); DuckDB's default
// row groups (one per file here) with the codecs that take distinct reader paths: brotli and the lz4s
// go to parquet-wasm as zstd does (crossing those too put the file past its three-minute budget).
export const DUCK_FULL: WriterSettings[] = (['V1', 'V2'] as const).flatMap((version) =>
  DUCK_CODECS.flatMap((codec) =>
    [2048, ...(DUCK_LARGE_GROUP_CODECS.includes(codec) ? [undefined] : [])].map(
      (rowGroupSize) => ({ writer: 'duckdb', version, codec, rowGroupSize, identifiers: 'text', timestamp: 'TIMESTAMP' }) as const,
    ),
  ),
);

export const DUCK_ONCE: WriterSettings[] = [
  { writer: 'duckdb', version: 'V1', codec: 'snappy', rowGroupSize: 2048, identifiers: 'int32', timestamp: 'TIMESTAMP_MS' },
  { writer: 'duckdb', version: 'V2', codec: 'zstd', rowGroupSize: 2048, identifiers: 'int32', timestamp: 'TIMESTAMP_NS' },
  { writer: 'duckdb', version: 'V1', codec: 'gzip', rowGroupSize: 2048, identifiers: 'int64', timestamp: 'TIMESTAMPTZ' },
  { writer: 'duckdb', version: 'V2', codec: 'snappy', rowGroupSize: 2048, identifiers: 'int64', timestamp: 'TIMESTAMP_MS' },
  { writer: 'duckdb', version: 'V2', codec: 'uncompressed', rowGroupSize: 2048, identifiers: 'text', timestamp: 'TIMESTAMPTZ' },
  { writer: 'duckdb', version: 'V1', codec: 'snappy', rowGroupSize: 2048, identifiers: 'text', timestamp: 'TIMESTAMP_NS', dictionarySizeLimit: 0 },
];

const TEXT_COLUMNS = ['identifier', 'record_payload', 'operation', 'status', 'status_message'];
const every = <E extends string>(encoding: E) => Object.fromEntries(TEXT_COLUMNS.map((column) => [column, encoding]));
const wasm = { writer: 'parquet-wasm', rowGroupSize: 500, dictionary: false, identifiers: 'text', timeUnit: 'us', utc: false } as const;

export const WASM: WriterSettings[] = [
  { ...wasm, codec: 'SNAPPY' },
  { ...wasm, codec: 'UNCOMPRESSED' },
  { ...wasm, codec: 'SNAPPY', dictionary: true },
  { ...wasm, codec: 'GZIP', dictionary: true, timeUnit: 'ms', utc: true },
  { ...wasm, codec: 'SNAPPY', dictionary: true, dictionaryPageSizeLimit: 256 },
  { ...wasm, codec: 'SNAPPY', encodings: every('DELTA_LENGTH_BYTE_ARRAY') },
  { ...wasm, codec: 'UNCOMPRESSED', encodings: every('DELTA_LENGTH_BYTE_ARRAY'), timeUnit: 'ns' },
  { ...wasm, codec: 'GZIP', encodings: every('DELTA_BYTE_ARRAY') },
  { ...wasm, codec: 'ZSTD', encodings: every('DELTA_BYTE_ARRAY'), utc: true },
  { ...wasm, codec: 'SNAPPY', encodings: { identifier: 'DELTA_BYTE_ARRAY', status_message: 'DELTA_LENGTH_BYTE_ARRAY' }, dictionary: true },
  // arrow-rs's fallback for text under writer version 2 is DELTA_BYTE_ARRAY.
  { ...wasm, codec: 'SNAPPY', dataPageV2: true },
  // Dictionaries that overflow their page limit mid-chunk, falling back to DELTA_BYTE_ARRAY pages.
  { ...wasm, codec: 'SNAPPY', dictionary: true, dictionaryPageSizeLimit: 256, encodings: every('DELTA_BYTE_ARRAY') },
  { ...wasm, codec: 'GZIP', dictionary: true, dictionaryPageSizeLimit: 256, dataPageV2: true },
  { ...wasm, codec: 'GZIP', dataPageV2: true, dictionary: true },
  { ...wasm, codec: 'SNAPPY', dataPageV2: true, encodings: every('DELTA_LENGTH_BYTE_ARRAY') },
  { ...wasm, codec: 'SNAPPY', dataPageSizeLimit: 512, writeBatchSize: 32 },
  { ...wasm, codec: 'UNCOMPRESSED', dataPageSizeLimit: 512, writeBatchSize: 32, dictionary: true, dataPageV2: true },
  { ...wasm, codec: 'SNAPPY', statistics: 'None' },
  { ...wasm, codec: 'SNAPPY', statistics: 'Page', dictionary: true },
  {
    ...wasm,
    codec: 'SNAPPY',
    identifiers: 'int64',
    timeUnit: 'ns',
    utc: true,
    encodings: { identifier: 'DELTA_BINARY_PACKED', batch_started_at: 'DELTA_BINARY_PACKED', batch_ended_at: 'DELTA_BINARY_PACKED' },
  },
  {
    ...wasm,
    codec: 'UNCOMPRESSED',
    identifiers: 'int32',
    timeUnit: 'ms',
    encodings: { identifier: 'DELTA_BINARY_PACKED', batch_started_at: 'DELTA_BINARY_PACKED', batch_ended_at: 'DELTA_BINARY_PACKED' },
  },
  { ...wasm, codec: 'SNAPPY', identifiers: 'int32', utc: true, dictionary: true },
  { ...wasm, codec: 'ZSTD', identifiers: 'int64', timeUnit: 'ms', utc: true },
  { ...wasm, codec: 'SNAPPY', timeUnit: 'ns' },
  { ...wasm, codec: 'BROTLI' },
  // Not LZ4 (the deprecated Hadoop-framed codec): DuckDB, the oracle, cannot read it.
  { ...wasm, codec: 'LZ4_RAW' },
  { ...wasm, codec: 'ZSTD', dictionary: true, dataPageV2: true },
];

const parquetjs = { writer: 'parquetjs', rowGroupSize: 500, pageSize: 8192, dataPageV2: false, identifiers: 'text', timestamp: 'TIMESTAMP_MILLIS' } as const;

export const PARQUETJS: WriterSettings[] = [
  { ...parquetjs, codec: 'UNCOMPRESSED' },
  { ...parquetjs, codec: 'SNAPPY', identifiers: 'int64', timestamp: 'TIMESTAMP_MICROS' },
  { ...parquetjs, codec: 'GZIP', dataPageV2: true },
  { ...parquetjs, codec: 'SNAPPY', dataPageV2: true, pageSize: 50, identifiers: 'int32', timestamp: 'TIMESTAMP_MICROS' },
  { ...parquetjs, codec: 'BROTLI' },
];

export const POLARS: WriterSettings[] = [
  { writer: 'polars', codec: 'zstd', identifiers: 'text', timeUnit: 'ns', utc: false },
  { writer: 'polars', codec: 'snappy', rowGroupSize: 500, identifiers: 'int64', timeUnit: 'ms', utc: true },
  { writer: 'polars', codec: 'lz4', rowGroupSize: 500, identifiers: 'text', timeUnit: 'us', utc: true },
  { writer: 'polars', codec: 'uncompressed', rowGroupSize: 500, identifiers: 'int32', timeUnit: 'ns', utc: true, statistics: false },
  { writer: 'polars', codec: 'gzip', rowGroupSize: 500, identifiers: 'text', timeUnit: 'ms', utc: false, dataPageSizeLimit: 1024 },
];

export const CLI_EXPORT = new Set<WriterSettings>([
  DUCK_FULL.find((entry) => entry.writer === 'duckdb' && entry.version === 'V1' && entry.codec === 'snappy')!,
  DUCK_FULL.find((entry) => entry.writer === 'duckdb' && entry.version === 'V2' && entry.codec === 'snappy')!,
  DUCK_FULL.find((entry) => entry.writer === 'duckdb' && entry.version === 'V2' && entry.codec === 'zstd')!,
  DUCK_ONCE[3]!,
  ...WASM.filter((entry) => entry.writer === 'parquet-wasm' && entry.encodings?.identifier !== undefined && !entry.dictionary),
  WASM[2]!,
  PARQUETJS[2]!,
  POLARS[1]!,
]);

const duck = (version: 'V1' | 'V2', codec: DuckCodec, rowGroupSize: number | undefined) =>
  DUCK_FULL.find((entry) => entry.writer === 'duckdb' && entry.version === version && entry.codec === codec && entry.rowGroupSize === rowGroupSize)!;

/**
 * The share `npm test` asks (10 of ~65), so that a first run on a 2-core machine stays within
 * minutes: every writer, both DuckDB page versions, small and default row groups, every identifier
 * type and timestamp unit (and a UTC one), a codec of each path (snappy and gzip decompressed by the
 * reader, zstd through parquet-wasm, uncompressed), dictionaries that overflow into DELTA pages,
 * DELTA_LENGTH_BYTE_ARRAY and DELTA_BINARY_PACKED, data page v2, tiny pages, and CLI export from
 * three writers. The rest adds codecs and combinations of the same paths: CI asks them all.
 */
const QUICK = new Set<WriterSettings>([
  duck('V1', 'snappy', 2048),
  duck('V1', 'gzip', undefined),
  DUCK_ONCE[0]!,
  duck('V2', 'zstd', 2048),
  WASM[5]!,
  WASM[11]!,
  WASM[16]!,
  WASM[19]!,
  PARQUETJS[3]!,
  POLARS[1]!,
]);

/** The entries a test file asks at this depth: all of them at full depth, else the QUICK ones. */
export function atDepth(entries: WriterSettings[]): WriterSettings[] {
  return FULL_DEPTH ? entries : entries.filter((entry) => QUICK.has(entry));
}
