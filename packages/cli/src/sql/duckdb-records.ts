// The DuckDB SQL of the `records` view, shared by `synctrack sql` and `synctrack ddl --engine duckdb`:
// the record files read by name (union_by_name), a typed empty row set unioned in front so the known
// columns exist, in a fixed order and type, whichever generation of files the bucket holds, and the
// columns taken from each file's path. metadata.json never matches the `*.parquet` pattern.
import {
  RECORD_FILE_COLUMNS,
  RECORD_FILE_PATTERN,
  RECORD_PATH_PATTERN,
  outcomeSql,
  quoteIdentifier,
  sqlString,
  type ColumnSpec,
  type LogicalType,
} from './layout-schema.js';

export const DUCKDB_TYPES: Readonly<Record<LogicalType, string>> = {
  text: 'VARCHAR',
  timestamp: 'TIMESTAMPTZ',
  integer: 'BIGINT',
  boolean: 'BOOLEAN',
  json: 'JSON',
};

/** The identifiers of a run's rejected records in errors_by_message. */
export const DUCKDB_ERRORS_AGGREGATE = 'ARRAY_AGG(identifier ORDER BY identifier) FILTER (WHERE identifier IS NOT NULL)';

/** The column read_parquet names after each row's file; unlikely to clash with a record column. */
const FILE_PATH_COLUMN = '__synctrack_file';
const PATH = '__synctrack_path';
const NAME = '__synctrack_name';

export function duckdbTypedNulls(columns: readonly ColumnSpec[]): string {
  return columns.map((column) => `CAST(NULL AS ${DUCKDB_TYPES[column.type]}) AS ${quoteIdentifier(column.name)}`).join(', ');
}

/** `read_parquet` over one glob pattern or a list of patterns; payloads written as BINARY read as text, as the SDK reads them. */
function readParquet(patterns: readonly string[]): string {
  const files = patterns.length === 1 ? sqlString(patterns[0]!) : `[${patterns.map(sqlString).join(', ')}]`;
  return `read_parquet(${files}, union_by_name = true, filename = ${sqlString(FILE_PATH_COLUMN)}, hive_partitioning = false, binary_as_string = true)`;
}

export interface DuckDbRecordsOptions {
  /** Glob patterns of the record files, or none for a bucket without any (the view is then empty). */
  patterns: readonly string[];
  /** Text between lines (a DDL is indented, a session's SQL is not). */
  newline?: string;
}

/** The SELECT behind `records`: each path is matched once per row into a struct, then spread. */
export function duckdbRecordsSelect(options: DuckDbRecordsOptions): string {
  const nl = options.newline ?? '\n';
  const typed = `SELECT ${duckdbTypedNulls(RECORD_FILE_COLUMNS)}, CAST(NULL AS VARCHAR) AS ${FILE_PATH_COLUMN} WHERE false`;
  const source = options.patterns.length === 0 ? typed : `${typed}${nl}      UNION ALL BY NAME${nl}      SELECT * FROM ${readParquet(options.patterns)}`;
  const path = `regexp_extract(${FILE_PATH_COLUMN}, ${sqlString(RECORD_PATH_PATTERN)}, ['org_id', 'sync_id', 'run_id', 'file'])`;
  const name = `regexp_extract(${PATH}.file, ${sqlString(RECORD_FILE_PATTERN)}, ['batch_type', 'batch_number'])`;
  return [
    `SELECT * EXCLUDE (${FILE_PATH_COLUMN}, ${PATH}, ${NAME}),`,
    `  ${PATH}.org_id AS org_id, ${PATH}.sync_id AS sync_id, ${PATH}.run_id AS run_id, ${PATH}.file AS file,`,
    `  ${NAME}.batch_type AS batch_type, TRY_CAST(NULLIF(${NAME}.batch_number, '') AS BIGINT) AS batch_number,`,
    `  ${outcomeSql('status')} AS outcome`,
    `FROM (`,
    `  SELECT *, ${name} AS ${NAME}`,
    `  FROM (`,
    `    SELECT *, ${path} AS ${PATH}`,
    `    FROM (${nl}      ${source}${nl}    )`,
    `  )`,
    `)`,
    `WHERE regexp_matches(${PATH}.file, ${sqlString(RECORD_FILE_PATTERN)})`,
  ].join(nl);
}
