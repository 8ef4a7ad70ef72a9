// `synctrack find <run> <identifier>...`: every record with these identifiers, duplicates included.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { printRecords } from '../output/record-printer.js';
import { addRunArgument } from '../options/run-options.js';
import type { RunSelection } from '../location/run-target.js';
import { EXAMPLE_RUN, examples } from './help-text.js';

export function registerFindCommand(program: Command, context: CliContext): void {
  addRunArgument(program.command('find').description('Find records by identifier (the sync key), with their payloads'))
    .argument('<identifier...>', 'one or more identifiers')
    .addHelpText(
      'after',
      examples([
        [`synctrack find ${EXAMPLE_RUN} 0031000001aBcDe`, 'what happened to one record'],
        [`synctrack find ${EXAMPLE_RUN} 42 43 44 --json`, 'three records as JSON Lines'],
      ]),
    )
    .action(async (location: string, identifiers: string[], selection: RunSelection, command: Command) => {
      const { json } = context.flags(command);
      const records = await context.withRun(location, selection, async ({ client, run }) => {
        const progress = context.progress({ label: `Looking for ${identifiers.length === 1 ? identifiers[0] : `${identifiers.length} identifiers`}`, scan: true });
        try {
          return await client.find(run, identifiers, { signal: context.signal, onProgress: progress.onScan });
        } finally {
          progress.stop();
        }
      });
      await printRecords(context, records, { json, layout: 'cards' });
      if (!json) {
        const found = new Set(records.map((record) => record.identifier));
        const missing = identifiers.filter((identifier) => !found.has(identifier));
        if (missing.length > 0) await context.stderr.writeLine(`Not in this run: ${missing.join(', ')}`);
      }
    });
}
