// Trino (Hive connector): external Parquet tables over the layout's folders, read recursively, with
// views that take the ids from "$path" and keep metadata.json out by name; runs from a one-column
// text table of the metadata.json lines. Athena's dialect shares the views (its engine is Trino's).
import {
  FACT_TABLE_COLUMNS,
  FACT_TABLE_FILE_PREFIX,
  FACT_TABLE_NAMES,
  FACT_TABLES_FOLDER,
  FACT_PATH_PATTERN,
  RECORD_FILE_COLUMNS,
  RECORD_FILE_TEST,
  SYNC_TRACKING_FOLDER,
  sqlString,
  type FactTableName,
  type LogicalType,
} from '../../sql/layout-schema.js';
import { errorsByMessageSql, recordPathColumns, runPathColumns, selectList, type DdlDialect, type DdlStatement, type RegexSql, type TableNames } from '../ddl-sql.js';
import { plainUrl, type DdlTarget } from '../ddl-target.js';
import { coalesceKeys, RUN_FIELDS } from '../run-fields.js';

export const PRESTO_REGEX: RegexSql = {
  extract: (text, pattern) => `regexp_extract(${text}, ${pattern}, 1)`,
  replace: (text, pattern) => `regexp_replace(${text}, ${pattern})`,
  matches: (text, pattern) => `regexp_like(${text}, ${pattern})`,
  toBigint: (text) => `TRY_CAST(${text} AS bigint)`,
};

/** The file name of "$path". */
export const PRESTO_FILE = `regexp_extract("$path", '([^/]+)$', 1)`;

/** `records`: the file columns as declared, then the path's. */
export function prestoRecordsView(names: TableNames, table: string, partitioned: boolean): string {
  const columns = RECORD_FILE_COLUMNS.map((column) => column.name);
  const path = recordPathColumns('"$path"', PRESTO_FILE, PRESTO_REGEX);
  // With partition projection the ids are columns already; without, they come from the path.
  const derived = partitioned ? ['org_id', 'sync_id', 'run_id', ...path.slice(3)] : path;
  return `CREATE OR REPLACE VIEW ${names.name('records')} AS\nSELECT\n${selectList([...columns, ...derived])}\nFROM ${table}\nWHERE ${PRESTO_REGEX.matches(PRESTO_FILE, sqlString(RECORD_FILE_TEST))}`;
}

/** `runs`: each metadata.json's lines joined back into the document, then read key by key. */
export function prestoRunsView(names: TableNames, table: string, partitioned: boolean): string {
  const ids = partitioned ? ['org_id', 'sync_id', 'run_id'] : runPathColumns('path', PRESTO_REGEX);
  const fields = RUN_FIELDS.map((field) => {
    if (field.kind === 'json') return `${coalesceKeys(field, (key) => `json_format(json_extract(document, ${sqlString(`$.${key}`)}))`)} AS ${field.column}`;
    const text = coalesceKeys(field, (key) => `json_extract_scalar(document, ${sqlString(`$.${key}`)})`);
    return field.kind === 'timestamp' ? `TRY(from_iso8601_timestamp(${text})) AS ${field.column}` : `${text} AS ${field.column}`;
  });
  const group = partitioned ? 'org_id, sync_id, run_id, "$path"' : '"$path"';
  const keys = partitioned ? 'org_id, sync_id, run_id, ' : '';
  return [
    `CREATE OR REPLACE VIEW ${names.name('runs')} AS`,
    `SELECT\n${selectList([...ids, ...fields, 'json_format(document) AS metadata'])}`,
    `FROM (`,
    `  SELECT ${keys}"$path" AS path, TRY(json_parse(array_join(array_agg(line), chr(10)))) AS document`,
    `  FROM ${table}`,
    `  WHERE "$path" LIKE '%/metadata.json'`,
    `  GROUP BY ${group}`,
    `)`,
  ].join('\n');
}

export function prestoFactView(names: TableNames, table: FactTableName, files: string): string {
  const columns = FACT_TABLE_COLUMNS[table].filter((column) => column.name !== 'org_id').map((column) => column.name);
  const org = `${PRESTO_REGEX.extract('"$path"', sqlString(FACT_PATH_PATTERN))} AS org_id`;
  const name = `/${FACT_TABLE_FILE_PREFIX[table]}[^/]*[.]parquet$`;
  const exclude = table === 'destinations' ? `\n  AND NOT regexp_like("$path", '/destination_object[^/]*$')` : '';
  return `CREATE OR REPLACE VIEW ${names.name(table)} AS\nSELECT\n${selectList([org, ...columns])}\nFROM ${files}\nWHERE regexp_like("$path", ${sqlString(name)})${exclude}`;
}

export function prestoErrorsView(names: TableNames): string {
  return `CREATE OR REPLACE VIEW ${names.name('errors_by_message')} AS\n${errorsByMessageSql(names, 'array_agg(identifier ORDER BY identifier) FILTER (WHERE identifier IS NOT NULL)')}`;
}

const TRINO_TYPES: Record<LogicalType, string> = { text: 'varchar', timestamp: 'timestamp(3)', integer: 'bigint', boolean: 'boolean', json: 'varchar' };

function table(name: string, columns: Array<[string, string]>, location: string, format: string): string {
  const definition = columns.map(([column, type]) => `  ${column} ${type}`).join(',\n');
  return `CREATE TABLE IF NOT EXISTS ${name} (\n${definition}\n)\nWITH (external_location = ${sqlString(location)}, format = '${format}')`;
}

/** Trino's Hive connector takes s3://, gs:// and abfs:// locations. */
function trinoUrl(target: DdlTarget, folder: string): string {
  return plainUrl(target, folder, (t, key) => `abfs://${t.bucket}@${t.account ?? '<account>'}.dfs.core.windows.net/${key}`);
}

export const trino: DdlDialect = {
  engine: 'trino',
  schemes: ['s3', 'gs', 'az'],
  setup: () => [
    'a Hive catalog (metastore or Glue) whose properties include hive.recursive-directories=true (the',
    'tables read every run folder below their location) and hive.non-managed-table-creates-enabled=true,',
    'with credentials for the bucket; run these in a schema of that catalog (USE hive.sync_tracking).',
    'Parquet columns are read by name (hive.parquet.use-column-names, the default), so files of any',
    'generation read; "$path" filters keep metadata.json out of the Parquet tables.',
  ],
  statements(target: DdlTarget, names: TableNames): DdlStatement[] {
    const records = trinoUrl(target, SYNC_TRACKING_FOLDER);
    const facts = trinoUrl(target, FACT_TABLES_FOLDER);
    const recordColumns = RECORD_FILE_COLUMNS.map((column): [string, string] => [column.name, TRINO_TYPES[column.type]]);
    return [
      { comment: 'The record files, as stored.', sql: table(names.name('record_files'), recordColumns, records, 'PARQUET') },
      { comment: 'Every line of every metadata.json (the runs view joins them back).', sql: table(names.name('run_metadata_lines'), [['line', 'varchar']], records, 'TEXTFILE') },
      ...FACT_TABLE_NAMES.map((name) => ({
        sql: table(
          names.name(`${name}_files`),
          FACT_TABLE_COLUMNS[name].filter((column) => column.name !== 'org_id').map((column): [string, string] => [column.name, TRINO_TYPES[column.type]]),
          facts,
          'PARQUET',
        ),
      })),
      { sql: prestoRecordsView(names, names.name('record_files'), false) },
      { sql: prestoRunsView(names, names.name('run_metadata_lines'), false) },
      ...FACT_TABLE_NAMES.map((name) => ({ sql: prestoFactView(names, name, names.name(`${name}_files`)) })),
      { comment: 'Rejected records per run and message, with their identifiers.', sql: prestoErrorsView(names) },
    ];
  },
};
