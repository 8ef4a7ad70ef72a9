// `synctrack history <sync> <identifier>...`: one record's story — every appearance of these
// identifiers in every run of a sync, oldest run first, with the payload fields changed since the
// previous appearance. `--json` streams JSON Lines run by run; the table is printed at the end (a
// record's appearances are few: one or a few per run).
import type { Command } from 'commander';
import { InvalidArgumentError, NotFoundError, type RecordAppearance, type SyncRef } from '@synctrack/core';
import { SYNC_TRACKING_FOLDER, isoTime } from '@synctrack/core/internal';
import type { CliContext } from '../cli-context.js';
import type { LocationParts } from '../location/location-parts.js';
import { jsonLine, recordJson } from '../output/json-format.js';
import { recordHistoryLines } from '../output/record-history-table.js';
import { indexDirectoryPath, resolveIndexDirectory } from '../options/index-directory.js';
import { timestamp } from '../options/option-parsers.js';
import { INDEX_DIR_DESCRIPTION } from './index-command.js';
import { examples } from './help-text.js';

interface HistoryFlags {
  org?: string;
  sync?: string;
  index?: boolean;
  indexDir?: string;
  values?: boolean;
  since?: Date;
  until?: Date;
}

/** The sync: a sync folder, or a bucket with --org and --sync. */
function historySync(parts: LocationParts, flags: HistoryFlags): SyncRef {
  const usage = (message: string) => new InvalidArgumentError({ message, context: { argument: 'sync', location: parts.location } });
  if (!parts.inLayout) {
    if (flags.org === undefined || flags.sync === undefined) {
      throw usage(`history takes a sync folder (…/${SYNC_TRACKING_FOLDER}/ORG/SYNC), or a bucket with --org and --sync`);
    }
    return { orgId: flags.org, syncId: flags.sync };
  }
  if (flags.org !== undefined || flags.sync !== undefined) {
    throw usage(`With --org and --sync the location is the bucket (the folder holding ${SYNC_TRACKING_FOLDER}/), not ${parts.location}`);
  }
  if (parts.ids.length !== 2) {
    const what = parts.ids.length > 2 ? 'a run folder' : parts.ids.length === 1 ? 'an organization folder' : 'the sync tracking folder';
    throw usage(`${parts.location} is ${what}: history takes a sync folder (…/${SYNC_TRACKING_FOLDER}/ORG/SYNC) and looks in every run of it`);
  }
  return { orgId: parts.ids[0]!, syncId: parts.ids[1]! };
}

/** One line of `history --json`: the appearance, and the record's payload as `find` prints it. */
function appearanceJson({ identifier, run, record, previousRunId, changedFields }: RecordAppearance) {
  const row = recordJson(record);
  return {
    identifier,
    run_id: run.runId,
    run_started_at: isoTime(run.startedAt),
    status: row.status,
    status_message: row.status_message,
    changed_fields: changedFields,
    previous_run_id: previousRunId,
    record_payload: row.record_payload,
    ...(row.record_payload_raw === true ? { record_payload_raw: true } : {}),
  };
}

export function registerHistoryCommand(program: Command, context: CliContext): void {
  program
    .command('history')
    .description('One record’s story: every appearance of these identifiers in every run of a sync, oldest first, with the payload fields that changed')
    .argument('<sync>', `a sync folder (…/${SYNC_TRACKING_FOLDER}/ORG/SYNC), or a bucket with --org and --sync`)
    .argument('<identifier...>', 'one or more identifiers (the sync key)')
    .option('--org <id>', 'the organization (with a bucket location)')
    .option('--sync <id>', 'the sync (with a bucket location)')
    .option('--index', 'look through each run’s local index, building it where missing and again when the run’s files change (without it, only the indexes already built are used)')
    .option('--index-dir <dir>', `${INDEX_DIR_DESCRIPTION}; implies --index`)
    .option('--since <time>', 'only runs started at or after this ISO-8601 time (UTC unless a zone is given)', timestamp)
    .option('--until <time>', 'only runs started before this ISO-8601 time', timestamp)
    .option('--values', 'show each changed field’s value before and after (`email: "a@x" → "b@x"`)')
    .addHelpText(
      'after',
      examples([
        ['synctrack history ./demo-bucket/sync_tracking_datasets/4821/120 1008196', 'what happened to one customer, run by run'],
        ['synctrack history s3://acme-census --org 4821 --sync 120 42 43 --json', 'two records’ stories as JSON Lines'],
        ['synctrack history s3://acme-census --org 4821 --sync 120 42 --since 2026-11-01 --until 2026-12-01', 'the runs of one month'],
        ['synctrack history ./demo-bucket/sync_tracking_datasets/4821/120 1008196 --values', 'with the values of the fields that changed'],
        ['synctrack history ./demo-bucket --org 4821 --sync 120 1008196 --index', 'through local indexes (fast when asked again)'],
      ]),
    )
    .action(async (location: string, identifiers: string[], flags: HistoryFlags, command: Command) => {
      const { json } = context.flags(command);
      // Without --index, the indexes already built in the index directory are used; none is built.
      const useIndex = flags.index === true || flags.indexDir !== undefined;
      const indexDirectory = useIndex ? await resolveIndexDirectory(flags.indexDir, context) : indexDirectoryPath(context);
      const target = await context.openLocation(location, { indexDirectory });
      const appearances: RecordAppearance[] = [];
      const found = new Set<string>();
      let sync: SyncRef;
      try {
        sync = historySync(target.parts, flags);
        const label = `Looking for ${identifiers.length === 1 ? identifiers[0] : `${identifiers.length} identifiers`} in every run`;
        const progress = context.progress({ label, unit: 'runs', streamsToStdout: json });
        try {
          const history = target.client.recordHistory(sync, identifiers, {
            index: useIndex ? true : 'existing',
            signal: context.signal,
            onRun: (done, total) => progress.update(done, total),
            ...(flags.since === undefined ? {} : { runsStartedFrom: flags.since }),
            ...(flags.until === undefined ? {} : { runsStartedBefore: flags.until }),
          });
          for await (const appearance of history) {
            found.add(appearance.identifier);
            if (!json) {
              appearances.push(appearance);
              continue;
            }
            await context.stdout.write(jsonLine(appearanceJson(appearance)));
            if (context.stdoutClosed) return;
          }
        } finally {
          progress.stop();
        }
        if (found.size === 0 && (await target.client.listRuns(sync, { signal: context.signal })).length === 0) {
          throw new NotFoundError({
            message: `No sync runs for sync ${sync.syncId} of organization ${sync.orgId} at ${target.parts.location}`,
            context: { location: target.parts.location },
          });
        }
      } finally {
        await target.close();
      }
      if (!json && appearances.length > 0) {
        const lines = recordHistoryLines(appearances, { colors: context.stdoutColors, width: context.stdout.columns, identifiers: identifiers.length > 1, values: flags.values === true });
        await context.stdout.write(`${lines.join('\n')}\n`);
      }
      const missing = identifiers.filter((identifier) => !found.has(identifier));
      if (!json && missing.length > 0) await context.stderr.writeLine(`Not in any run of sync ${sync.syncId}: ${missing.join(', ')}`);
    });
}
