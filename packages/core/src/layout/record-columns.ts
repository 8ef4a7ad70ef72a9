// The documented columns of a sync tracking Parquet file; the only place their on-disk names live
// outside the readers, the writer and JSON output.
export const RECORD_COLUMNS = {
  identifier: 'identifier',
  payload: 'record_payload',
  operation: 'operation',
  status: 'status',
  statusMessage: 'status_message',
  batchStartedAt: 'batch_started_at',
  batchEndedAt: 'batch_ended_at',
} as const;

export type RecordField = keyof typeof RECORD_COLUMNS;
export type RecordColumn = (typeof RECORD_COLUMNS)[RecordField];

export const ALL_RECORD_COLUMNS: readonly RecordColumn[] = Object.values(RECORD_COLUMNS);

/** Columns Census added in 2025. */
export const RUN_ID_COLUMNS = ['sync_configuration_id', 'sync_run_id'] as const;
/** A column Census removed in 2025; older files still carry it. */
export const LEGACY_INTERNAL_ID_COLUMN = 'census_sync_tracking_internal_id';
