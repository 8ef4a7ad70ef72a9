// Apache Spark SQL (3.3 or newer): file-source tables over the layout's folders, read recursively and
// filtered by file name (pathGlobFilter keeps metadata.json out of the Parquet tables and the Parquet
// files out of the JSON one), with views that take the ids from `_metadata.file_path`. Databricks
// uses the same statements with its own locations.
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
import { coalesceKeys, RUN_DOCUMENT_KEYS, RUN_FIELDS } from '../run-fields.js';

const SPARK_TYPES: Record<LogicalType, string> = { text: 'STRING', timestamp: 'TIMESTAMP', integer: 'BIGINT', boolean: 'BOOLEAN', json: 'STRING' };
const PATH = '_metadata.file_path';

/** Spark's regexp_extract answers '' (not NULL) without a match. */
const SPARK_REGEX: RegexSql = {
  extract: (text, pattern) => `NULLIF(regexp_extract(${text}, ${pattern}, 1), '')`,
  replace: (text, pattern) => `regexp_replace(${text}, ${pattern}, '')`,
  matches: (text, pattern) => `${text} RLIKE ${pattern}`,
  toBigint: (text) => `CAST(${text} AS BIGINT)`,
};
const FILE = `regexp_extract(${PATH}, '([^/]+)$', 1)`;

function fileTable(name: string, columns: Array<[string, string]>, format: string, location: string, options: Record<string, string>): string {
  const definition = columns.map(([column, type]) => `  \`${column}\` ${type}`).join(',\n');
  const optionList = Object.entries(options).map(([key, value]) => `${key} ${sqlString(value)}`).join(', ');
  return `CREATE TABLE IF NOT EXISTS ${name} (\n${definition}\n)\nUSING ${format}\nOPTIONS (${optionList})\nLOCATION ${sqlString(location)}`;
}

function runsView(names: TableNames): string {
  const fields = RUN_FIELDS.map((field) => {
    const value = coalesceKeys(field, (key) => `\`${key}\``);
    return field.kind === 'timestamp' ? `CAST(${value} AS TIMESTAMP) AS ${field.column}` : `${value} AS ${field.column}`;
  });
  const ids = runPathColumns(PATH, SPARK_REGEX);
  // The declared keys only: a JSON table keeps no text of the whole document.
  const document = `to_json(named_struct(${RUN_DOCUMENT_KEYS.map((key) => `${sqlString(key)}, \`${key}\``).join(', ')}))`;
  return `CREATE OR REPLACE VIEW ${names.name('runs')} AS\nSELECT\n${selectList([...ids, ...fields, `${document} AS metadata`])}\nFROM ${names.name('run_metadata_documents')}`;
}

function factView(names: TableNames, table: (typeof FACT_TABLE_NAMES)[number]): string {
  const columns = FACT_TABLE_COLUMNS[table].filter((column) => column.name !== 'org_id').map((column) => `\`${column.name}\``);
  const exclude = table === 'destinations' ? `\nWHERE NOT ${PATH} RLIKE '/destination_object[^/]*$'` : '';
  return `CREATE OR REPLACE VIEW ${names.name(table)} AS\nSELECT\n${selectList([`${SPARK_REGEX.extract(PATH, sqlString(FACT_PATH_PATTERN))} AS org_id`, ...columns])}\nFROM ${names.name(`${table}_files`)}${exclude}`;
}

/** The statements for Spark and Databricks; `url` spells a folder of the layout as the engine reads it. */
export function sparkStatements(target: DdlTarget, names: TableNames, url: (folder: string) => string): DdlStatement[] {
  const records = url(SYNC_TRACKING_FOLDER);
  const facts = url(FACT_TABLES_FOLDER);
  const recordColumns = RECORD_FILE_COLUMNS.map((column): [string, string] => [column.name, SPARK_TYPES[column.type]]);
  const columns = RECORD_FILE_COLUMNS.map((column) => `\`${column.name}\``);
  return [
    {
      comment: 'The record files of every run folder, as stored; columns a file lacks read as NULL.',
      sql: fileTable(names.name('record_files'), recordColumns, 'parquet', records, { recursiveFileLookup: 'true', pathGlobFilter: '*.parquet' }),
    },
    {
      comment: 'Every metadata.json, one row each (multiLine: the documents may span lines).',
      sql: fileTable(names.name('run_metadata_documents'), RUN_DOCUMENT_KEYS.map((key): [string, string] => [key, 'STRING']), 'json', records, {
        recursiveFileLookup: 'true',
        pathGlobFilter: RUN_METADATA_FILE,
        multiLine: 'true',
      }),
    },
    ...FACT_TABLE_NAMES.map((table) => ({
      sql: fileTable(
        names.name(`${table}_files`),
        FACT_TABLE_COLUMNS[table].filter((column) => column.name !== 'org_id').map((column): [string, string] => [column.name, SPARK_TYPES[column.type]]),
        'parquet',
        facts,
        { recursiveFileLookup: 'true', pathGlobFilter: `${FACT_TABLE_FILE_PREFIX[table]}*.parquet` },
      ),
    })),
    {
      sql: `CREATE OR REPLACE VIEW ${names.name('records')} AS\nSELECT\n${selectList([...columns, ...recordPathColumns(PATH, FILE, SPARK_REGEX, '`status`')])}\nFROM ${names.name('record_files')}\nWHERE ${SPARK_REGEX.matches(FILE, sqlString(RECORD_FILE_TEST))}`,
    },
    { sql: runsView(names) },
    ...FACT_TABLE_NAMES.map((table) => ({ sql: factView(names, table) })),
    {
      comment: 'Rejected records per run and message, with their identifiers.',
      sql: `CREATE OR REPLACE VIEW ${names.name('errors_by_message')} AS\n${errorsByMessageSql(names, 'array_sort(collect_list(identifier))')}`,
    },
  ];
}

export const spark: DdlDialect = {
  engine: 'spark',
  schemes: ['file', 's3', 'gs', 'az'],
  setup: (target) => [
    'Spark 3.3 or newer (for _metadata.file_path) with the connector for the bucket on the classpath',
    target.scheme === 's3'
      ? '(hadoop-aws: s3a:// with fs.s3a.* credentials),'
      : target.scheme === 'gs'
        ? '(the GCS connector: gs:// with its service-account settings),'
        : target.scheme === 'az'
          ? '(hadoop-azure: abfss:// with fs.azure.account.* settings),'
          : '(none for a local folder),',
    'and a catalog that keeps tables (Hive metastore, or the session catalog for one session).',
  ],
  statements: (target, names) =>
    sparkStatements(target, names, (folder) =>
      target.scheme === 'file'
        ? `file://${plainUrl(target, folder)}`
        : plainUrl(target, folder, (t, key) => `abfss://${t.bucket}@${t.account ?? '<account>'}.dfs.core.windows.net/${key}`).replace(/^s3:/, 's3a:'),
    ),
};
