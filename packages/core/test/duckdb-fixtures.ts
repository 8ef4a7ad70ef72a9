// Test helpers: sync runs written by DuckDB (files nobody here wrote) in a temporary bucket laid
// out as `sync_tracking_datasets/ORG/SYNC/RUN/`, read by core's client through the fs storage
// adapter, and DuckDB's own answers on the same files to compare with.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { expect } from 'vitest';
import { SyncTrackingClient, type RunIds, type StorageAdapter, type SyncRecord } from '../src/index.js';
import { DecodePool, runPrefix } from '../src/internal.js';

// The fs adapter's package depends on core, so core cannot list it back as a dependency: it is
// imported by name, which vitest resolves to the adapter's source through its workspace alias.
const fsPackage = '@synctrack/storage-fs';
const { FsStorage } = (await import(/* @vite-ignore */ fsPackage)) as {
  FsStorage: new (options: { root: string }) => StorageAdapter;
};

export type DuckCompression = 'snappy' | 'zstd' | 'gzip' | 'uncompressed';

export interface CopyOptions {
  compression?: DuckCompression;
  rowGroupSize?: number;
  /** DuckDB's writer version: V2 switches the string and integer encodings to DELTA_*. */
  parquetVersion?: 'V1' | 'V2';
  /** `0` turns dictionary encoding off (DuckDB's DICTIONARY_SIZE_LIMIT, in bytes). */
  dictionarySizeLimit?: number;
}

/** One row as both sides should see it: DuckDB's answer, or a client record reduced to the same shape. */
export interface ComparableRow {
  file: string;
  rowIndex: number;
  identifier: string | null;
  payload: unknown;
  operation: string | null;
  status: string | null;
  statusMessage: string | null;
  batchStartedAt: number | null;
  batchEndedAt: number | null;
}

/** DuckDB's reading of the outcome the Census UI shows (documented statuses; SQL NULL is invalid). */
export const OUTCOME_SQL = `CASE WHEN status IS NULL OR lower(status) IN ('null', 'duplicate') THEN 'invalid'
  WHEN lower(status) IN ('succeeded', 'success') THEN 'success' ELSE 'rejected' END`;

// The documented record columns, spelled out here rather than taken from core.
const RECORD_COLUMN_NAMES = ['identifier', 'record_payload', 'operation', 'status', 'status_message', 'batch_started_at', 'batch_ended_at'];

/** The payload the client should hand back for DuckDB's text: parsed JSON, or the text itself. */
export function parsedPayload(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A row of the records relation (see DuckDbBucket.records) in the client's shape. */
export function comparableDuckRow(row: Record<string, unknown>): ComparableRow {
  return {
    file: row.file as string,
    rowIndex: row.row_index as number,
    identifier: row.identifier as string | null,
    payload: parsedPayload(row.record_payload as string | null),
    operation: row.operation as string | null,
    status: row.status as string | null,
    statusMessage: row.status_message as string | null,
    batchStartedAt: row.batch_started_at as number | null,
    batchEndedAt: row.batch_ended_at as number | null,
  };
}

export function comparable(record: SyncRecord): ComparableRow {
  return {
    file: record.origin.file,
    rowIndex: record.origin.rowIndex,
    identifier: record.identifier,
    payload: record.payload,
    operation: record.operation,
    status: record.status,
    statusMessage: record.statusMessage,
    batchStartedAt: record.batchStartedAt?.getTime() ?? null,
    batchEndedAt: record.batchEndedAt?.getTime() ?? null,
  };
}

/** Rows in a stable order (file, then row), for comparing multisets. */
export function byPosition<T extends { file: string; rowIndex: number }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.rowIndex - b.rowIndex));
}

/** Identifiers sorted, nulls first: a multiset in a comparable form. */
export function identifierMultiset(rows: Array<{ identifier: string | null }>): Array<string | null> {
  return rows.map((row) => row.identifier).sort((a, b) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1));
}

export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

let pool: DecodePool | undefined;

/**
 * The decode pool every bucket of a test process reads with, kept for the process: a test worker
 * runs many files with buckets, and a pool per bucket started and ended its workers (and compiled
 * parquet-wasm in each) for every one.
 */
function bucketPool(): DecodePool {
  pool ??= new DecodePool({ size: 2 });
  return pool;
}

/** A temporary bucket, a DuckDB connection to write and query it, and a client reading it. */
export class DuckDbBucket {
  private constructor(
    readonly root: string,
    private readonly instance: DuckDBInstance,
    readonly duck: DuckDBConnection,
    readonly storage: StorageAdapter,
    readonly pool: DecodePool,
    readonly client: SyncTrackingClient,
  ) {}

  static async create(): Promise<DuckDbBucket> {
    const root = await mkdtemp(join(tmpdir(), 'synctrack-duckdb-'));
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const duck = await instance.connect();
    // Naive timestamps are read as UTC, whatever this machine's zone (ICU may be loaded).
    await duck.run("SET TimeZone = 'UTC'").catch(() => undefined);
    const storage = new FsStorage({ root });
    const pool = bucketPool();
    const client = new SyncTrackingClient({ storage, decodePool: pool });
    return new DuckDbBucket(root, instance, duck, storage, pool, client);
  }

  async close(): Promise<void> {
    this.duck.closeSync();
    this.instance.closeSync();
    await rm(this.root, { recursive: true, force: true });
  }

  /** The run's folder on disk (created). */
  async runFolder(run: RunIds): Promise<string> {
    const folder = join(this.root, runPrefix('', run));
    await mkdir(folder, { recursive: true });
    return folder;
  }

  /** Writes `SELECT …` as one Parquet file of the run with DuckDB's COPY; returns its path. */
  async copy(run: RunIds, fileName: string, select: string, options: CopyOptions = {}): Promise<string> {
    const path = join(await this.runFolder(run), fileName);
    const settings = [
      'FORMAT parquet',
      `COMPRESSION ${options.compression ?? 'snappy'}`,
      ...(options.rowGroupSize === undefined ? [] : [`ROW_GROUP_SIZE ${options.rowGroupSize}`]),
      ...(options.parquetVersion === undefined ? [] : [`PARQUET_VERSION ${options.parquetVersion}`]),
      ...(options.dictionarySizeLimit === undefined ? [] : [`DICTIONARY_SIZE_LIMIT ${options.dictionarySizeLimit}`]),
    ];
    await this.duck.run(`COPY (${select}) TO ${sqlString(path)} (${settings.join(', ')})`);
    return path;
  }

  /** Writes a file of the run as given (metadata.json, stray files, broken files). */
  async put(run: RunIds, fileName: string, content: string | Uint8Array): Promise<string> {
    const path = join(await this.runFolder(run), fileName);
    await writeFile(path, content);
    return path;
  }

  async query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    const reader = await this.duck.runAndReadAll(sql);
    return reader.getRowObjectsJS() as T[];
  }

  /** `read_parquet` over the run's record files, as the spec's DuckDB example reads them. */
  async scan(run: RunIds): Promise<string> {
    return `read_parquet(${sqlString(join(await this.runFolder(run), '*.parquet'))}, union_by_name = true, filename = true, file_row_number = true)`;
  }

  /**
   * The run's records as a DuckDB relation with every record column (NULL where no file has it):
   * text columns as VARCHAR, timestamps as whole epoch milliseconds floored from integer
   * nanoseconds, plus the file name and row number within the file.
   */
  async records(run: RunIds): Promise<string> {
    const scan = await this.scan(run);
    const present = new Set((await this.query<{ column_name: string }>(`DESCRIBE SELECT * FROM ${scan}`)).map((row) => row.column_name));
    const text = (name: string) => (present.has(name) ? `CAST(${name} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)');
    const millis = (name: string) =>
      present.has(name) ? `CAST((epoch_ns(${name}) - ((epoch_ns(${name}) % 1000000) + 1000000) % 1000000) // 1000000 AS DOUBLE)` : 'CAST(NULL AS DOUBLE)';
    return `(SELECT parse_filename(filename) AS file, CAST(file_row_number AS INTEGER) AS row_index,
        ${RECORD_COLUMN_NAMES.map((name) => `${name.startsWith('batch_') ? millis(name) : text(name)} AS ${name}`).join(', ')}
      FROM ${scan})`;
  }

  /** DuckDB's rows of the run matching `where` (SQL over the record columns), in the client's shape. */
  async rows(run: RunIds, where = 'true'): Promise<ComparableRow[]> {
    const rows = await this.query<Record<string, unknown>>(`SELECT * FROM ${await this.records(run)} WHERE ${where}`);
    return byPosition(rows.map(comparableDuckRow));
  }

  /** DuckDB's count of the run's records matching `where`, by one expression (nulls kept as null keys). */
  async countBy(run: RunIds, expression: string, where = 'true'): Promise<Map<string | null, number>> {
    const rows = await this.query<{ key: string | null; count: number }>(
      `SELECT CAST(${expression} AS VARCHAR) AS key, CAST(count(*) AS INTEGER) AS count FROM ${await this.records(run)} WHERE ${where} GROUP BY 1`,
    );
    return new Map(rows.map((row) => [row.key, row.count]));
  }

  /** What DuckDB's parquet_metadata says about the run's column chunks. */
  async columnChunks(run: RunIds): Promise<Array<{ file: string; rowGroup: number; column: string; compression: string; encodings: string }>> {
    return this.query(`
      SELECT parse_filename(file_name) AS file, CAST(row_group_id AS INTEGER) AS "rowGroup", path_in_schema AS "column",
             compression, encodings
      FROM parquet_metadata(${sqlString(join(await this.runFolder(run), '*.parquet'))})`);
  }
}

export interface RecordsSelectOptions {
  rows: number;
  /** Added to the row number `i`, so that files of a run hold different (partly overlapping) records. */
  offset?: number;
  /** Column name → SQL expression over `i` (BIGINT row number + offset); replaces or adds a column. */
  columns?: Record<string, string>;
  /** Leave these record columns out of the file. */
  omit?: string[];
  /** Column order of the file (names not listed keep their default order, after these). */
  order?: string[];
}

/**
 * The default record columns as SQL over `i`: about one identifier in ten is shared with another
 * row; statuses cover succeeded, rejected, SQL NULL and the 'NULL' / 'DUPLICATE' strings; rejected
 * rows carry one of a few messages (some with numbers in them); timestamps have sub-millisecond parts.
 */
export const DEFAULT_RECORD_SQL: Record<string, string> = {
  identifier: `'cust-' || CAST(i % 900 + (i // 1000) * 1000 AS VARCHAR)`,
  record_payload: `CAST(json_object('id', i, 'email', 'user' || i || '@example.com', 'score', i * 1.5, 'active', i % 2 = 0, 'tags', ['a', 'b']) AS VARCHAR)`,
  operation: `CASE i % 3 WHEN 0 THEN 'upsert' WHEN 1 THEN 'update' ELSE 'delete' END`,
  status: `CASE (i * 7 + i // 13) % 20 WHEN 12 THEN 'rejected' WHEN 13 THEN 'rejected' WHEN 14 THEN 'rejected' WHEN 15 THEN 'rejected'
    WHEN 16 THEN NULL WHEN 17 THEN 'NULL' WHEN 18 THEN 'DUPLICATE' WHEN 19 THEN 'rejected' ELSE 'succeeded' END`,
  status_message: `CASE (i * 7 + i // 13) % 20 WHEN 12 THEN 'Invalid email address' WHEN 13 THEN 'Rate limit exceeded, retry after ' || (i % 4) || 's'
    WHEN 14 THEN 'Field "phone" is required' WHEN 15 THEN 'Invalid email address' WHEN 17 THEN 'Identifier is NULL'
    WHEN 18 THEN 'Duplicate identifier' WHEN 19 THEN NULL END`,
  batch_started_at: `TIMESTAMP '2024-05-01 10:00:00' + INTERVAL (i // 500) MINUTE + INTERVAL (i % 7 * 1001) MICROSECOND`,
  batch_ended_at: `TIMESTAMP '2024-05-01 10:00:30.5' + INTERVAL (i // 500) MINUTE`,
};

/** A `SELECT` producing `rows` records for `copy`, with the columns, order and types asked for. */
export function recordsSelect(options: RecordsSelectOptions): string {
  const columns = { ...DEFAULT_RECORD_SQL, ...options.columns };
  for (const name of options.omit ?? []) delete columns[name];
  const names = [...new Set([...(options.order ?? []), ...Object.keys(columns)])].filter((name) => name in columns);
  const list = names.map((name) => `${columns[name]} AS ${name}`).join(',\n  ');
  return `SELECT ${list}\nFROM (SELECT range + ${options.offset ?? 0} AS i FROM range(${options.rows})) AS numbered ORDER BY i`;
}

export async function collect<T = SyncRecord>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** The client's summary of a run equals DuckDB's counts, time spans and file count. */
export async function expectSummaryAgrees(bucket: DuckDbBucket, run: RunIds): Promise<void> {
  const summary = await bucket.client.summary(run);
  const byStatus = await bucket.countBy(run, 'status');
  expect(new Map(summary.byStatus.map((entry) => [entry.status, entry.count]))).toEqual(byStatus);
  expect(summary.total).toBe([...byStatus.values()].reduce((sum, count) => sum + count, 0));
  const byOutcome = await bucket.countBy(run, OUTCOME_SQL);
  expect(summary.byOutcome).toEqual({
    success: byOutcome.get('success') ?? 0,
    rejected: byOutcome.get('rejected') ?? 0,
    invalid: byOutcome.get('invalid') ?? 0,
  });
  expect(new Map(summary.byOperation.map((entry) => [entry.operation, entry.count]))).toEqual(await bucket.countBy(run, 'operation'));
  const [times] = await bucket.query<Record<string, number | null>>(
    `SELECT min(batch_started_at) AS "startedFirst", max(batch_started_at) AS "startedLast",
            min(batch_ended_at) AS "endedFirst", max(batch_ended_at) AS "endedLast" FROM ${await bucket.records(run)}`,
  );
  const span = (first: number | null | undefined, last: number | null | undefined) =>
    first === null || first === undefined ? null : { first: new Date(first), last: new Date(last!) };
  expect(summary.batchStartedAt).toEqual(span(times!.startedFirst, times!.startedLast));
  expect(summary.batchEndedAt).toEqual(span(times!.endedFirst, times!.endedLast));
  const [files] = await bucket.query<{ count: number }>(
    `SELECT CAST(count(*) AS INTEGER) AS count FROM glob(${sqlString(join(await bucket.runFolder(run), '*.parquet'))})`,
  );
  expect(summary.files).toBe(files!.count);
}

let runCounter = 0;

/** Run ids in the documented layout, distinct per call. */
export function newRun(orgId = 'org1', syncId = 'sync1'): RunIds {
  runCounter++;
  return { orgId, syncId, runId: `run${runCounter}` };
}

