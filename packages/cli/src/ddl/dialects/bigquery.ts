// Google BigQuery: external tables over gs:// (one `*` wildcard each, which spans folders; the
// `*.parquet` suffix keeps metadata.json out), with views that take the ids from `_FILE_NAME`.
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
  type LogicalType,
} from '../../sql/layout-schema.js';
import { errorsByMessageSql, recordPathColumns, runPathColumns, selectList, type DdlDialect, type DdlStatement, type RegexSql, type TableNames } from '../ddl-sql.js';
import { plainUrl, type DdlTarget } from '../ddl-target.js';
import { coalesceKeys, RUN_FIELDS } from '../run-fields.js';

const BIGQUERY_TYPES: Record<LogicalType, string> = { text: 'STRING', timestamp: 'TIMESTAMP', integer: 'INT64', boolean: 'BOOL', json: 'JSON' };
const BIGQUERY_REGEX: RegexSql = {
  extract: (text, pattern) => `REGEXP_EXTRACT(${text}, ${pattern})`,
  replace: (text, pattern) => `REGEXP_REPLACE(${text}, ${pattern}, '')`,
  matches: (text, pattern) => `REGEXP_CONTAINS(${text}, ${pattern})`,
  toBigint: (text) => `SAFE_CAST(${text} AS INT64)`,
};
const FILE = `REGEXP_EXTRACT(_FILE_NAME, '([^/]+)$')`;

const quoted = (name: string) => `\`${name}\``;

function externalTable(name: string, columns: Array<[string, string]>, format: string, uri: string, extra = ''): string {
  const definition = columns.map(([column, type]) => `  ${column} ${type}`).join(',\n');
  return `CREATE EXTERNAL TABLE IF NOT EXISTS ${quoted(name)} (\n${definition}\n)\nOPTIONS (format = '${format}', uris = [${sqlString(uri)}]${extra})`;
}

function view(names: TableNames, name: string, body: string): string {
  return `CREATE OR REPLACE VIEW ${quoted(names.name(name))} AS\n${body}`;
}

export const bigquery: DdlDialect = {
  engine: 'bigquery',
  schemes: ['gs'],
  setup: () => [
    'a dataset (give it with --schema DATASET, or run the statements with that default dataset), and',
    'for the querying principal storage.objects.get and storage.objects.list on the bucket.',
    'runs reads metadata.json as newline-delimited JSON: each document must be on one line.',
  ],
  statements(target: DdlTarget, names: TableNames): DdlStatement[] {
    const records = plainUrl(target, SYNC_TRACKING_FOLDER);
    const facts = plainUrl(target, FACT_TABLES_FOLDER);
    const keys = [...new Set(RUN_FIELDS.flatMap((field) => field.keys.map((key) => `${key} ${field.kind === 'json' ? 'JSON' : 'STRING'}`)))];
    const runFields = RUN_FIELDS.map((field) => {
      const value = coalesceKeys(field, (key) => key);
      return field.kind === 'timestamp' ? `SAFE_CAST(${value} AS TIMESTAMP) AS ${field.column}` : `${value} AS ${field.column}`;
    });
    return [
      {
        comment: 'The record files of every run folder, as stored; columns a file lacks read as NULL.',
        sql: externalTable(names.name('record_files'), RECORD_FILE_COLUMNS.map((column) => [column.name, BIGQUERY_TYPES[column.type]]), 'PARQUET', `${records}*.parquet`),
      },
      {
        comment: 'Every metadata.json, one row each.',
        sql: externalTable(names.name('run_metadata_documents'), keys.map((key) => key.split(' ') as [string, string]), 'NEWLINE_DELIMITED_JSON', `${records}*${RUN_METADATA_FILE}`, ', ignore_unknown_values = true'),
      },
      ...FACT_TABLE_NAMES.map((table) => ({
        sql: externalTable(
          names.name(`${table}_files`),
          FACT_TABLE_COLUMNS[table].filter((column) => column.name !== 'org_id').map((column): [string, string] => [column.name, BIGQUERY_TYPES[column.type]]),
          'PARQUET',
          // One wildcard per URI: every fact file, told apart by name in the view.
          `${facts}*.parquet`,
        ),
      })),
      {
        sql: view(
          names,
          'records',
          `SELECT\n${selectList([...RECORD_FILE_COLUMNS.map((column) => column.name), ...recordPathColumns('_FILE_NAME', FILE, BIGQUERY_REGEX)])}\nFROM ${quoted(names.name('record_files'))}\nWHERE ${BIGQUERY_REGEX.matches(FILE, sqlString(RECORD_FILE_TEST))}`,
        ),
      },
      {
        sql: view(names, 'runs', `SELECT\n${selectList([...runPathColumns('_FILE_NAME', BIGQUERY_REGEX), ...runFields, 'TO_JSON_STRING(d) AS metadata'])}\nFROM ${quoted(names.name('run_metadata_documents'))} AS d`),
      },
      ...FACT_TABLE_NAMES.map((table) => ({
        sql: view(
          names,
          table,
          `SELECT\n${selectList([`${BIGQUERY_REGEX.extract('_FILE_NAME', sqlString(FACT_PATH_PATTERN))} AS org_id`, ...FACT_TABLE_COLUMNS[table].filter((column) => column.name !== 'org_id').map((column) => column.name)])}\nFROM ${quoted(names.name(`${table}_files`))}\nWHERE REGEXP_CONTAINS(_FILE_NAME, ${sqlString(`/${FACT_TABLE_FILE_PREFIX[table]}[^/]*[.]parquet$`)})${table === 'destinations' ? `\n  AND NOT REGEXP_CONTAINS(_FILE_NAME, '/destination_object[^/]*$')` : ''}`,
        ),
      })),
      {
        comment: 'Rejected records per run and message, with their identifiers.',
        sql: view(names, 'errors_by_message', errorsByMessageSql(names, 'ARRAY_AGG(identifier IGNORE NULLS ORDER BY identifier)').replace(`FROM ${names.name('records')}`, `FROM ${quoted(names.name('records'))}`)),
      },
    ];
  },
};
