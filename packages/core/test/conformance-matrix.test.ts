// A differential conformance matrix: small sync runs written at test time by DuckDB (V1 and V2
// pages × every codec, small and default row groups), parquet-wasm / arrow-rs (PLAIN, DELTA_*,
// dictionaries on, off and overflowing, data page v2, tiny pages, no statistics, page indexes),
// parquetjs (data page v1 and v2, TIMESTAMP_MILLIS / MICROS) and polars, with text, INT32 and INT64
// identifiers and ms / µs / ns timestamps with and without UTC. For each run, every question the
// client answers (summary, errors, filter by every predicate and with column subsets, find with
// probes in every row group, find through the local index, sample, filterJsonLines) is asked of
// the client and of DuckDB on the same files, and the answers compared record by record.
//
// What is crossed fully: DuckDB's version × codec with small row groups, and version × the codecs
// with distinct reader paths with DuckDB's default row groups (text identifiers, µs timestamps).
// Everything else is covered once, in the entries listed below; identifier types and timestamp
// units and zones are spread over the writers so each writer meets each at least once. Every entry
// is asked every question; the CLI export only for the entries in CLI_EXPORT.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncTrackingClient, type RecordField } from '../src/index.js';
import { DuckDbBucket, OUTCOME_SQL, newRun } from './duckdb-fixtures.js';
import { RunOracle, type Probe } from './conformance-oracle.js';
import {
  SAMPLE_CASES,
  expectCliExportAgrees,
  expectErrorsAgree,
  expectFilterAgrees,
  expectFindAgrees,
  expectJsonLinesAgree,
  expectSampleAgrees,
  expectSummaryAgrees,
  filterCases,
  type FilterCase,
} from './conformance-checks.js';
import { expectSyncHistoryAgrees } from './conformance-history-checks.js';
import { expectCompareRunsAgrees } from './compare-conformance.js';
import { settingsLabel, writeRun, type DuckCodec, type FilePlan, type WriterSettings } from './conformance-writers.js';

const DUCK_CODECS: DuckCodec[] = ['uncompressed', 'snappy', 'gzip', 'zstd', 'brotli', 'lz4', 'lz4_raw'];

/** Codecs the reader decompresses itself (the JavaScript path) and one it hands to parquet-wasm. */
const DUCK_LARGE_GROUP_CODECS: DuckCodec[] = ['uncompressed', 'snappy', 'gzip', 'zstd'];

// Version × codec crossed fully with small row groups (2048 rows, several per file); DuckDB's default
// row groups (one per file here) with the codecs that take distinct reader paths: brotli and the lz4s
// go to parquet-wasm as zstd does (crossing those too put the file past its three-minute budget).
const DUCK_FULL: WriterSettings[] = (['V1', 'V2'] as const).flatMap((version) =>
  DUCK_CODECS.flatMap((codec) =>
    [2048, ...(DUCK_LARGE_GROUP_CODECS.includes(codec) ? [undefined] : [])].map(
      (rowGroupSize) => ({ writer: 'duckdb', version, codec, rowGroupSize, identifiers: 'text', timestamp: 'TIMESTAMP' }) as const,
    ),
  ),
);

const DUCK_ONCE: WriterSettings[] = [
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

const WASM: WriterSettings[] = [
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

const PARQUETJS: WriterSettings[] = [
  { ...parquetjs, codec: 'UNCOMPRESSED' },
  { ...parquetjs, codec: 'SNAPPY', identifiers: 'int64', timestamp: 'TIMESTAMP_MICROS' },
  { ...parquetjs, codec: 'GZIP', dataPageV2: true },
  { ...parquetjs, codec: 'SNAPPY', dataPageV2: true, pageSize: 50, identifiers: 'int32', timestamp: 'TIMESTAMP_MICROS' },
  { ...parquetjs, codec: 'BROTLI' },
];

const POLARS: WriterSettings[] = [
  { writer: 'polars', codec: 'zstd', identifiers: 'text', timeUnit: 'ns', utc: false },
  { writer: 'polars', codec: 'snappy', rowGroupSize: 500, identifiers: 'int64', timeUnit: 'ms', utc: true },
  { writer: 'polars', codec: 'lz4', rowGroupSize: 500, identifiers: 'text', timeUnit: 'us', utc: true },
  { writer: 'polars', codec: 'uncompressed', rowGroupSize: 500, identifiers: 'int32', timeUnit: 'ns', utc: true, statistics: false },
  { writer: 'polars', codec: 'gzip', rowGroupSize: 500, identifiers: 'text', timeUnit: 'ms', utc: false, dataPageSizeLimit: 1024 },
];

/** DuckDB writes row groups in multiples of 2048 rows: its first file is long enough for three. */
function filesFor(settings: WriterSettings): FilePlan[] {
  if (settings.writer === 'duckdb') {
    return [
      { name: 'records_updated.0.parquet', rows: 4300, offset: 0 },
      { name: 'records_inserted.1.parquet', rows: 500, offset: 4000 },
      { name: 'records_deleted.2.parquet', rows: 300, offset: 4400 },
    ];
  }
  return [
    { name: 'records_updated.0.parquet', rows: 1400, offset: 0 },
    { name: 'records_inserted.1.parquet', rows: 800, offset: 1200 },
    { name: 'records_deleted.2.parquet', rows: 300, offset: 1900 },
  ];
}

const MATRIX = [...DUCK_FULL, ...DUCK_ONCE, ...WASM, ...PARQUETJS, ...POLARS];

const CLI_EXPORT = new Set<WriterSettings>([
  DUCK_FULL.find((entry) => entry.writer === 'duckdb' && entry.version === 'V1' && entry.codec === 'snappy')!,
  DUCK_FULL.find((entry) => entry.writer === 'duckdb' && entry.version === 'V2' && entry.codec === 'snappy')!,
  DUCK_FULL.find((entry) => entry.writer === 'duckdb' && entry.version === 'V2' && entry.codec === 'zstd')!,
  DUCK_ONCE[3]!,
  ...WASM.filter((entry) => entry.writer === 'parquet-wasm' && entry.encodings?.identifier !== undefined && !entry.dictionary),
  WASM[2]!,
  PARQUETJS[2]!,
  POLARS[1]!,
]);

/** What each entry's files must hold, so that a writer setting silently ignored does not go unnoticed. */
function expectedLayout(settings: WriterSettings): {
  compression: string;
  identifierType: string;
  timestamp: RegExp;
  encodings: Record<string, string>;
  severalRowGroups: boolean;
} {
  const identifierType = settings.identifiers === 'text' ? 'BYTE_ARRAY' : settings.identifiers === 'int32' ? 'INT32' : 'INT64';
  const unitName = { ms: 'MILLIS', us: 'MICROS', ns: 'NANOS' } as const;
  const logical = (unit: keyof typeof unitName, utc: boolean) => new RegExp(`isAdjustedToUTC=${utc ? 1 : 0}.*${unitName[unit]}=[A-Z]`, 'i');
  switch (settings.writer) {
    case 'duckdb': {
      const unit = settings.timestamp === 'TIMESTAMP_MS' ? 'ms' : settings.timestamp === 'TIMESTAMP_NS' ? 'ns' : 'us';
      return {
        compression: settings.codec === 'lz4' ? 'LZ4_RAW' : settings.codec.toUpperCase(),
        identifierType,
        timestamp: logical(unit, settings.timestamp === 'TIMESTAMPTZ'),
        encodings: settings.version === 'V2' && settings.identifiers === 'text' ? { identifier: 'DELTA_LENGTH_BYTE_ARRAY' } : {},
        severalRowGroups: settings.rowGroupSize !== undefined,
      };
    }
    case 'parquet-wasm':
      return {
        compression: settings.codec,
        identifierType,
        timestamp: logical(settings.timeUnit, settings.utc),
        // A dictionary overflows (and falls back) only in the high-cardinality columns.
        encodings: {
          ...(settings.dictionary ? { identifier: 'RLE_DICTIONARY' } : {}),
          ...(settings.dictionary && settings.dictionaryPageSizeLimit === undefined
            ? {}
            : Object.fromEntries(Object.entries(settings.encodings ?? {}).filter(([column]) => !settings.dictionary || ['identifier', 'record_payload'].includes(column)))),
        },
        severalRowGroups: true,
      };
    case 'parquetjs':
      return { compression: settings.codec, identifierType, timestamp: new RegExp(settings.timestamp), encodings: {}, severalRowGroups: true };
    case 'polars':
      return {
        compression: settings.codec === 'lz4' ? 'LZ4_RAW' : settings.codec.toUpperCase(),
        identifierType,
        timestamp: logical(settings.timeUnit, settings.utc),
        encodings: {},
        severalRowGroups: settings.rowGroupSize !== undefined,
      };
  }
}

/** Column subsets a filter is asked with: the records' fields read must be the same whatever is read. */
const COLUMN_SUBSETS: RecordField[][] = [
  ['identifier', 'statusMessage'],
  ['status'],
  ['payload'],
  ['operation', 'batchStartedAt', 'batchEndedAt'],
  [],
];
const SUBSET_FILTERS = ['everything', 'outcome rejected', 'status SQL NULL', 'statusMessage regex', 'identifiers (probes and absent)'];

let bucket: DuckDbBucket;
let indexDirectory: string;
let indexed: SyncTrackingClient;
let exportDirectory: string;

beforeAll(async () => {
  bucket = await DuckDbBucket.create();
  indexDirectory = await mkdtemp(join(tmpdir(), 'synctrack-matrix-index-'));
  indexed = new SyncTrackingClient({ storage: bucket.storage, decodePool: bucket.pool, index: { directory: indexDirectory } });
  exportDirectory = await mkdtemp(join(tmpdir(), 'synctrack-matrix-export-'));
});

afterAll(async () => {
  await bucket?.close();
  if (indexDirectory) await rm(indexDirectory, { recursive: true, force: true });
  if (exportDirectory) await rm(exportDirectory, { recursive: true, force: true });
});

// describe() per entry rather than describe.each: each's `$label` is cut at 40 characters.
for (const settings of MATRIX) describe(settingsLabel(settings), () => {
  const run = newRun('matrix', settings.writer);
  let oracle: RunOracle;
  let probes: Probe[];
  let filters: FilterCase[];
  const client = () => bucket.client;

  beforeAll(async () => {
    await writeRun(bucket, run, settings, filesFor(settings));
    oracle = new RunOracle(bucket, run);
    probes = await oracle.probes();
    filters = await filterCases(oracle, probes);
  });

  it('the files are what the entry says (codec, encodings, types, row groups)', async () => {
    const layout = await oracle.layout();
    const expected = expectedLayout(settings);
    const identifier = layout.columns.get('identifier')!;
    const started = layout.columns.get('batch_started_at')!;
    expect.soft([...new Set([...layout.columns.values()].flatMap((column) => [...column.compressions]))], 'compressions').toEqual([expected.compression]);
    expect.soft(identifier.type, 'identifier type').toBe(expected.identifierType);
    expect.soft(`${started.convertedType} ${started.logicalType}`, 'timestamp type').toMatch(expected.timestamp);
    for (const [column, encoding] of Object.entries(expected.encodings)) {
      expect.soft([...layout.columns.get(column)!.encodings], `${column} encodings`).toContain(encoding);
    }
    if (expected.severalRowGroups) expect.soft(layout.rowGroups, 'row groups').toBeGreaterThan(layout.files);
    expect(probes.length, 'probes: three per row group').toBe(3 * layout.rowGroups);
  });

  it('summary', async () => {
    await expectSummaryAgrees(client(), oracle);
  });

  it('errors', async () => {
    await expectErrorsAgree(client(), oracle, false);
  });

  it('errors with templates', async () => {
    await expectErrorsAgree(client(), oracle, true);
  });

  it('syncHistory', async () => {
    await expectSyncHistoryAgrees(client(), oracle);
  });

  it('compareRuns (the run with itself)', async () => {
    await expectCompareRunsAgrees(client(), oracle);
  });

  it('filter by every predicate', async () => {
    for (const filter of filters) await expectFilterAgrees(client(), oracle, filter);
  });

  it('filter with column subsets', async () => {
    for (const columns of COLUMN_SUBSETS) {
      for (const name of SUBSET_FILTERS) await expectFilterAgrees(client(), oracle, filters.find((filter) => filter.name === name)!, columns);
    }
  });

  it('filter by identifiers: every probe', async () => {
    const identifiers = [...new Set(probes.map((probe) => probe.identifier))];
    const where = RunOracle.identifierIn(identifiers);
    for (const columns of [undefined, ['identifier', 'statusMessage'], ['status', 'payload']] as Array<RecordField[] | undefined>) {
      await expectFilterAgrees(client(), oracle, { name: `identifiers: all ${identifiers.length} probes`, query: { identifiers: [...identifiers, 'absent-id'] }, where }, columns);
      await expectFilterAgrees(client(), oracle, { name: 'identifiers: rejected among the probes', query: { identifiers, outcome: 'rejected' }, where: `${where} AND ${OUTCOME_SQL} = 'rejected'` }, columns);
    }
  });

  it('find: first, middle and last rows of every row group, and absent ids', async () => {
    expect(probes.length).toBeGreaterThanOrEqual(9);
    await expectFindAgrees(client(), oracle, probes, settings.identifiers !== 'text');
  });

  it('find through the local index', async () => {
    const stats = await indexed.buildIndex(run);
    const [total] = await bucket.query<{ count: number }>(`SELECT CAST(count(*) AS INTEGER) AS count FROM ${await oracle.tableName()}`);
    expect.soft(stats.rows, 'rows indexed').toBe(total!.count);
    await expectFindAgrees(indexed, oracle, probes, settings.identifiers !== 'text');
  });

  it('sample with filters', async () => {
    for (const sample of SAMPLE_CASES) await expectSampleAgrees(client(), oracle, sample);
  });

  it('filterJsonLines', async () => {
    for (const name of ['everything', 'outcome rejected', 'identifiers (probes and absent)']) {
      await expectJsonLinesAgree(client(), oracle, filters.find((filter) => filter.name === name)!);
    }
  });

  // Each CLI command starts and ends its own decode workers (~1.5 s here): the export runs on a
  // subset of the entries, one of each writer and each kind of identifier chunk (CLI_EXPORT).
  if (CLI_EXPORT.has(settings)) {
    it('CLI export: Parquet read back by DuckDB, JSON Lines with --columns', async () => {
      const ids = [...new Set(probes.map((probe) => probe.identifier))].slice(0, 4);
      await expectCliExportAgrees(oracle, await bucket.runFolder(run), exportDirectory, [
        { name: 'rejected', format: 'parquet', args: ['--status', 'rejected'], where: `${OUTCOME_SQL} = 'rejected'` },
        { name: 'probes', format: 'jsonl', args: ids.flatMap((id) => ['--identifier', id]), where: RunOracle.identifierIn(ids) },
      ]);
    });
  }
});
