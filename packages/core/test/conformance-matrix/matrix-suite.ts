// A differential conformance matrix: small sync runs written at test time by DuckDB (V1 and V2
// pages × every codec, small and default row groups), parquet-wasm / arrow-rs (PLAIN, DELTA_*,
// dictionaries on, off and overflowing, data page v2, tiny pages, no statistics, page indexes),
// parquetjs (data page v1 and v2, TIMESTAMP_MILLIS / MICROS) and polars, with text, INT32 and INT64
// identifiers and ms / µs / ns timestamps with and without UTC. For each run, every question the
// client answers (summary, errors, filter by every predicate and with column subsets, find with
// probes in every row group, find through the local index, sample, filterJsonLines) is asked of
// the client and of DuckDB on the same files, and the answers compared record by record. At quick
// depth (`npm test`) each entry asks one predicate of each kind and a share of the rest, a file's
// entries together asking every one (sharedOut).
//
// The entries are in matrix-entries.ts; each test file of this folder asks one writer's share.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncTrackingClient, type RecordField } from '../../src/index.js';
import { DuckDbBucket, OUTCOME_SQL, newRun } from '../duckdb-fixtures.js';
import { RunOracle, type Probe } from '../conformance-oracle.js';
import {
  SAMPLE_CASES,
  expectCliExportAgrees,
  expectErrorsAgree,
  expectFilterAgrees,
  expectFindAgrees,
  expectJsonLinesAgree,
  LINE_KEYS,
  expectSampleAgrees,
  expectSummaryAgrees,
  filterCases,
  type FilterCase,
} from '../conformance-checks.js';
import { expectSyncHistoryAgrees } from '../conformance-history-checks.js';
import { expectCompareRunsAgrees } from '../compare-conformance.js';
import { settingsLabel, writeRun, type FilePlan, type WriterSettings } from '../conformance-writers.js';
import { CLI_EXPORT } from './matrix-entries.js';
import { FULL_DEPTH } from '../support/test-depth.js';

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

/**
 * At quick depth, the filters every entry asks: one of each kind of predicate (all rows, by outcome,
 * by status, by message exactly and by pattern, by identifier, by time). The others are shared out
 * among a file's entries (`sharedOut`), so that together they ask every filter; at full depth
 * every entry asks every filter.
 */
const EVERY_ENTRY_FILTERS = new Set(['everything', 'outcome rejected', 'status SQL NULL', 'statusMessage exact', 'statusMessage regex', 'identifiers (probes and absent)', 'batch started window']);

/** The filters entry `place` of `entries` asks at this depth. */
function sharedOut(filters: FilterCase[], place: number, entries: number): FilterCase[] {
  if (FULL_DEPTH) return filters;
  const others = filters.filter((filter) => !EVERY_ENTRY_FILTERS.has(filter.name));
  return filters.filter((filter) => EVERY_ENTRY_FILTERS.has(filter.name) || others.indexOf(filter) % entries === place);
}

/** The filters whose JSON Lines are checked, each with one of LINE_KEYS' key sets. */
const LINE_FILTERS = ['everything', 'outcome rejected', 'identifiers (probes and absent)'];

/**
 * The pairs of two lists an entry is asked, one per item of the first: the pairing turns with the
 * entry's place in its file, so the file's entries together ask every pair (a file holds at least as
 * many entries as the second list has items; the product for every entry cost a sixth of the
 * matrix's time and found nothing the pairs do not).
 */
function turningPairs<A, B>(first: readonly A[], second: readonly B[], turn: number): Array<[A, B]> {
  return first.map((item, index) => [item, second[(index + turn) % second.length]!]);
}

/** Every question, asked of the client and of DuckDB, for each of these entries, in one bucket (one file's share of the matrix). */
export function describeMatrix(entries: WriterSettings[]): void {
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
  // At full depth every pair is asked in each file; the quick share asks as many as it has entries.
  if (FULL_DEPTH && entries.length < Math.max(SUBSET_FILTERS.length, LINE_KEYS.length)) throw new Error('describeMatrix: too few entries for every pair to be asked');
  for (const [place, settings] of entries.entries()) describe(settingsLabel(settings), () => {
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

    it('filter by every predicate (at quick depth, a share: see sharedOut)', async () => {
      const asked = sharedOut(filters, place, entries.length);
      expect(asked.filter((filter) => EVERY_ENTRY_FILTERS.has(filter.name)), 'the filters every entry asks').toHaveLength(EVERY_ENTRY_FILTERS.size);
      for (const filter of asked) await expectFilterAgrees(client(), oracle, filter);
    });

    it('filter with column subsets', async () => {
      for (const [columns, name] of turningPairs(COLUMN_SUBSETS, SUBSET_FILTERS, place)) {
        await expectFilterAgrees(client(), oracle, filters.find((filter) => filter.name === name)!, columns);
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
      for (const [name, keys] of turningPairs(LINE_FILTERS, LINE_KEYS, place)) {
        await expectJsonLinesAgree(client(), oracle, filters.find((filter) => filter.name === name)!, [keys]);
      }
    });

    // The export runs on a subset of the entries, one of each writer and each kind of identifier
    // chunk (CLI_EXPORT): each runs the CLI in-process, with the bucket's decode pool.
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
}
