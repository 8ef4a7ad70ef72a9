// DuckDB: views over read_parquet / read_text globs — the same `records` SQL `synctrack sql` runs, the
// runs read from each metadata.json with read_text, and the fact tables by file-name glob. Executed in
// the tests against a written bucket and compared with the SDK.
import { DUCKDB_ERRORS_AGGREGATE, DUCKDB_TYPES, duckdbRecordsSelect, duckdbTypedNulls } from '../../sql/duckdb-records.js';
import {
  FACT_PATH_PATTERN,
  FACT_TABLE_COLUMNS,
  FACT_TABLE_FILE_PREFIX,
  FACT_TABLE_NAMES,
  RECORD_PATH_PATTERN,
  RUN_METADATA_FILE,
  SYNC_TRACKING_FOLDER,
  FACT_TABLES_FOLDER,
  sqlString,
} from '../../sql/layout-schema.js';
import { errorsByMessageSql, type DdlDialect, type DdlStatement, type TableNames } from '../ddl-sql.js';
import { plainUrl, type DdlTarget } from '../ddl-target.js';
import { coalesceKeys, RUN_FIELDS } from '../run-fields.js';

function runsSelect(target: DdlTarget): string {
  const files = `${plainUrl(target, SYNC_TRACKING_FOLDER)}*/*/*/${RUN_METADATA_FILE}`;
  const fields = RUN_FIELDS.map((field) => {
    if (field.kind === 'json') return `  ${coalesceKeys(field, (key) => `document -> ${sqlString(key)}`)} AS ${field.column},`;
    const text = coalesceKeys(field, (key) => `document ->> ${sqlString(key)}`);
    return field.kind === 'timestamp' ? `  TRY_CAST(${text} AS TIMESTAMPTZ) AS ${field.column},` : `  ${text} AS ${field.column},`;
  });
  const path = `regexp_extract(filename, ${sqlString(RECORD_PATH_PATTERN)}, ['org_id', 'sync_id', 'run_id', 'file'])`;
  return [
    'SELECT path.org_id AS org_id, path.sync_id AS sync_id, path.run_id AS run_id,',
    ...fields,
    '  document AS metadata',
    `FROM (SELECT ${path} AS path, TRY_CAST(content AS JSON) AS document FROM read_text(${sqlString(files)}))`,
  ].join('\n');
}

function factSelect(target: DdlTarget, table: (typeof FACT_TABLE_NAMES)[number]): string {
  const columns = FACT_TABLE_COLUMNS[table].filter((column) => column.name !== 'org_id');
  const files = `${plainUrl(target, FACT_TABLES_FOLDER)}*/${FACT_TABLE_FILE_PREFIX[table]}*.parquet`;
  // `destination*.parquet` also matches the destination objects' files; core tells them apart by name.
  const exclude = table === 'destinations' ? `\nWHERE NOT regexp_matches(__synctrack_file, '/destination_object[^/]*$')` : '';
  return [
    `SELECT regexp_extract(__synctrack_file, ${sqlString(FACT_PATH_PATTERN)}, 1) AS org_id, * EXCLUDE (__synctrack_file)`,
    `FROM (`,
    `  SELECT ${duckdbTypedNulls(columns)}, CAST(NULL AS ${DUCKDB_TYPES.text}) AS __synctrack_file WHERE false`,
    `  UNION ALL BY NAME`,
    `  SELECT * FROM read_parquet(${sqlString(files)}, union_by_name = true, filename = '__synctrack_file', hive_partitioning = false)`,
    `)${exclude}`,
  ].join('\n');
}

export const duckdb: DdlDialect = {
  engine: 'duckdb',
  schemes: ['file', 's3', 'gs', 'az'],
  setup: (target) => [
    ...(target.scheme === 'file'
      ? ['nothing: DuckDB 1.1 or newer reads the local folder (json and parquet are built in).']
      : [
          `LOAD ${target.scheme === 'az' ? 'azure' : 'httpfs'}; and a secret for the bucket, e.g.`,
          target.scheme === 's3'
            ? 'CREATE SECRET (TYPE s3, PROVIDER credential_chain);'
            : target.scheme === 'gs'
              ? "CREATE SECRET (TYPE gcs, KEY_ID '<HMAC access id>', SECRET '<HMAC secret>');"
              : "CREATE SECRET (TYPE azure, CONNECTION_STRING '<connection string>');",
        ]),
    'A view over files that are not there yet fails to create ("No files found"): in a bucket without',
    'fact tables, the three fact-table views; the other statements do not depend on them.',
  ],
  statements(target: DdlTarget, names: TableNames): DdlStatement[] {
    const records = duckdbRecordsSelect({ patterns: [`${plainUrl(target, SYNC_TRACKING_FOLDER)}*/*/*/*.parquet`] });
    return [
      {
        comment: 'Every record; files without a column (older or newer than 2025) read it as NULL.',
        sql: `CREATE OR REPLACE VIEW ${names.name('records')} AS\n${records}`,
      },
      { comment: 'One row per run, from its metadata.json.', sql: `CREATE OR REPLACE VIEW ${names.name('runs')} AS\n${runsSelect(target)}` },
      ...FACT_TABLE_NAMES.map((table) => ({ sql: `CREATE OR REPLACE VIEW ${names.name(table)} AS\n${factSelect(target, table)}` })),
      {
        comment: 'Rejected records per run and message, with their identifiers.',
        sql: `CREATE OR REPLACE VIEW ${names.name('errors_by_message')} AS\n${errorsByMessageSql(names, DUCKDB_ERRORS_AGGREGATE)}`,
      },
    ];
  },
};
