// `synctrack ddl`: one generator, one dialect module per engine. A dialect turns the bucket into
// statements (external tables or views for `records`, `runs`, the fact tables and the ready
// `errors_by_message` view); the generator checks the location, adds the header that says what to
// set up first, and prints them.
import { InvalidArgumentError } from '@synctrack/core';
import { TableNames, type DdlDialect } from './ddl-sql.js';
import { parseDdlTarget, requireScheme } from './ddl-target.js';
import { athena } from './dialects/athena.js';
import { bigquery } from './dialects/bigquery.js';
import { clickhouse } from './dialects/clickhouse.js';
import { databricks } from './dialects/databricks.js';
import { spark } from './dialects/spark.js';
import { duckdb } from './dialects/duckdb.js';
import { snowflake } from './dialects/snowflake.js';
import { trino } from './dialects/trino.js';

export interface DdlOptions {
  /** Qualifies every object: `sync_tracking.records`. */
  schema?: string;
}

export const DIALECTS = {
  duckdb,
  athena,
  trino,
  spark,
  databricks,
  bigquery,
  snowflake,
  clickhouse,
} as const satisfies Record<string, DdlDialect>;

export type Engine = keyof typeof DIALECTS;
export const ENGINES = Object.keys(DIALECTS) as Engine[];

export function isEngine(value: string): value is Engine {
  return Object.prototype.hasOwnProperty.call(DIALECTS, value);
}

export function generateDdl(engine: string, location: string, options: DdlOptions & { cwd: string }): string {
  if (!isEngine(engine)) {
    throw new InvalidArgumentError({ message: `Unknown engine ${JSON.stringify(engine)}: use one of ${ENGINES.join(', ')}`, context: { argument: 'engine' } });
  }
  if (options.schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(options.schema)) {
    throw new InvalidArgumentError({ message: `Invalid schema ${JSON.stringify(options.schema)}: letters, digits and _ (catalog.schema allowed)`, context: { argument: 'schema' } });
  }
  const dialect: DdlDialect = DIALECTS[engine];
  const target = parseDdlTarget(location, options.cwd);
  requireScheme(target, engine, dialect.schemes);
  const names = new TableNames(options.schema);
  const header = [
    `-- synctrack ddl --engine ${engine} ${target.given}`,
    '-- records: every record file (metadata.json excluded), columns by name across file generations, with',
    '-- org_id, sync_id, run_id, file, batch_type, batch_number and outcome; runs: one row per metadata.json;',
    '-- source_objects, destinations, destination_objects: the fact tables; errors_by_message: rejected',
    '-- records per run and message. Set up first:',
    ...dialect.setup(target).map((line) => `--   ${line}`),
  ];
  const body = dialect.statements(target, names).map((statement) => {
    const comment = statement.comment === undefined ? [] : statement.comment.split('\n').map((line) => `-- ${line}`);
    return [...comment, `${statement.sql};`].join('\n');
  });
  return `${[header.join('\n'), ...body].join('\n\n')}\n`;
}
