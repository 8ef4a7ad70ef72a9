// The SDK's answers in the shape of the SQL tables, for the tests of `synctrack sql` and of the DuckDB
// DDL: what `records`, `runs`, the fact tables and `errors_by_message` must hold for a bucket.
import type { RunInfo, SyncTrackingClient } from '@synctrack/core';

export type Row = Record<string, unknown>;

export async function allRuns(client: SyncTrackingClient): Promise<RunInfo[]> {
  const runs: RunInfo[] = [];
  for (const orgId of await client.listOrganizations()) {
    for (const syncId of await client.listSyncs({ orgId })) runs.push(...(await client.listRuns({ orgId, syncId })));
  }
  return runs;
}

/** Rows in a stable order, for comparing sets of rows. */
export function sorted<T extends Row>(rows: T[]): T[] {
  const key = (row: Row) => JSON.stringify(row);
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Every record as `SELECT org_id, sync_id, run_id, file, batch_type, batch_number, identifier, record_payload::JSON AS payload, operation, status, status_message, outcome, batch_started_at, batch_ended_at FROM records`. */
export const RECORD_ROWS_QUERY = `SELECT org_id, sync_id, run_id, file, batch_type, batch_number, identifier, record_payload::JSON AS payload,
  operation, status, status_message, outcome, batch_started_at, batch_ended_at FROM records`;

export async function recordRows(client: SyncTrackingClient): Promise<Row[]> {
  const rows: Row[] = [];
  for (const run of await allRuns(client)) {
    for await (const record of client.filter(run)) {
      rows.push({
        org_id: run.orgId,
        sync_id: run.syncId,
        run_id: run.runId,
        file: record.origin.file,
        batch_type: record.origin.batchType,
        batch_number: record.origin.batchNumber,
        identifier: record.identifier,
        payload: record.payload,
        operation: record.operation,
        status: record.status,
        status_message: record.statusMessage,
        outcome: record.outcome,
        batch_started_at: record.batchStartedAt?.toISOString() ?? null,
        batch_ended_at: record.batchEndedAt?.toISOString() ?? null,
      });
    }
  }
  return rows;
}

export const OUTCOME_COUNTS_QUERY = 'SELECT org_id, sync_id, run_id, outcome, count(*) AS n FROM records GROUP BY ALL';

/** Each run's records by outcome, from its summary. */
export async function outcomeCounts(client: SyncTrackingClient): Promise<Row[]> {
  const rows: Row[] = [];
  for (const run of await allRuns(client)) {
    const summary = await client.summary(run);
    for (const [outcome, n] of Object.entries(summary.byOutcome)) {
      if (n > 0) rows.push({ org_id: run.orgId, sync_id: run.syncId, run_id: run.runId, outcome, n });
    }
  }
  return rows;
}

export const ERROR_GROUPS_QUERY = 'SELECT org_id, sync_id, run_id, status_message, records, rejected_records FROM errors_by_message';

/** Each run's error groups as client.errors gives them, every identifier included. */
export async function errorGroups(client: SyncTrackingClient): Promise<Row[]> {
  const rows: Row[] = [];
  for (const run of await allRuns(client)) {
    for (const group of await client.errors(run, { examples: 1_000_000 })) {
      rows.push({
        org_id: run.orgId,
        sync_id: run.syncId,
        run_id: run.runId,
        status_message: group.statusMessage,
        records: group.count,
        rejected_records: group.examples.filter((id) => id !== null).sort(),
      });
    }
  }
  return rows;
}

/** The columns of `runs` every engine has (synctrack sql adds in_progress and metadata_error). */
export const RUN_ROWS_QUERY = `SELECT org_id, sync_id, run_id, organization_id, workspace_id, sync_configuration_id, sync_run_id, source_type, source_id,
  destination_type, destination_id, destination_object_id, run_started_at, record_payload_schema, metadata FROM runs`;

export async function runRows(client: SyncTrackingClient): Promise<Row[]> {
  return (await allRuns(client)).map((run) => ({
    org_id: run.orgId,
    sync_id: run.syncId,
    run_id: run.runId,
    organization_id: run.metadata?.organizationId ?? null,
    workspace_id: run.metadata?.workspaceId ?? null,
    sync_configuration_id: run.metadata?.syncConfigurationId ?? null,
    sync_run_id: run.metadata?.syncRunId ?? null,
    source_type: run.metadata?.sourceType ?? null,
    source_id: run.metadata?.sourceId ?? null,
    destination_type: run.metadata?.destinationType ?? null,
    destination_id: run.metadata?.destinationId ?? null,
    destination_object_id: run.metadata?.destinationObjectId ?? null,
    run_started_at: run.metadata?.runStartedAt?.toISOString() ?? null,
    record_payload_schema: run.metadata?.recordPayloadSchema ?? null,
    metadata: run.metadata?.raw ?? null,
  }));
}

/** The fact tables' rows, by table, with the organization's id. */
export async function factRows(client: SyncTrackingClient): Promise<Record<'source_objects' | 'destinations' | 'destination_objects', Row[]>> {
  const rows: Record<'source_objects' | 'destinations' | 'destination_objects', Row[]> = { source_objects: [], destinations: [], destination_objects: [] };
  for (const orgId of await client.listOrganizations()) {
    const facts = await client.factTables({ orgId });
    for (const row of facts.sourceObjects) {
      rows.source_objects.push({
        org_id: orgId,
        id: row.id,
        type: row.type,
        name: row.name,
        model_id: row.modelId,
        business_object_id: row.businessObjectId,
        filter_segment_id: row.filterSegmentId,
        cohort_id: row.cohortId,
      });
    }
    for (const row of facts.destinations) rows.destinations.push({ org_id: orgId, ...row });
    for (const row of facts.destinationObjects) rows.destination_objects.push({ org_id: orgId, ...row });
  }
  return rows;
}
