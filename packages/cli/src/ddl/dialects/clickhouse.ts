// ClickHouse: views over the s3() table function (gcs() for Google Cloud Storage) with explicit
// structures and globs that match only `*.parquet` (ClickHouse's `*` stops at `/`), ids from `_path`,
// metadata.json read whole with JSONAsString; missing columns allowed, so every file generation reads.
import {
  FACT_TABLE_COLUMNS,
  FACT_TABLE_FILE_PREFIX,
  FACT_TABLE_NAMES,
  FACT_TABLES_FOLDER,
  FACT_PATH_PATTERN,
  RECORD_FILE_COLUMNS,
  RECORD_FILE_TEST,
  RUN_METADATA_FILE,
  SYNC_TRACKING_FOLDER,
  sqlString,
  type ColumnSpec,
  type LogicalType,
} from '../../sql/layout-schema.js';
import { errorsByMessageSql, recordPathColumns, runPathColumns, selectList, type DdlDialect, type DdlStatement, type RegexSql, type TableNames } from '../ddl-sql.js';
import { keyPrefix, type DdlTarget } from '../ddl-target.js';
import { coalesceKeys, RUN_FIELDS } from '../run-fields.js';

const CLICKHOUSE_TYPES: Record<LogicalType, string> = {
  text: 'Nullable(String)',
  timestamp: "Nullable(DateTime64(6, 'UTC'))",
  integer: 'Nullable(Int64)',
  boolean: 'Nullable(Bool)',
  json: 'Nullable(String)',
};
/** ClickHouse's extract answers '' without a match. */
const CLICKHOUSE_REGEX: RegexSql = {
  extract: (text, pattern) => `nullIf(extract(${text}, ${pattern}), '')`,
  replace: (text, pattern) => `replaceRegexpOne(${text}, ${pattern}, '')`,
  matches: (text, pattern) => `match(${text}, ${pattern})`,
  toBigint: (text) => `toInt64OrNull(${text})`,
  lower: 'lower',
};
const SETTINGS = 'SETTINGS input_format_parquet_allow_missing_columns = 1';

function fileUrl(target: DdlTarget, folder: string, glob: string): { fn: string; url: string } {
  const key = `${keyPrefix(target, folder)}${glob}`;
  return target.scheme === 'gs'
    ? { fn: 'gcs', url: `https://storage.googleapis.com/${target.bucket}/${key}` }
    : { fn: 's3', url: `https://${target.bucket}.s3.amazonaws.com/${key}` };
}

function source(target: DdlTarget, folder: string, glob: string, format: string, columns?: readonly ColumnSpec[]): string {
  const { fn, url } = fileUrl(target, folder, glob);
  const structure = columns === undefined ? '' : `,\n  ${sqlString(columns.map((column) => `${column.name} ${CLICKHOUSE_TYPES[column.type]}`).join(', '))}`;
  return `${fn}(${sqlString(url)}, '${format}'${structure})`;
}

export const clickhouse: DdlDialect = {
  engine: 'clickhouse',
  schemes: ['s3', 'gs'],
  setup: (target) => [
    'ClickHouse 23.8 or newer, and credentials for the bucket where the s3() function finds them:',
    target.scheme === 'gs'
      ? 'an <s3> endpoint section for storage.googleapis.com with a GCS HMAC key in the server config,'
      : 'an <s3> endpoint section with access keys, or use_environment_credentials, in the server config,',
    'or a named collection (then replace each URL with that collection). The views read the files at',
    'every query: for repeated use, INSERT INTO a MergeTree table SELECT * FROM records.',
  ],
  statements(target: DdlTarget, names: TableNames): DdlStatement[] {
    const runFields = RUN_FIELDS.map((field) => {
      if (field.kind === 'json') return `${coalesceKeys(field, (key) => `nullIf(JSONExtractRaw(json, ${sqlString(key)}), '')`)} AS ${field.column}`;
      const text = coalesceKeys(field, (key) => `nullIf(JSON_VALUE(json, ${sqlString(`$.${key}`)}), '')`);
      return field.kind === 'timestamp' ? `parseDateTime64BestEffortOrNull(${text}, 6, 'UTC') AS ${field.column}` : `${text} AS ${field.column}`;
    });
    return [
      {
        comment: 'Every record; `*` stops at `/`, so only the run folders’ Parquet files are read.',
        sql: `CREATE OR REPLACE VIEW ${names.name('records')} AS\nSELECT\n${selectList([
          ...RECORD_FILE_COLUMNS.map((column) => column.name),
          ...recordPathColumns('_path', '_file', CLICKHOUSE_REGEX),
        ])}\nFROM ${source(target, SYNC_TRACKING_FOLDER, '*/*/*/*.parquet', 'Parquet', RECORD_FILE_COLUMNS)}\nWHERE ${CLICKHOUSE_REGEX.matches('_file', sqlString(RECORD_FILE_TEST))}\n${SETTINGS}`,
      },
      {
        comment: 'One row per run, from its metadata.json read whole.',
        sql: `CREATE OR REPLACE VIEW ${names.name('runs')} AS\nSELECT\n${selectList([...runPathColumns('_path', CLICKHOUSE_REGEX), ...runFields, 'json AS metadata'])}\nFROM ${source(target, SYNC_TRACKING_FOLDER, `*/*/*/${RUN_METADATA_FILE}`, 'JSONAsString')}`,
      },
      ...FACT_TABLE_NAMES.map((table) => {
        const columns = FACT_TABLE_COLUMNS[table].filter((column) => column.name !== 'org_id');
        const exclude = table === 'destinations' ? `\nWHERE NOT match(_file, '^destination_object')` : '';
        return {
          sql: `CREATE OR REPLACE VIEW ${names.name(table)} AS\nSELECT\n${selectList([
            `${CLICKHOUSE_REGEX.extract('_path', sqlString(FACT_PATH_PATTERN))} AS org_id`,
            ...columns.map((column) => column.name),
          ])}\nFROM ${source(target, FACT_TABLES_FOLDER, `*/${FACT_TABLE_FILE_PREFIX[table]}*.parquet`, 'Parquet', columns)}${exclude}\n${SETTINGS}`,
        };
      }),
      {
        comment: 'Rejected records per run and message, with their identifiers.',
        sql: `CREATE OR REPLACE VIEW ${names.name('errors_by_message')} AS\n${errorsByMessageSql(names, 'arraySort(groupArray(identifier))')}`,
      },
    ];
  },
};
