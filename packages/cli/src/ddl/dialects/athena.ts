// Amazon Athena (engine v3): Hive external tables with partition projection of `injected` org_id,
// sync_id and run_id over the run folders (storage.location.template), so no partition is ever
// registered; the views (Trino SQL, shared with the trino dialect) keep metadata.json out by "$path".
import {
  FACT_TABLE_COLUMNS,
  FACT_TABLE_NAMES,
  FACT_TABLES_FOLDER,
  RECORD_FILE_COLUMNS,
  SYNC_TRACKING_FOLDER,
  sqlString,
  type LogicalType,
} from '../../sql/layout-schema.js';
import type { DdlDialect, DdlStatement, TableNames } from '../ddl-sql.js';
import { plainUrl, type DdlTarget } from '../ddl-target.js';
import { prestoErrorsView, prestoFactView, prestoRecordsView, prestoRunsView } from './trino.js';

const HIVE_TYPES: Record<LogicalType, string> = { text: 'string', timestamp: 'timestamp', integer: 'bigint', boolean: 'boolean', json: 'string' };
const PARTITIONS = ['org_id', 'sync_id', 'run_id'];

function projected(name: string, columns: Array<[string, string]>, rowFormat: string, target: DdlTarget): string {
  const root = plainUrl(target, SYNC_TRACKING_FOLDER);
  return [
    `CREATE EXTERNAL TABLE IF NOT EXISTS ${name} (`,
    columns.map(([column, type]) => `  \`${column}\` ${type}`).join(',\n'),
    ')',
    `PARTITIONED BY (${PARTITIONS.map((column) => `\`${column}\` string`).join(', ')})`,
    rowFormat,
    `LOCATION ${sqlString(root)}`,
    'TBLPROPERTIES (',
    "  'projection.enabled' = 'true',",
    ...PARTITIONS.map((column) => `  'projection.${column}.type' = 'injected',`),
    `  'storage.location.template' = ${sqlString(`${root}\${org_id}/\${sync_id}/\${run_id}/`)}`,
    ')',
  ].join('\n');
}

function plain(name: string, columns: Array<[string, string]>, location: string): string {
  return [
    `CREATE EXTERNAL TABLE IF NOT EXISTS ${name} (`,
    columns.map(([column, type]) => `  \`${column}\` ${type}`).join(',\n'),
    ')',
    'STORED AS PARQUET',
    `LOCATION ${sqlString(location)}`,
  ].join('\n');
}

export const athena: DdlDialect = {
  engine: 'athena',
  schemes: ['s3'],
  setup: () => [
    'a database (CREATE DATABASE sync_tracking) selected in the query editor, and read access to the',
    'bucket for the workgroup. Injected partitions: every query of records and runs names org_id,',
    "sync_id and run_id with = or IN (WHERE org_id = '4821' AND sync_id = '120' AND run_id IN (…)).",
    'Parquet columns are read by name, so files of any generation read.',
  ],
  statements(target: DdlTarget, names: TableNames): DdlStatement[] {
    const recordColumns = RECORD_FILE_COLUMNS.map((column): [string, string] => [column.name, HIVE_TYPES[column.type]]);
    const facts = plainUrl(target, FACT_TABLES_FOLDER);
    return [
      { comment: 'The record files of each run folder, as stored.', sql: projected(names.name('record_files'), recordColumns, 'STORED AS PARQUET', target) },
      {
        comment: 'Every line of each run folder’s metadata.json (the runs view joins them back).',
        sql: projected(names.name('run_metadata_lines'), [['line', 'string']], "ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\u0001'\nSTORED AS TEXTFILE", target),
      },
      ...FACT_TABLE_NAMES.map((name) => ({
        sql: plain(
          names.name(`${name}_files`),
          FACT_TABLE_COLUMNS[name].filter((column) => column.name !== 'org_id').map((column): [string, string] => [column.name, HIVE_TYPES[column.type]]),
          facts,
        ),
      })),
      { sql: prestoRecordsView(names, names.name('record_files'), true) },
      { sql: prestoRunsView(names, names.name('run_metadata_lines'), true) },
      ...FACT_TABLE_NAMES.map((name) => ({ sql: prestoFactView(names, name, names.name(`${name}_files`)) })),
      { comment: 'Rejected records per run and message, with their identifiers.', sql: prestoErrorsView(names) },
    ];
  },
};
