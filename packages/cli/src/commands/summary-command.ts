// `synctrack summary <run>`: counts by outcome, status, operation and batch type, the batch time span,
// and the run's metadata.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { jsonLine, summaryJson } from '../output/json-format.js';
import { summaryLines } from '../output/summary-table.js';
import { addRunArgument } from '../options/run-options.js';
import type { RunSelection } from '../location/run-target.js';
import { EXAMPLE_RUN, EXAMPLE_S3_RUN, examples } from './help-text.js';

export function registerSummaryCommand(program: Command, context: CliContext): void {
  addRunArgument(program.command('summary').description('Count a run’s records by outcome, status, operation and batch type'))
    .addHelpText(
      'after',
      examples([
        [`synctrack summary ${EXAMPLE_RUN}`, 'a run on disk'],
        [`synctrack summary ${EXAMPLE_S3_RUN} --json`, 'a run in S3, as one JSON object'],
        ['synctrack summary ./demo-bucket --org 4821 --sync 120 --run 1200004', 'a run named by its ids inside a bucket'],
      ]),
    )
    .action(async (location: string, selection: RunSelection, command: Command) => {
      const { json } = context.flags(command);
      const summary = await context.withRun(location, selection, async ({ client, run }) => {
        const progress = context.progress({ label: 'Summarising the run', scan: true });
        try {
          return await client.summary(run, { signal: context.signal, onProgress: progress.onScan });
        } finally {
          progress.stop();
        }
      });
      if (json) await context.stdout.write(jsonLine(summaryJson(summary)));
      else await context.stdout.write(`${summaryLines(summary, context.stdoutColors).join('\n')}\n`);
    });
}
