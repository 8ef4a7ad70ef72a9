// The `runs` and fact tables of a `synctrack sql` session, built from the SDK (client.listRuns and
// client.factTables) so they say what every other command says: metadata keys normalised by core's
// parser, runs in progress marked, an unreadable metadata.json reported in its row. Appended in
// memory: a bucket holds thousands of runs, not millions.
import type { SyncTrackingClient } from '@synctrack/core';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DuckDbModule } from './duckdb-module.js';
import { DUCKDB_TYPES } from './duckdb-records.js';
import { FACT_TABLE_COLUMNS, RUN_COLUMNS, SDK_RUN_COLUMNS, quoteIdentifier, type ColumnSpec, type FactTableName } from './layout-schema.js';

export interface Scope {
  orgId?: string;
  syncId?: string;
  runId?: string;
}

type Cell = string | boolean | Date | null;

async function createTable(
  duckdb: DuckDbModule,
  connection: DuckDBConnection,
  name: string,
  columns: readonly ColumnSpec[],
  rows: Iterable<Cell[]>,
): Promise<void> {
  const definition = columns.map((column) => `${quoteIdentifier(column.name)} ${DUCKDB_TYPES[column.type]}`).join(', ');
  await connection.run(`CREATE OR REPLACE TABLE ${quoteIdentifier(name)} (${definition})`);
  const appender = await connection.createAppender(name);
  try {
    for (const row of rows) {
      for (const cell of row) {
        if (cell === null) appender.appendNull();
        else if (typeof cell === 'boolean') appender.appendBoolean(cell);
        else if (cell instanceof Date) appender.appendTimestampTZ(new duckdb.DuckDBTimestampTZValue(BigInt(cell.getTime()) * 1000n));
        else appender.appendVarchar(cell);
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** The organizations in scope: the one named, or every one in the bucket. */
export async function organizationsInScope(client: SyncTrackingClient, scope: Scope, signal: AbortSignal): Promise<string[]> {
  return scope.orgId === undefined ? client.listOrganizations({ signal }) : [scope.orgId];
}

export async function createRunsTable(
  duckdb: DuckDbModule,
  connection: DuckDBConnection,
  client: SyncTrackingClient,
  scope: Scope,
  signal: AbortSignal,
): Promise<number> {
  const rows: Cell[][] = [];
  for (const orgId of await organizationsInScope(client, scope, signal)) {
    const syncs = scope.syncId === undefined ? await client.listSyncs({ orgId }, { signal }) : [scope.syncId];
    for (const syncId of syncs) {
      for (const run of await client.listRuns({ orgId, syncId }, { signal })) {
        if (scope.runId !== undefined && run.runId !== scope.runId) continue;
        const metadata = run.metadata;
        rows.push([
          run.orgId,
          run.syncId,
          run.runId,
          metadata?.organizationId ?? null,
          metadata?.workspaceId ?? null,
          metadata?.syncConfigurationId ?? null,
          metadata?.syncRunId ?? null,
          metadata?.sourceType ?? null,
          metadata?.sourceId ?? null,
          metadata?.destinationType ?? null,
          metadata?.destinationId ?? null,
          metadata?.destinationObjectId ?? null,
          metadata?.runStartedAt ?? null,
          metadata === null ? null : JSON.stringify(metadata.recordPayloadSchema),
          metadata === null ? null : JSON.stringify(metadata.raw),
          run.inProgress ?? false,
          run.metadataError?.message ?? null,
        ]);
      }
    }
  }
  await createTable(duckdb, connection, 'runs', [...RUN_COLUMNS, ...SDK_RUN_COLUMNS], rows);
  return rows.length;
}

/** The fact tables the query names, for every organization in scope. */
export async function createFactTables(
  duckdb: DuckDbModule,
  connection: DuckDBConnection,
  client: SyncTrackingClient,
  tables: readonly FactTableName[],
  scope: Scope,
  signal: AbortSignal,
): Promise<void> {
  const rows: Record<FactTableName, Cell[][]> = { source_objects: [], destinations: [], destination_objects: [] };
  for (const orgId of await organizationsInScope(client, scope, signal)) {
    const facts = await client.factTables({ orgId }, { signal });
    for (const row of facts.sourceObjects) {
      rows.source_objects.push([orgId, row.id, row.type, row.name, row.modelId, row.businessObjectId, row.filterSegmentId, row.cohortId]);
    }
    for (const row of facts.destinations) rows.destinations.push([orgId, row.id, row.type, row.name]);
    for (const row of facts.destinationObjects) rows.destination_objects.push([orgId, row.id, row.type, row.name]);
  }
  for (const table of tables) await createTable(duckdb, connection, table, FACT_TABLE_COLUMNS[table], rows[table]);
}
