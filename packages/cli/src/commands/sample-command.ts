// `synctrack sample <run>`: a uniform random sample of the run's records, or of those `filter`'s
// options match.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { printRecords } from '../output/record-printer.js';
import { fieldsToRead } from '../output/record-fields.js';
import { addColumnsOption, type ColumnsFlags } from '../options/columns-option.js';
import { positiveInteger, wholeNumber } from '../options/option-parsers.js';
import { addRecordQueryOptions, toRecordQuery, type RecordQueryFlags } from '../options/record-query-options.js';
import { addRunArgument } from '../options/run-options.js';
import type { RunSelection } from '../location/run-target.js';
import { EXAMPLE_RUN, examples } from './help-text.js';

interface SampleFlags extends RunSelection, RecordQueryFlags, ColumnsFlags {
  size: number;
  seed?: number;
}

export function registerSampleCommand(program: Command, context: CliContext): void {
  addColumnsOption(addRecordQueryOptions(addRunArgument(program.command('sample').description('Draw a uniform random sample of a run’s records (of those that match)'))))
    .option('--size <n>', 'how many records', positiveInteger, 100)
    .option('--seed <n>', 'the same seed draws the same sample (a whole number)', wholeNumber)
    .addHelpText(
      'after',
      examples([
        [`synctrack sample ${EXAMPLE_RUN}`, '100 records drawn at random'],
        [`synctrack sample ${EXAMPLE_RUN} --status rejected --size 10 --seed 7`, 'the same 10 rejected records every time'],
        [`synctrack sample ${EXAMPLE_RUN} --status rejected --message 'email' --columns identifier,payload --json`, '100 of the rejections that mention "email", with their payloads'],
      ]),
    )
    .action(async (location: string, flags: SampleFlags, command: Command) => {
      const { json } = context.flags(command);
      const query = toRecordQuery(flags);
      const records = await context.withRun(location, flags, async ({ client, run }) => {
        const progress = context.progress({ label: 'Sampling', scan: true });
        try {
          return await client.sample(run, {
            ...query,
            size: flags.size,
            columns: fieldsToRead(flags.columns),
            seed: flags.seed,
            signal: context.signal,
            onProgress: progress.onScan,
          });
        } finally {
          progress.stop();
        }
      });
      await printRecords(context, [records], { json, layout: 'rows', keys: flags.columns });
      if (records.length === 0 && !json) await context.stderr.writeLine('No records match.');
    });
}
