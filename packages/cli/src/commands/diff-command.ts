// `synctrack diff <head-run> [--base <run>]`: what changed since the run before (or `--base`) — outcome
// counts, identifiers newly failing, fixed, still failing, added and removed, and error groups side
// by side; `--list <set>` prints one set's records (the head's; the base's for `removed`) as `find`
// prints records.
import { Option, type Command } from 'commander';
import { InvalidArgumentError, NotFoundError, type IdentifierSetName, type RunComparison, type RunIds, type RunRef } from '@synctrack/core';
import type { CliContext } from '../cli-context.js';
import { DIFF_JSON_TAIL, diffJsonHead, errorChangeJson } from '../output/diff-json.js';
import { writeJsonArray } from '../output/json-array-writer.js';
import { diffLines } from '../output/diff-table.js';
import { fieldsToRead } from '../output/record-fields.js';
import { printRecords } from '../output/record-printer.js';
import { addColumnsOption, type ColumnsFlags } from '../options/columns-option.js';
import { addRunArgument } from '../options/run-options.js';
import type { RunSelection } from '../location/run-target.js';
import type { SyncTrackingClient } from '@synctrack/core';
import { EXAMPLE_RUN, examples } from './help-text.js';

interface DiffFlags extends RunSelection, ColumnsFlags {
  base?: string;
  templates?: boolean;
  list?: ListName;
}

const LISTS = {
  'newly-failing': 'newlyFailing',
  fixed: 'fixed',
  'still-failing': 'stillFailing',
  added: 'added',
  removed: 'removed',
} as const satisfies Record<string, IdentifierSetName>;
type ListName = keyof typeof LISTS;

/**
 * The base run: `--base` (a run id of the head's sync), else the run before the head in its sync by
 * start time (`listRuns`' order, newest first).
 */
async function baseRun(client: SyncTrackingClient, head: RunRef, flags: DiffFlags, signal: AbortSignal): Promise<RunIds> {
  const ids = client.resolve(head).ids;
  if (ids === null) {
    throw new InvalidArgumentError({
      message: 'The head run is not in a sync folder (…/sync_tracking_datasets/ORG/SYNC/RUN): diff compares runs of one sync',
      context: { argument: 'run' },
    });
  }
  if (flags.base !== undefined) {
    if (flags.base.includes('/')) {
      throw new InvalidArgumentError({ message: `--base takes a run id of sync ${ids.syncId}, not a path (${flags.base})`, context: { argument: 'base' } });
    }
    return { orgId: ids.orgId, syncId: ids.syncId, runId: flags.base };
  }
  const before = await client.previousRun(ids, { signal });
  if (before === null) {
    throw new NotFoundError({
      message: `No run of sync ${ids.syncId} started before run ${ids.runId}: name the base run with --base`,
      context: { argument: 'base' },
    });
  }
  return before;
}

export function registerDiffCommand(program: Command, context: CliContext): void {
  addColumnsOption(
    addRunArgument(program.command('diff').description('Compare a run with the run before it (or --base): outcomes, identifiers newly failing or fixed, error groups')),
  )
    .option('--base <run>', 'the run id to compare with (default: the run before it in the same sync, by start time)')
    .option('--templates', 'group error messages by template (ids, numbers, emails and quoted values masked)')
    .addOption(new Option('--list <set>', 'print the records of one identifier set (the base run’s for removed)').choices(Object.keys(LISTS)))
    .addHelpText(
      'after',
      examples([
        [`synctrack diff ${EXAMPLE_RUN}`, 'what changed since the run before'],
        [`synctrack diff ${EXAMPLE_RUN} --base 1200002 --templates`, 'against an older run, errors grouped by template'],
        [`synctrack diff ${EXAMPLE_RUN} --list newly-failing --json`, 'the records that started failing, as JSON Lines'],
      ]),
    )
    .action(async (location: string, flags: DiffFlags, command: Command) => {
      const { json } = context.flags(command);
      const templates = flags.templates === true;
      if (flags.list === undefined && flags.columns !== undefined) {
        throw new InvalidArgumentError({ message: '--columns goes with --list (which records to print)', context: { argument: 'columns' } });
      }
      await context.withRun(location, flags, async ({ client, run }) => {
        const base = await baseRun(client, run, flags, context.signal);
        const progress = context.progress({ label: 'Comparing runs', scan: true });
        let comparison: RunComparison;
        try {
          comparison = await client.compareRuns(base, run, { templates, signal: context.signal, onProgress: progress.onScan });
        } finally {
          progress.stop();
        }
        if (flags.list !== undefined) {
          const keys = flags.columns;
          const batches = comparison.recordBatches(LISTS[flags.list], { columns: fieldsToRead(keys), signal: context.signal });
          const printed = await printRecords(context, batches, { json, layout: 'rows', keys });
          if (!json && printed === 0) await context.stderr.writeLine(`No ${flags.list} identifiers.`);
          return;
        }
        if (json) {
          await writeJsonArray(context.stdout, comparison.errors, errorChangeJson, { before: diffJsonHead(comparison), after: DIFF_JSON_TAIL });
          return;
        }
        const selection = flags.run === undefined ? '' : ` --org ${flags.org} --sync ${flags.sync} --run ${flags.run}`;
        const listHint = `synctrack diff ${location}${selection}${flags.base === undefined ? '' : ` --base ${flags.base}`}`;
        const lines = diffLines(comparison, { colors: context.stdoutColors, width: context.stdout.columns, templates, listHint });
        await context.stdout.write(`${lines.join('\n')}\n`);
      });
    });
}
