// `synctrack ddl --engine ENGINE <bucket-url>`: prints the DDL that exposes `records`, `runs`, the fact
// tables and `errors_by_message` in a query engine over the bucket as it is (see the README's
// section per engine for the setup and what was verified where).
import type { Command } from 'commander';
import { Option } from 'commander';
import type { CliContext } from '../cli-context.js';
import { ENGINES, generateDdl } from '../ddl/ddl-generator.js';
import { examples } from './help-text.js';

interface DdlFlags {
  engine: string;
  schema?: string;
}

export function registerDdlCommand(program: Command, context: CliContext): void {
  program
    .command('ddl')
    .description('Print the DDL that exposes records, runs, the fact tables and errors_by_message in a query engine')
    .argument('<bucket-url>', 'the bucket (the folder holding sync_tracking_datasets/ and metadata/): s3://, gs://, az:// or a local path')
    .addOption(new Option('--engine <engine>', 'the query engine').choices(ENGINES).makeOptionMandatory())
    .option('--schema <name>', 'create the tables and views in this schema (or dataset, or catalog.schema)')
    .addHelpText(
      'after',
      examples([
        ['synctrack ddl --engine athena s3://acme-census > census.sql', 'Athena tables with partition projection'],
        ['synctrack ddl --engine duckdb ./demo-bucket | duckdb demo.duckdb', 'a DuckDB database with the views over the demo bucket'],
        ['synctrack ddl --engine bigquery gs://acme-census --schema census', 'BigQuery external tables in the dataset census'],
      ]),
    )
    .action(async (location: string, flags: DdlFlags) => {
      await context.stdout.write(generateDdl(flags.engine, location, { cwd: context.cwd, ...(flags.schema === undefined ? {} : { schema: flags.schema }) }));
    });
}
