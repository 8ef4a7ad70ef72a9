// `synctrack ddl --engine duckdb`: the printed DDL is executed in DuckDB against written buckets (the
// fixture bucket and a small demo bucket with a legacy run, a run in progress and fact tables), and
// every view's answers are compared with the SDK's. The other engines are held by ddl-golden.test.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncTrackingClient } from '@synctrack/core';
import { buildDemoBucket } from '@synctrack/demo';
import { createFsStorage } from '@synctrack/storage-fs';
import { synctrack } from './cli-harness.js';
import { writeFixtureBucket, type FixtureBucket } from './fixture-bucket.js';
import {
  ERROR_GROUPS_QUERY,
  OUTCOME_COUNTS_QUERY,
  RECORD_ROWS_QUERY,
  RUN_ROWS_QUERY,
  errorGroups,
  factRows,
  outcomeCounts,
  recordRows,
  runRows,
  sorted,
  type Row,
} from './sql-sdk-answers.js';
import { plainValue, parsedJson } from '../src/sql/sql-values.js';
import { parseRecordFileName, runIdsFromPrefix } from '@synctrack/core/internal';
import { BATCH_NUMBER_PATTERN, BATCH_SUFFIX_PATTERN, FACT_PATH_PATTERN, RECORD_FILE_TEST, pathIdPattern } from '../src/sql/layout-schema.js';

let fixture: FixtureBucket;
let demoDir: string;
let demo: SyncTrackingClient;
const databases: Array<{ instance: DuckDBInstance; connection: DuckDBConnection }> = [];

/**
 * A DuckDB database with the DDL `synctrack ddl --engine duckdb <dir>` prints, executed statement by
 * statement; the messages of the statements that failed go to `failures`.
 */
async function databaseFor(dir: string, ...flags: string[]): Promise<DuckDBConnection> {
  return (await executeDdl(dir, ...flags)).connection;
}

async function executeDdl(dir: string, ...flags: string[]): Promise<{ connection: DuckDBConnection; failures: string[] }> {
  const result = await synctrack(['ddl', '--engine', 'duckdb', dir, ...flags]);
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  databases.push({ instance, connection });
  await connection.run(`SET TimeZone = 'UTC'`);
  if (flags.includes('--schema')) await connection.run(`CREATE SCHEMA ${flags[flags.indexOf('--schema') + 1]}`);
  const statements = await connection.extractStatements(result.stdout);
  const failures: string[] = [];
  for (let index = 0; index < statements.count; index++) {
    try {
      await (await statements.prepare(index)).run();
    } catch (error) {
      failures.push((error as Error).message.split('\n')[0]!);
    }
  }
  return { connection, failures };
}

/** Rows as `synctrack sql --json` prints them (ISO timestamps, JSON columns parsed). */
async function rows(connection: DuckDBConnection, sql: string): Promise<Row[]> {
  const reader = await connection.runAndReadAll(sql);
  const names = reader.deduplicatedColumnNames();
  const isJson = reader.columnTypes().map((type) => type.alias === 'JSON');
  return reader.getRowsJS().map((row) => Object.fromEntries(row.map((value, index) => [names[index]!, isJson[index] ? parsedJson(plainValue(value)) : plainValue(value)])));
}

beforeAll(async () => {
  fixture = await writeFixtureBucket();
  demoDir = await mkdtemp(join(tmpdir(), 'synctrack-ddl-demo-'));
  await buildDemoBucket({ dir: demoDir, scale: 0.01 });
  demo = new SyncTrackingClient({ storage: createFsStorage({ root: demoDir }) });
}, 120_000);

afterAll(async () => {
  for (const { connection, instance } of databases) {
    connection.closeSync();
    instance.closeSync();
  }
  await demo?.close();
  await fixture?.remove();
  await rm(demoDir, { recursive: true, force: true });
});

describe('synctrack ddl --engine duckdb, executed', () => {
  it('records holds every record of the fixture bucket as the SDK reads it; metadata.json stays out', async () => {
    // The fixture bucket has no fact tables: only their three views fail, as the DDL's header says.
    const { connection, failures } = await executeDdl(fixture.dir);
    expect(failures).toEqual(
      ['source_object', 'destination', 'destination_object'].map((name) => `IO Error: No files found that match the pattern "${fixture.dir}/metadata/*/${name}*.parquet"`),
    );
    const client = new SyncTrackingClient({ storage: createFsStorage({ root: fixture.dir }) });
    const expected = await recordRows(client);
    await client.close();
    expect(expected).toHaveLength(17);
    expect(sorted(await rows(connection, RECORD_ROWS_QUERY))).toEqual(sorted(expected));
    expect(await rows(connection, "SELECT count(*) AS n FROM records WHERE file NOT LIKE '%.parquet'")).toEqual([{ n: 0 }]);
  });

  it('over the demo bucket: counts by outcome, error groups, runs and fact tables answer as the SDK does', async () => {
    const { connection, failures } = await executeDdl(demoDir);
    expect(failures).toEqual([]);
    expect(sorted(await rows(connection, OUTCOME_COUNTS_QUERY))).toEqual(sorted(await outcomeCounts(demo)));
    expect(sorted(await rows(connection, ERROR_GROUPS_QUERY))).toEqual(sorted(await errorGroups(demo)));
    expect(sorted(await rows(connection, RUN_ROWS_QUERY))).toEqual(sorted(await runRows(demo)));
    for (const [table, expected] of Object.entries(await factRows(demo))) {
      expect(expected.length).toBeGreaterThan(0);
      expect(sorted(await rows(connection, `SELECT * FROM ${table}`))).toEqual(sorted(expected));
    }
  });

  it('handles schema drift: the legacy run reads with NULL 2025 columns, the others with NULL legacy ids', async () => {
    const connection = await databaseFor(demoDir);
    const [row] = await rows(
      connection,
      `SELECT count(*) FILTER (WHERE census_sync_tracking_internal_id IS NOT NULL AND sync_run_id IS NULL) AS legacy,
              count(*) FILTER (WHERE census_sync_tracking_internal_id IS NULL AND sync_run_id = run_id) AS current,
              count(*) AS total FROM records`,
    );
    expect(row!.legacy).toBeGreaterThan(0);
    expect(Number(row!.legacy) + Number(row!.current)).toBe(row!.total);
  });

  it('answers the same as synctrack sql, and --schema puts every view in that schema', async () => {
    const connection = await databaseFor(demoDir, '--schema', 'census');
    const query = 'SELECT org_id, sync_id, run_id, outcome, count(*) AS n FROM census.records GROUP BY ALL';
    const result = await synctrack(['sql', query.replace('census.', ''), demoDir, '--json']);
    const fromSql = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Row);
    expect(sorted(await rows(connection, query))).toEqual(sorted(fromSql));
    const views = await rows(connection, "SELECT view_name FROM duckdb_views() WHERE schema_name = 'census' ORDER BY view_name");
    expect(views.map((view) => view.view_name)).toEqual(['destination_objects', 'destinations', 'errors_by_message', 'records', 'runs', 'source_objects']);
  });
});

describe('the patterns every dialect derives columns with', () => {
  // Plain enough to read the same in RE2 (DuckDB, BigQuery, ClickHouse), Java (Trino, Spark) and
  // POSIX (Snowflake); JavaScript's RegExp stands in for them here, against core's own parsers.
  const names = ['records_updated.0.parquet', 'records_updated.12.parquet', 'records_invalid.parquet', 'rec-ords_x.3.parquet', 'metadata.json', 'a.b.parquet', 'records updated.0.parquet', '.hidden.parquet'];

  it('file names: which are record files, their batch type and number, as parseRecordFileName says', () => {
    for (const name of names) {
      const parsed = parseRecordFileName(name);
      expect(new RegExp(RECORD_FILE_TEST).test(name), name).toBe(parsed !== null);
      if (parsed === null) continue;
      expect(name.replace(new RegExp(BATCH_SUFFIX_PATTERN), ''), name).toBe(parsed.batchType);
      const number = new RegExp(BATCH_NUMBER_PATTERN).exec(name)?.[1];
      expect(number === undefined ? null : Number(number), name).toBe(parsed.batchNumber);
    }
  });

  it('paths: org, sync and run ids as runIdsFromPrefix reads them, and an organization from a fact table path', () => {
    for (const path of ['s3://b/x/sync_tracking_datasets/4821/120/1200004/records_updated.0.parquet', '/data/sync_tracking_datasets/o-1/s_2/r3/metadata.json']) {
      const ids = runIdsFromPrefix(path.slice(path.indexOf('sync_tracking_datasets'), path.lastIndexOf('/')))!;
      expect([0, 1, 2].map((index) => new RegExp(pathIdPattern(index as 0 | 1 | 2)).exec(path)?.[1])).toEqual([ids.orgId, ids.syncId, ids.runId]);
    }
    expect(new RegExp(FACT_PATH_PATTERN).exec('gs://b/p/metadata/4821/destination_objects.parquet')?.[1]).toBe('4821');
  });
});

describe('synctrack ddl: arguments', () => {
  it('an unknown engine, a location the engine cannot read or a bad schema is a usage error', async () => {
    const unknown = await synctrack(['ddl', '--engine', 'oracle', 's3://b']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/oracle/);
    const athena = await synctrack(['ddl', '--engine', 'athena', 'gs://b/p']);
    expect(athena.exitCode).toBe(2);
    expect(athena.stderr).toMatch(/^synctrack: athena reads s3:\/\/; gs:\/\/b\/p is a gs:\/\/ location\n$/);
    expect((await synctrack(['ddl', '--engine', 'duckdb', 's3://b', '--schema', 'x; DROP'])).exitCode).toBe(2);
    expect((await synctrack(['ddl', 's3://b'])).exitCode).toBe(2);
  });

  it('a layout folder given as the bucket is taken back to the bucket', async () => {
    const bucket = await synctrack(['ddl', '--engine', 'trino', 's3://acme/census']);
    const folder = await synctrack(['ddl', '--engine', 'trino', 's3://acme/census/sync_tracking_datasets/4821']);
    expect(folder.stdout.split('\n').slice(1)).toEqual(bucket.stdout.split('\n').slice(1));
  });
});
