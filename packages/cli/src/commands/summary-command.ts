// `synctrack summary <run>`: counts by outcome, status, operation and batch type, the batch time span,
// and the run's metadata, its source and destination named from the fact tables.
import type { Command } from 'commander';
import { SyncTrackError, type RunDetails, type RunRef, type SyncTrackingClient } from '@synctrack/core';
import type { CliContext } from '../cli-context.js';
import { jsonLine, summaryJson } from '../output/json-format.js';
import { summaryLines } from '../output/summary-table.js';
import { addRunArgument } from '../options/run-options.js';
import type { RunSelection } from '../location/run-target.js';
import { EXAMPLE_RUN, EXAMPLE_S3_RUN, examples } from './help-text.js';

/** The source and destination rows of the organization's fact tables; null when those cannot be read (the ids still print). */
async function namesOf(client: SyncTrackingClient, run: RunRef, signal: AbortSignal): Promise<RunDetails | null> {
  try {
    return await client.describeRun(run, { signal });
  } catch (error) {
    if (SyncTrackError.isInstance(error) && error.code === 'INVALID_DATA') return null;
    throw error;
  }
}

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
      const { summary, details } = await context.withRun(location, selection, async ({ client, run }) => {
        const progress = context.progress({ label: 'Summarising the run', scan: true });
        try {
          const counted = await client.summary(run, { signal: context.signal, onProgress: progress.onScan });
          return { summary: counted, details: json ? null : await namesOf(client, run, context.signal) };
        } finally {
          progress.stop();
        }
      });
      if (json) await context.stdout.write(jsonLine(summaryJson(summary)));
      else await context.stdout.write(`${summaryLines(summary, context.stdoutColors, details).join('\n')}\n`);
    });
}
