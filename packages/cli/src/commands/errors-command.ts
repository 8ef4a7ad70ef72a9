// `synctrack errors <run>`: rejected records grouped by message, largest group first.
import type { Command } from 'commander';
import { type ErrorGroup } from '@synctrack/core';
import type { CliContext } from '../cli-context.js';
import { errorGroupText } from '../output/error-table.js';
import { formatCount } from '../output/human-format.js';
import { errorGroupJson } from '../output/json-format.js';
import { writeJsonArray } from '../output/json-array-writer.js';
import { positiveInteger } from '../options/option-parsers.js';
import { addRunArgument } from '../options/run-options.js';
import type { RunSelection } from '../location/run-target.js';
import { EXAMPLE_RUN, examples } from './help-text.js';

interface ErrorsFlags extends RunSelection {
  templates?: boolean;
  examples: number;
  limit?: number;
}

export function registerErrorsCommand(program: Command, context: CliContext): void {
  addRunArgument(program.command('errors').description('Group a run’s rejected records by status message, largest group first'))
    .option('--templates', 'group messages that differ only in ids, numbers, emails or quoted values')
    .option('--examples <n>', 'example identifiers per group', positiveInteger, 5)
    .option('--limit <n>', 'only the n largest groups (shares stay of all rejections)', positiveInteger)
    .addHelpText(
      'after',
      examples([
        [`synctrack errors ${EXAMPLE_RUN}`, 'every distinct rejection message with its count'],
        [`synctrack errors ${EXAMPLE_RUN} --templates`, 'fold "Contact 123 not found" and "Contact 456 not found" into one group'],
        [`synctrack errors ${EXAMPLE_RUN} --limit 10`, 'the ten largest groups'],
        [`synctrack errors ${EXAMPLE_RUN} --json | jq '.[0]'`, 'the largest group as JSON'],
      ]),
    )
    .action(async (location: string, flags: ErrorsFlags, command: Command) => {
      const { json } = context.flags(command);
      const templates = flags.templates === true;
      const all = await context.withRun(location, flags, async ({ client, run }) => {
        const progress = context.progress({ label: 'Grouping rejections', scan: true });
        try {
          return await client.errors(run, { templates, examples: flags.examples, signal: context.signal, onProgress: progress.onScan });
        } finally {
          progress.stop();
        }
        // Its thread has its own work on each row group's result: one worker decodes (command-decode-pool.ts).
      }, { decoding: 'worker' });
      const groups = flags.limit === undefined ? all : all.slice(0, flags.limit);
      if (json) {
        // One JSON.stringify of the array, written a slice of groups at a time (json-array-writer.ts).
        await writeJsonArray(context.stdout, groups, errorGroupJson);
      } else if (groups.length === 0) {
        await context.stdout.writeLine('No rejected records in this run.');
      } else {
        const total = all.reduce((sum, group) => sum + group.count, 0);
        for (const text of errorGroupText(groups, { colors: context.stdoutColors, width: context.stdout.columns, templates, total })) await context.stdout.write(text);
        const hidden = all.length - groups.length;
        if (hidden > 0) await context.stderr.writeLine(`${formatCount(hidden)} smaller ${hidden === 1 ? 'group' : 'groups'} not shown (--limit ${flags.limit})`);
      }
    });
}
