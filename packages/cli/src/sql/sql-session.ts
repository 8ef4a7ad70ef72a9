// One `synctrack sql` run: an in-memory DuckDB with the `records` view over the bucket's record files,
// `errors_by_message` over it, and — only when the query names them, since they need listings —
// `runs` and the fact tables built from the SDK; then the query, streamed to the printer.
import type { SyncTrackingClient } from '@synctrack/core';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { UnsupportedError } from '@synctrack/core';
import type { LocationParts } from '../location/location-parts.js';
import { createFactTables, createRunsTable, type Scope } from './catalog-tables.js';
import { fromDuckDbError, duckDbMessage } from './duckdb-errors.js';
import { loadDuckDb, type DuckDbImporter, type DuckDbModule } from './duckdb-module.js';
import { DUCKDB_ERRORS_AGGREGATE, duckdbRecordsSelect } from './duckdb-records.js';
import { TableNames, errorsByMessageSql } from '../ddl/ddl-sql.js';
import { duckDbStorage, type DuckDbStorage } from './duckdb-storage.js';
import { FACT_TABLE_NAMES, SYNC_TRACKING_FOLDER, sqlString } from './layout-schema.js';
import { printResult, type SqlOutputOptions } from './sql-output.js';

export interface SqlSessionOptions {
  query: string;
  client: SyncTrackingClient;
  parts: LocationParts;
  scope: Scope;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  importDuckDb?: DuckDbImporter;
}

/** Does the query name this table (as a word, any case)? A false "yes" only costs a listing. */
export function mentions(query: string, table: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_$])${table}($|[^A-Za-z0-9_$])`, 'i').test(query);
}

/** The glob of the record files in scope: `*` for every id not named. */
export function recordGlob(root: string, scope: Scope): string {
  const segment = (id: string | undefined) => id ?? '*';
  return `${root.replace(/\/+$/, '')}/${SYNC_TRACKING_FOLDER}/${segment(scope.orgId)}/${segment(scope.syncId)}/${segment(scope.runId)}/*.parquet`;
}

/** Loads a DuckDB extension, installing it first where DuckDB can download it; else one typed line. */
export async function loadExtension(connection: DuckDBConnection, extension: string, location: string): Promise<void> {
  try {
    await connection.run(`LOAD ${extension}`);
    return;
  } catch {
    // Not installed yet: DuckDB downloads it where it can reach its extension repository.
  }
  try {
    await connection.run(`INSTALL ${extension}`);
    await connection.run(`LOAD ${extension}`);
  } catch (error) {
    throw new UnsupportedError({
      message: `Reading ${location} needs DuckDB's ${extension} extension, which is not installed and could not be downloaded (${duckDbMessage(error).split(' (')[0]}): run INSTALL ${extension} once in DuckDB 1.5 on a machine that can reach extensions.duckdb.org, or copy it into ~/.duckdb/extensions`,
      context: { location },
      cause: error,
    });
  }
}

async function openDatabase(duckdb: DuckDbModule, storage: DuckDbStorage, location: string): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  // Extensions are loaded only by name below, never fetched behind the user's back mid-query.
  const instance = await duckdb.DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
  const connection = await instance.connect();
  try {
    // Timestamps print and truncate in UTC, as the dataset's are and as the SDK reports them.
    await connection.run(`SET TimeZone = 'UTC'`);
    if (storage.extension !== null) await loadExtension(connection, storage.extension, location);
    for (const statement of storage.setup) await connection.run(statement);
    return { instance, connection };
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw error;
  }
}

async function createRecordsView(connection: DuckDBConnection, storage: DuckDbStorage, scope: Scope, client: SyncTrackingClient, signal: AbortSignal): Promise<void> {
  const glob = recordGlob(storage.root, scope);
  // A bucket (or scope) without record files gets an empty view of the same columns, not DuckDB's
  // "No files found".
  const found = await connection.runAndReadAll(`SELECT count(*) FROM glob(${sqlString(glob)})`);
  const patterns = Number(found.getRowsJS()[0]?.[0] ?? 0) === 0 ? [] : [glob];
  // …but a location with no sync tracking folder at all is a typo, not an empty bucket (NOT_FOUND).
  if (patterns.length === 0) await client.listOrganizations({ signal });
  await connection.run(`CREATE VIEW records AS\n${duckdbRecordsSelect({ patterns })}`);
  await connection.run(`CREATE VIEW errors_by_message AS\n${errorsByMessageSql(new TableNames(undefined), DUCKDB_ERRORS_AGGREGATE)}`);
}

/** Runs the query and prints its result; returns the number of rows printed. */
export async function runSqlSession(options: SqlSessionOptions, output: Omit<SqlOutputOptions, 'stopped'> & { stopped: () => boolean }): Promise<number> {
  const duckdb = await loadDuckDb(options.importDuckDb);
  const storage = duckDbStorage(options.parts, options.env);
  const errorContext = { location: options.parts.location, credentialsHint: storage.credentialsHint };
  let database: { instance: DuckDBInstance; connection: DuckDBConnection } | null = null;
  const interrupt = () => database?.connection.interrupt();
  options.signal.addEventListener('abort', interrupt, { once: true });
  try {
    database = await openDatabase(duckdb, storage, options.parts.location);
    const { connection } = database;
    await createRecordsView(connection, storage, options.scope, options.client, options.signal);
    if (mentions(options.query, 'runs')) await createRunsTable(duckdb, connection, options.client, options.scope, options.signal);
    const facts = FACT_TABLE_NAMES.filter((table) => mentions(options.query, table));
    if (facts.length > 0) await createFactTables(duckdb, connection, options.client, facts, options.scope, options.signal);
    const statements = await connection.extractStatements(options.query);
    if (statements.count === 0) return 0;
    // Every statement but the last runs for its effect (SET, CREATE …); the last one's rows are printed.
    for (let index = 0; index < statements.count - 1; index++) await (await statements.prepare(index)).run();
    const result = await (await statements.prepare(statements.count - 1)).stream();
    return await printResult(duckdb, result, output);
  } catch (error) {
    throw fromDuckDbError(error, errorContext);
  } finally {
    options.signal.removeEventListener('abort', interrupt);
    database?.connection.closeSync();
    database?.instance.closeSync();
  }
}

