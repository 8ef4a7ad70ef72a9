// The tables `synctrack sql` and `synctrack ddl` expose, engine-neutral: their columns with a logical
// type, the path-derived columns and the outcome rule. Every dialect writes these in its own syntax,
// so the same query answers the same on every engine.
import {
  FACT_TABLES_FOLDER,
  LEGACY_INTERNAL_ID_COLUMN,
  RECORD_COLUMNS,
  RUN_ID_COLUMNS,
  RUN_METADATA_FILE,
  SYNC_TRACKING_FOLDER,
} from '@synctrack/core/internal';

export type LogicalType = 'text' | 'timestamp' | 'integer' | 'boolean' | 'json';

export interface ColumnSpec {
  name: string;
  type: LogicalType;
}

const text = (name: string): ColumnSpec => ({ name, type: 'text' });

/**
 * The columns every record file may carry: the documented seven, the two Census added in 2025 and the
 * one it removed then. A file without one of them reads it as NULL, so one query works across years.
 */
export const RECORD_FILE_COLUMNS: readonly ColumnSpec[] = [
  text(RECORD_COLUMNS.identifier),
  text(RECORD_COLUMNS.payload),
  text(RECORD_COLUMNS.operation),
  text(RECORD_COLUMNS.status),
  text(RECORD_COLUMNS.statusMessage),
  { name: RECORD_COLUMNS.batchStartedAt, type: 'timestamp' },
  { name: RECORD_COLUMNS.batchEndedAt, type: 'timestamp' },
  text(RUN_ID_COLUMNS[0]),
  text(RUN_ID_COLUMNS[1]),
  text(LEGACY_INTERNAL_ID_COLUMN),
];

/** Columns taken from each record's file path, after the file's own. */
export const RECORD_PATH_COLUMNS: readonly ColumnSpec[] = [
  text('org_id'),
  text('sync_id'),
  text('run_id'),
  text('file'),
  text('batch_type'),
  { name: 'batch_number', type: 'integer' },
  text('outcome'),
];

export const RECORD_VIEW_COLUMNS: readonly ColumnSpec[] = [...RECORD_FILE_COLUMNS, ...RECORD_PATH_COLUMNS];

/**
 * One row per run, from its metadata.json: the ids from the path, then the metadata's fields under the
 * names core's RunMetadata gives them (snake_case), the payload schema and the whole document as JSON.
 */
export const RUN_COLUMNS: readonly ColumnSpec[] = [
  text('org_id'),
  text('sync_id'),
  text('run_id'),
  text('organization_id'),
  text('workspace_id'),
  text('sync_configuration_id'),
  text('sync_run_id'),
  text('source_type'),
  text('source_id'),
  text('destination_type'),
  text('destination_id'),
  text('destination_object_id'),
  { name: 'run_started_at', type: 'timestamp' },
  { name: 'record_payload_schema', type: 'json' },
  { name: 'metadata', type: 'json' },
];

/** Columns of `runs` only `synctrack sql` has: they come from the SDK's listing, not from a file. */
export const SDK_RUN_COLUMNS: readonly ColumnSpec[] = [
  { name: 'in_progress', type: 'boolean' },
  text('metadata_error'),
];

export type FactTableName = 'source_objects' | 'destinations' | 'destination_objects';

export const FACT_TABLE_COLUMNS: Readonly<Record<FactTableName, readonly ColumnSpec[]>> = {
  source_objects: ['org_id', 'id', 'type', 'name', 'model_id', 'business_object_id', 'filter_segment_id', 'cohort_id'].map(text),
  destinations: ['org_id', 'id', 'type', 'name'].map(text),
  destination_objects: ['org_id', 'id', 'type', 'name'].map(text),
};

export const FACT_TABLE_NAMES = Object.keys(FACT_TABLE_COLUMNS) as FactTableName[];

/** The file-name stem of each fact table's Parquet files under `metadata/ORG/` (as core's factTableOf reads them). */
export const FACT_TABLE_FILE_PREFIX: Readonly<Record<FactTableName, string>> = {
  source_objects: 'source_object',
  destinations: 'destination',
  destination_objects: 'destination_object',
};

/**
 * A record file name: `records_updated.3.parquet` → batch type, batch number (as core's
 * parseRecordFileName; greedy is the same as its lazy match, since the class holds no dot). Patterns
 * here use `[.]`, not a backslash, so they read the same in every engine's string literals.
 */
export const RECORD_FILE_PATTERN = '^([A-Za-z0-9_-]+)(?:[.]([0-9]+))?[.]parquet$';
/** The same test without groups, for engines without `(?:` (Snowflake's POSIX expressions). */
export const RECORD_FILE_TEST = '^[A-Za-z0-9_-]+([.][0-9]+)?[.]parquet$';
/** What follows the batch type in a file name; removed, it leaves the batch type. */
export const BATCH_SUFFIX_PATTERN = '([.][0-9]+)?[.]parquet$';
/** The batch number, as the one group. */
export const BATCH_NUMBER_PATTERN = '[.]([0-9]+)[.]parquet$';
/** org, sync, run and file name from a record file's path. */
export const RECORD_PATH_PATTERN = `${SYNC_TRACKING_FOLDER}/([^/]+)/([^/]+)/([^/]+)/([^/]+)$`;
/** One id (0 org, 1 sync, 2 run) of a record or metadata file's path, as the one group. */
export function pathIdPattern(index: 0 | 1 | 2): string {
  const parts = ['[^/]+', '[^/]+', '[^/]+'];
  parts[index] = '([^/]+)';
  return `${SYNC_TRACKING_FOLDER}/${parts.join('/')}/[^/]+$`;
}
/** org from a fact table file's path. */
export const FACT_PATH_PATTERN = `${FACT_TABLES_FOLDER}/([^/]+)/[^/]+$`;

export { FACT_TABLES_FOLDER, RUN_METADATA_FILE, SYNC_TRACKING_FOLDER };

/**
 * core's outcomeOf in SQL: `succeeded`/`success` is a success; `NULL`, `DUPLICATE` and a SQL NULL are
 * invalid; anything else is rejected. `lower` is each engine's; the statuses are ASCII.
 */
export function outcomeSql(status: string, lower = 'LOWER'): string {
  return [
    'CASE',
    `WHEN ${status} IS NULL THEN 'invalid'`,
    `WHEN ${lower}(${status}) IN ('succeeded', 'success') THEN 'success'`,
    `WHEN ${lower}(${status}) IN ('null', 'duplicate') THEN 'invalid'`,
    `ELSE 'rejected' END`,
  ].join(' ');
}

/** A string literal in standard SQL: quotes doubled. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A double-quoted identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
