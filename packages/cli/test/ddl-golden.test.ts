// `synctrack ddl` for every engine: the output is held to a golden file (test/ddl-golden/<engine>.sql,
// compared exactly; UPDATE_DDL_GOLDEN=1 rewrites them after a deliberate change, to be reviewed in the
// diff), and every statement is parsed by datafusion-sqlparser-rs (@guanmingchiu/sqlparser-ts) with its
// grammar for that engine, except the statement kinds that grammar does not have (listed below).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { init, parse } from '@guanmingchiu/sqlparser-ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type Engine } from '../src/ddl/ddl-generator.js';
import { synctrack } from './cli-harness.js';

const GOLDEN = join(import.meta.dirname, 'ddl-golden');

const BUCKET: Record<Engine, string> = {
  duckdb: 's3://acme-census/exports',
  athena: 's3://acme-census/exports',
  trino: 's3://acme-census/exports',
  spark: 's3://acme-census/exports',
  databricks: 's3://acme-census/exports',
  bigquery: 'gs://acme-census/exports',
  snowflake: 's3://acme-census/exports',
  clickhouse: 's3://acme-census/exports',
};

/** The parser's grammar for each engine: Athena's DDL is Hive's, its views Trino's; Trino has none of its own. */
const GRAMMAR: Record<Engine, string> = {
  duckdb: 'duckdb',
  athena: 'hive',
  trino: 'generic',
  spark: 'databricks',
  databricks: 'databricks',
  bigquery: 'bigquery',
  snowflake: 'snowflake',
  clickhouse: 'clickhouse',
};

/** Statements the grammar does not know, by their opening: Spark's data-source tables, Snowflake's external-table columns. */
const NOT_IN_GRAMMAR: Partial<Record<Engine, RegExp>> = {
  spark: /^CREATE TABLE IF NOT EXISTS \w+ \(/,
  databricks: /^CREATE TABLE IF NOT EXISTS \w+ \(/,
  snowflake: /^CREATE EXTERNAL TABLE IF NOT EXISTS \w+ \(/,
};

function statements(ddl: string): string[] {
  return ddl
    .split('\n')
    .filter((line) => !line.startsWith('--'))
    .join('\n')
    .split(/;\n/)
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '');
}

beforeAll(async () => {
  await init();
});

describe.each(ENGINES)('synctrack ddl --engine %s', (engine) => {
  it('prints its golden file', async () => {
    const result = await synctrack(['ddl', '--engine', engine, BUCKET[engine]]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const file = join(GOLDEN, `${engine}.sql`);
    if (process.env.UPDATE_DDL_GOLDEN === '1') await writeFile(file, result.stdout);
    expect(result.stdout).toBe(await readFile(file, 'utf8'));
  });

  it('creates records, runs, the fact tables and errors_by_message, and parses in its grammar', async () => {
    const ddl = (await synctrack(['ddl', '--engine', engine, BUCKET[engine]])).stdout;
    for (const name of ['records', 'runs', 'source_objects', 'destinations', 'destination_objects', 'errors_by_message']) {
      expect(ddl).toMatch(new RegExp(`CREATE OR REPLACE VIEW \`?${name}\`? AS`));
    }
    const skipped: string[] = [];
    for (const statement of statements(ddl)) {
      if (NOT_IN_GRAMMAR[engine]?.test(statement)) {
        skipped.push(statement.split('\n')[0]!);
        continue;
      }
      expect(() => parse(statement, GRAMMAR[engine]), statement).not.toThrow();
    }
    // Only the tables the grammar lacks are left unparsed: five per engine listed, none elsewhere.
    expect(skipped).toHaveLength(NOT_IN_GRAMMAR[engine] === undefined ? 0 : 5);
  });
});
