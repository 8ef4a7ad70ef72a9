// `synctrack find <run> <identifier>...`: every record with these identifiers, duplicates included;
// `--index` answers from the run's local index, `--all-runs` looks in every run of a sync.
import type { Command } from 'commander';
import { InvalidArgumentError, NotFoundError, type RunMatches } from '@synctrack/core';
import type { CliContext } from '../cli-context.js';
import { formatTime } from '../output/human-format.js';
import { jsonLine, recordJson, type RecordJson } from '../output/json-format.js';
import { printRecords } from '../output/record-printer.js';
import { fieldsToRead, type RecordKey } from '../output/record-fields.js';
import { addColumnsOption, type ColumnsFlags } from '../options/columns-option.js';
import { addRunArgument } from '../options/run-options.js';
import { resolveIndexDirectory } from '../options/index-directory.js';
import type { LocationParts } from '../location/location-parts.js';
import type { RunSelection } from '../location/run-target.js';
import { INDEX_DIR_DESCRIPTION } from './index-command.js';
import { EXAMPLE_RUN, examples } from './help-text.js';

interface FindFlags extends RunSelection, ColumnsFlags {
  index?: boolean;
  indexDir?: string;
  allRuns?: boolean;
}

function lookingFor(identifiers: string[]): string {
  return `Looking for ${identifiers.length === 1 ? identifiers[0] : `${identifiers.length} identifiers`}`;
}

/** The sync `--all-runs` looks in: a sync folder, or a bucket with --org and --sync (never a run). */
function selectedSync(parts: LocationParts, flags: FindFlags): { orgId: string; syncId: string } {
  const usage = (message: string) => new InvalidArgumentError({ message, context: { argument: 'all-runs', location: parts.location } });
  if (flags.run !== undefined) throw usage('--all-runs looks in every run of the sync: leave out --run');
  if (parts.inLayout) {
    if (flags.org !== undefined || flags.sync !== undefined) {
      throw usage(`With --org and --sync the location is the bucket (the folder holding sync_tracking_datasets/), not ${parts.location}`);
    }
    if (parts.ids.length !== 2) {
      throw usage(`--all-runs takes a sync folder (…/sync_tracking_datasets/ORG/SYNC) or a bucket with --org and --sync; ${parts.location} is not a sync folder`);
    }
    return { orgId: parts.ids[0]!, syncId: parts.ids[1]! };
  }
  if (flags.org === undefined || flags.sync === undefined) throw usage('--all-runs needs --org and --sync with a bucket location');
  return { orgId: flags.org, syncId: flags.sync };
}

/** These keys of a row, in order; `record_payload_raw` stays with `record_payload`. */
function pickKeys(row: RecordJson, keys: readonly RecordKey[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) {
    picked[key] = row[key];
    if (key === 'record_payload' && row.record_payload_raw === true) picked.record_payload_raw = true;
  }
  return picked;
}

async function printRunMatches(context: CliContext, matches: RunMatches[], json: boolean, keys: readonly RecordKey[] | undefined): Promise<void> {
  for (const [at, { run, records }] of matches.entries()) {
    if (json) {
      // The record lines of `find` (their `--columns`), each with the run it came from.
      for (const record of records) {
        const row = recordJson(record);
        const picked = keys === undefined ? row : pickKeys(row, keys);
        await context.stdout.write(jsonLine({ ...picked, run_id: run.runId }));
        if (context.stdoutClosed) return;
      }
      continue;
    }
    const colors = context.stdoutColors;
    const started = run.startedAt === null ? '' : `, started ${formatTime(run.startedAt)}`;
    const count = `${records.length} record${records.length === 1 ? '' : 's'}`;
    await context.stdout.write(`${at > 0 ? '\n' : ''}${colors.bold(`Run ${run.runId}`)}${started} (${count})\n\n`);
    await printRecords(context, [records], { json: false, layout: keys === undefined ? 'cards' : 'rows', keys });
    if (context.stdoutClosed) return;
  }
}

export function registerFindCommand(program: Command, context: CliContext): void {
  addColumnsOption(addRunArgument(program.command('find').description('Find records by identifier (the sync key), with their payloads')))
    .argument('<identifier...>', 'one or more identifiers')
    .option('--index', 'use the run’s local index, building it on first use and again when the run’s files change')
    .option('--index-dir <dir>', `${INDEX_DIR_DESCRIPTION}; implies --index`)
    .option('--all-runs', 'look in every run of the sync (a sync folder, or a bucket with --org and --sync), newest run first')
    .addHelpText(
      'after',
      examples([
        [`synctrack find ${EXAMPLE_RUN} 0031000001aBcDe`, 'what happened to one record'],
        [`synctrack find ${EXAMPLE_RUN} 42 43 44 --json`, 'three records as JSON Lines'],
        [`synctrack find ${EXAMPLE_RUN} 42 --index`, 'answer from the run’s local index (built on first use)'],
        ['synctrack find ./demo-bucket --org 4821 --sync 120 --all-runs 42 --index', 'one record in every run of a sync'],
      ]),
    )
    .action(async (location: string, identifiers: string[], flags: FindFlags, command: Command) => {
      const { json } = context.flags(command);
      const useIndex = flags.index === true || flags.indexDir !== undefined;
      const indexDirectory = useIndex ? await resolveIndexDirectory(flags.indexDir, context) : undefined;
      const findOptions = { index: useIndex, columns: fieldsToRead(flags.columns), signal: context.signal };
      if (flags.allRuns === true) {
        const target = await context.openLocation(location, { indexDirectory });
        let matches: RunMatches[];
        let syncId: string;
        try {
          const sync = selectedSync(target.parts, flags);
          syncId = sync.syncId;
          const progress = context.progress({ label: `${lookingFor(identifiers)} in every run`, scan: true });
          try {
            matches = await target.client.findInSync(sync, identifiers, { ...findOptions, onProgress: progress.onScan });
          } finally {
            progress.stop();
          }
          if (matches.length === 0 && (await target.client.listRuns(sync, { signal: context.signal })).length === 0) {
            throw new NotFoundError({
              message: `No sync runs for sync ${sync.syncId} of organization ${sync.orgId} at ${target.parts.location}`,
              context: { location: target.parts.location },
            });
          }
        } finally {
          await target.close();
        }
        await printRunMatches(context, matches, json, flags.columns);
        if (!json) {
          const found = new Set(matches.flatMap(({ records }) => records.map((record) => record.identifier)));
          const missing = identifiers.filter((identifier) => !found.has(identifier));
          if (missing.length > 0) await context.stderr.writeLine(`Not in any run of sync ${syncId}: ${missing.join(', ')}`);
        }
        return;
      }
      const records = await context.withRun(
        location,
        flags,
        async ({ client, run }) => {
          const progress = context.progress({ label: lookingFor(identifiers), scan: true });
          try {
            return await client.find(run, identifiers, { ...findOptions, onProgress: progress.onScan });
          } finally {
            progress.stop();
          }
        },
        { indexDirectory },
      );
      // With --columns, a table of those fields (cards show every field).
      await printRecords(context, [records], { json, layout: flags.columns === undefined ? 'cards' : 'rows', keys: flags.columns });
      if (!json) {
        const found = new Set(records.map((record) => record.identifier));
        const missing = identifiers.filter((identifier) => !found.has(identifier));
        if (missing.length > 0) await context.stderr.writeLine(`Not in this run: ${missing.join(', ')}`);
      }
    });
}
