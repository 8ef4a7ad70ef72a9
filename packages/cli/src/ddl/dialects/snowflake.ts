// Snowflake: a stage on the bucket and external tables over it (PATTERN keeps metadata.json out of the
// Parquet tables), org_id / sync_id / run_id as partition columns from METADATA$FILENAME, and views.
// Parquet rows arrive as VALUE (a VARIANT keyed by column name), so files of any generation read.
import {
  FACT_TABLE_COLUMNS,
  FACT_TABLE_FILE_PREFIX,
  FACT_TABLE_NAMES,
  FACT_TABLES_FOLDER,
  FACT_PATH_PATTERN,
  RECORD_FILE_COLUMNS,
  RECORD_FILE_TEST,
  SYNC_TRACKING_FOLDER,
  pathIdPattern,
  sqlString,
  type LogicalType,
} from '../../sql/layout-schema.js';
import { errorsByMessageSql, recordPathColumns, selectList, type DdlDialect, type DdlStatement, type RegexSql, type TableNames } from '../ddl-sql.js';
import { keyPrefix, type DdlTarget } from '../ddl-target.js';
import { coalesceKeys, RUN_FIELDS } from '../run-fields.js';

const SNOWFLAKE_TYPES: Record<LogicalType, string> = { text: 'VARCHAR', timestamp: 'TIMESTAMP_TZ', integer: 'BIGINT', boolean: 'BOOLEAN', json: 'VARIANT' };
/** Snowflake's expressions are POSIX ones: the patterns use no `(?:` and no lazy repeats. */
const SNOWFLAKE_REGEX: RegexSql = {
  extract: (text, pattern) => `REGEXP_SUBSTR(${text}, ${pattern}, 1, 1, 'e', 1)`,
  replace: (text, pattern) => `REGEXP_REPLACE(${text}, ${pattern}, '')`,
  matches: (text, pattern) => `REGEXP_LIKE(${text}, ${pattern})`,
  toBigint: (text) => `TRY_CAST(${text} AS BIGINT)`,
};
const FILE = `REGEXP_SUBSTR(METADATA$FILENAME, '([^/]+)$', 1, 1, 'e', 1)`;
const ID_COLUMNS = ['org_id', 'sync_id', 'run_id'] as const;

function stageUrl(target: DdlTarget): string {
  const prefix = target.prefix === '' ? '' : `${target.prefix}/`;
  if (target.scheme === 'gs') return `gcs://${target.bucket}/${prefix}`;
  if (target.scheme === 'az') return `azure://${target.account ?? '<account>'}.blob.core.windows.net/${target.bucket}/${prefix}`;
  return `s3://${target.bucket}/${prefix}`;
}

function externalTable(name: string, columns: string[], options: { partitioned: boolean; folder: string; pattern: string; format: string }): string {
  const ids = options.partitioned
    ? ID_COLUMNS.map((column, index) => `  ${column} VARCHAR AS (${SNOWFLAKE_REGEX.extract('METADATA$FILENAME', sqlString(pathIdPattern(index as 0 | 1 | 2)))})`)
    : [];
  return [
    `CREATE EXTERNAL TABLE IF NOT EXISTS ${name} (`,
    [...ids, ...columns.map((column) => `  ${column}`)].join(',\n'),
    ')',
    ...(options.partitioned ? [`PARTITION BY (${ID_COLUMNS.join(', ')})`] : []),
    `LOCATION = @sync_tracking_stage/${options.folder}`,
    `PATTERN = ${sqlString(options.pattern)}`,
    `FILE_FORMAT = (TYPE = ${options.format})`,
    'AUTO_REFRESH = FALSE',
  ].join('\n');
}

const valueColumn = (name: string, type: LogicalType) => `${name} ${SNOWFLAKE_TYPES[type]} AS (VALUE:${name}::${SNOWFLAKE_TYPES[type]})`;

export const snowflake: DdlDialect = {
  engine: 'snowflake',
  schemes: ['s3', 'gs', 'az'],
  setup: (target) => [
    'a storage integration for the bucket (CREATE STORAGE INTEGRATION sync_tracking_integration …, with',
    'the cloud-side trust it prints), a database and schema selected, then the stage:',
    `CREATE STAGE IF NOT EXISTS sync_tracking_stage URL = '${stageUrl(target)}' STORAGE_INTEGRATION = sync_tracking_integration;`,
    'External tables list their files when created; ALTER EXTERNAL TABLE … REFRESH picks up new runs',
    '(or AUTO_REFRESH with the bucket’s event notifications).',
  ],
  statements(target: DdlTarget, names: TableNames): DdlStatement[] {
    const records = keyPrefix({ ...target, prefix: '' }, SYNC_TRACKING_FOLDER);
    const facts = keyPrefix({ ...target, prefix: '' }, FACT_TABLES_FOLDER);
    const runFields = RUN_FIELDS.map((field) => {
      if (field.kind === 'json') return `${coalesceKeys(field, (key) => `VALUE:${key}`)} AS ${field.column}`;
      const text = coalesceKeys(field, (key) => `VALUE:${key}::VARCHAR`);
      return field.kind === 'timestamp' ? `TRY_TO_TIMESTAMP_TZ(${text}) AS ${field.column}` : `${text} AS ${field.column}`;
    });
    return [
      {
        comment: 'The record files of every run folder, as stored.',
        sql: externalTable(names.name('record_files'), RECORD_FILE_COLUMNS.map((column) => valueColumn(column.name, column.type)), {
          partitioned: true,
          folder: records,
          pattern: '.*[.]parquet',
          format: 'PARQUET',
        }),
      },
      {
        comment: 'Every metadata.json, one row each (VALUE is the document).',
        sql: externalTable(names.name('run_metadata_documents'), [], { partitioned: true, folder: records, pattern: '.*/metadata[.]json', format: 'JSON' }),
      },
      ...FACT_TABLE_NAMES.map((table) => ({
        sql: externalTable(
          names.name(`${table}_files`),
          FACT_TABLE_COLUMNS[table].filter((column) => column.name !== 'org_id').map((column) => valueColumn(column.name, column.type)),
          { partitioned: false, folder: facts, pattern: `.*/${FACT_TABLE_FILE_PREFIX[table]}[^/]*[.]parquet`, format: 'PARQUET' },
        ),
      })),
      {
        sql: `CREATE OR REPLACE VIEW ${names.name('records')} AS\nSELECT\n${selectList([
          ...RECORD_FILE_COLUMNS.map((column) => column.name),
          ...ID_COLUMNS,
          ...recordPathColumns('METADATA$FILENAME', FILE, SNOWFLAKE_REGEX).slice(3),
        ])}\nFROM ${names.name('record_files')}\nWHERE ${SNOWFLAKE_REGEX.matches(FILE, sqlString(RECORD_FILE_TEST))}`,
      },
      {
        sql: `CREATE OR REPLACE VIEW ${names.name('runs')} AS\nSELECT\n${selectList([...ID_COLUMNS, ...runFields, 'VALUE AS metadata'])}\nFROM ${names.name('run_metadata_documents')}`,
      },
      ...FACT_TABLE_NAMES.map((table) => ({
        sql: `CREATE OR REPLACE VIEW ${names.name(table)} AS\nSELECT\n${selectList([
          `${SNOWFLAKE_REGEX.extract('METADATA$FILENAME', sqlString(FACT_PATH_PATTERN))} AS org_id`,
          ...FACT_TABLE_COLUMNS[table].filter((column) => column.name !== 'org_id').map((column) => column.name),
        ])}\nFROM ${names.name(`${table}_files`)}${table === 'destinations' ? `\nWHERE NOT REGEXP_LIKE(METADATA$FILENAME, '.*/destination_object[^/]*')` : ''}`,
      })),
      {
        comment: 'Rejected records per run and message, with their identifiers.',
        sql: `CREATE OR REPLACE VIEW ${names.name('errors_by_message')} AS\n${errorsByMessageSql(names, 'ARRAY_AGG(identifier) WITHIN GROUP (ORDER BY identifier)')}`,
      },
    ];
  },
};
