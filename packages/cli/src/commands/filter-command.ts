// `synctrack filter <run>`: streams the records that match, as they are read.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { printJsonLines, printRecords } from '../output/record-printer.js';
import { fieldsToRead, lineFieldsOf } from '../output/record-fields.js';
import { addColumnsOption, type ColumnsFlags } from '../options/columns-option.js';
import { positiveInteger } from '../options/option-parsers.js';
import { addRecordQueryOptions, toRecordQuery, type RecordQueryFlags } from '../options/record-query-options.js';
import { addRunArgument } from '../options/run-options.js';
import type { RunSelection } from '../location/run-target.js';
import { EXAMPLE_RUN, examples } from './help-text.js';

interface FilterFlags extends RunSelection, RecordQueryFlags, ColumnsFlags {
  limit?: number;
}

export function registerFilterCommand(program: Command, context: CliContext): void {
  addColumnsOption(addRecordQueryOptions(addRunArgument(program.command('filter').description('Print the records of a run that match, as they are read'))))
    .option('--limit <n>', 'stop after this many records', positiveInteger)
    .addHelpText(
      'after',
      examples([
        [`synctrack filter ${EXAMPLE_RUN} --status rejected --limit 20`, 'the first 20 rejected records'],
        [`synctrack filter ${EXAMPLE_RUN} --status invalid --json > invalid.jsonl`, 'every invalid record (NULL or DUPLICATE) as JSON Lines'],
        [`synctrack filter ${EXAMPLE_RUN} --message 'email' --operation upsert`, 'upserts whose status message mentions "email"'],
        [`synctrack filter ${EXAMPLE_RUN} --status rejected --columns identifier,statusMessage --json`, 'only the identifiers and messages: reads a fraction of the bytes'],
        [`synctrack filter ${EXAMPLE_RUN} --since 2026-11-23T06:00Z --until 2026-11-23T07:00Z`, 'records of the batches started in one hour'],
      ]),
    )
    .action(async (location: string, flags: FilterFlags, command: Command) => {
      const { json } = context.flags(command);
      const query = toRecordQuery(flags);
      const count = await context.withRun(location, flags, async ({ client, run }) => {
        const progress = context.progress({ label: 'Filtering', scan: true, streamsToStdout: true });
        try {
          const scan = { ...query, limit: flags.limit, signal: context.signal, onProgress: progress.onScan };
          // JSON Lines come written from the decode workers: no record is built here.
          if (json) return await printJsonLines(context, client.filterJsonLines(run, { ...scan, columns: lineFieldsOf(flags.columns) }));
          const records = client.filterBatches(run, { ...scan, columns: fieldsToRead(flags.columns) });
          return await printRecords(context, records, { json, layout: 'rows', keys: flags.columns });
        } finally {
          progress.stop();
        }
        // Its thread has its own work on each row group's result: one worker decodes (command-decode-pool.ts).
      }, { decoding: 'worker' });
      if (count === 0 && !json) await context.stderr.writeLine('No records match.');
    });
}
