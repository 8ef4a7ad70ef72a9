// `synctrack sql "<query>" <bucket>`: SQL over the bucket with DuckDB (an optional dependency loaded
// only here): `records`, `errors_by_message`, `runs`, `source_objects`, `destinations` and
// `destination_objects`, results streamed as a table, JSON Lines (--json) or CSV (--csv).
import type { Command } from 'commander';
import { InvalidArgumentError } from '@synctrack/core';
import { SYNC_TRACKING_FOLDER } from '@synctrack/core/internal';
import type { CliContext } from '../cli-context.js';
import { duckDbImporterFor } from '../sql/duckdb-module.js';
import { sqlScope } from '../sql/sql-scope.js';
import { examples } from './help-text.js';

interface SqlFlags {
  org?: string;
  sync?: string;
  csv?: boolean;
}

const TABLES = `Tables:
  records              every record: the documented columns, sync_configuration_id, sync_run_id and
                       census_sync_tracking_internal_id (NULL where a file lacks them), then org_id,
                       sync_id, run_id, file, batch_type, batch_number and outcome (success, rejected, invalid)
  errors_by_message    rejected records per run and status_message: records, rejected_records (identifiers)
  runs                 one row per run from its metadata.json (keys normalised as the SDK does)
  source_objects, destinations, destination_objects   the fact tables under metadata/ORG/
`;

export function registerSqlCommand(program: Command, context: CliContext): void {
  program
    .command('sql')
    .description('Run SQL (DuckDB) over a bucket: records, runs and the fact tables as tables; needs @duckdb/node-api')
    .argument('<query>', 'the SQL; several statements may be given, the last one’s rows are printed')
    .argument('<location>', `bucket (the folder holding ${SYNC_TRACKING_FOLDER}/), or an organization, sync or run folder inside it`)
    .option('--org <id>', 'only this organization')
    .option('--sync <id>', 'only this sync (with --org)')
    .option('--csv', 'CSV on stdout, with a header line')
    .addHelpText(
      'after',
      `\n${TABLES}${examples([
        ["synctrack sql \"SELECT outcome, count(*) FROM records GROUP BY ALL\" ./demo-bucket", 'records by outcome across the bucket'],
        ["synctrack sql \"SELECT * FROM errors_by_message ORDER BY records DESC LIMIT 10\" ./demo-bucket --org 4821 --sync 120", 'the largest error groups of one sync'],
        ["synctrack sql \"SELECT r.run_id, r.run_started_at, d.name FROM runs r JOIN destinations d ON d.id = r.destination_id\" s3://acme-census --json", 'runs with their destination, as JSON Lines'],
      ])}`,
    )
    .action(async (query: string, location: string, flags: SqlFlags, command: Command) => {
      const { json } = context.flags(command);
      if (json && flags.csv === true) {
        throw new InvalidArgumentError({ message: '--json and --csv cannot be combined: choose one output format', context: { argument: 'csv' } });
      }
      if (query.trim() === '') throw new InvalidArgumentError({ message: 'The query is empty', context: { argument: 'query' } });
      const target = await context.openLocation(location);
      try {
        const scope = sqlScope(target.parts, flags);
        // DuckDB, the CSV writer and the session load only for this command.
        const { runSqlSession } = await import('../sql/sql-session.js');
        await runSqlSession(
          { query, client: target.client, parts: target.parts, scope, env: context.env, signal: context.signal, importDuckDb: duckDbImporterFor(context.env) },
          {
            format: json ? 'json' : flags.csv === true ? 'csv' : 'table',
            sink: context.stdout,
            colors: context.stdoutColors,
            ...(context.stdout.columns === undefined ? {} : { width: context.stdout.columns }),
            stopped: () => context.stdoutClosed,
          },
        );
      } finally {
        await target.close();
      }
    });
}
