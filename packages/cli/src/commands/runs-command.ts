// `synctrack runs <bucket-or-prefix>`: the sync history, newest run first within each sync, with the
// counts of every run by outcome, its rejected share and the change from the run before (core's
// syncHistory: each run's counts are kept while its files are unchanged; `--cache` keeps them on disk).
import type { Command } from 'commander';
import { InvalidArgumentError, NotFoundError, SyncTrackError, type RunTrend, type SyncRef, type SyncTrackingClient } from '@synctrack/core';
import { SYNC_TRACKING_FOLDER } from '@synctrack/core/internal';
import type { CliContext } from '../cli-context.js';
import { jsonLine, runJson } from '../output/json-format.js';
import { runTableLines, type RunRow } from '../output/run-table.js';
import { positiveInteger } from '../options/option-parsers.js';
import { resolveIndexDirectory } from '../options/index-directory.js';
import { INDEX_DIR_DESCRIPTION } from './index-command.js';
import { examples } from './help-text.js';

interface RunsFlags {
  org?: string;
  sync?: string;
  limit?: number;
  cache?: boolean;
  indexDir?: string;
}

/** An id named both in the location and by a flag must agree. */
function pickId(fromLocation: string | undefined, fromFlag: string | undefined, name: string): string | undefined {
  if (fromLocation !== undefined && fromFlag !== undefined && fromLocation !== fromFlag) {
    throw new InvalidArgumentError({
      message: `The location names ${name} ${fromLocation} but --${name} says ${fromFlag}`,
      context: { argument: name },
    });
  }
  return fromLocation ?? fromFlag;
}

/** The syncs the location and flags name. */
async function listSyncRefs(client: SyncTrackingClient, org: string | undefined, sync: string | undefined, signal: AbortSignal): Promise<SyncRef[]> {
  const organizations = org === undefined ? await client.listOrganizations({ signal }) : [org];
  const syncs: SyncRef[] = [];
  for (const orgId of organizations) {
    for (const syncId of sync === undefined ? await client.listSyncs({ orgId }, { signal }) : [sync]) syncs.push({ orgId, syncId });
  }
  return syncs;
}

export function registerRunsCommand(program: Command, context: CliContext): void {
  program
    .command('runs')
    .description('List sync runs, newest first, with their counts by outcome, rejected share and its change from the run before')
    .argument('<location>', `bucket (the folder holding ${SYNC_TRACKING_FOLDER}/), or an organization or sync folder inside it`)
    .option('--org <id>', 'only this organization')
    .option('--sync <id>', 'only this sync (with --org)')
    .option('--limit <n>', 'only the newest n runs of each sync', positiveInteger)
    .option('--cache', 'keep each run’s counts on disk beside the local indexes, reused while the run’s files are unchanged')
    .option('--index-dir <dir>', `${INDEX_DIR_DESCRIPTION}; implies --cache`)
    .addHelpText(
      'after',
      examples([
        ['synctrack runs ./demo-bucket', 'every run of every sync in a bucket'],
        ['synctrack runs s3://acme-census --org 4821 --sync 120 --limit 10', 'the last 10 runs of one sync'],
        ['synctrack runs s3://acme-census --org 4821 --sync 120 --cache', 'a long history, counted once and then read from the cache'],
        ['synctrack runs gs://acme-census/sync_tracking_datasets/4821 --json', 'one organization’s runs as JSON Lines'],
      ]),
    )
    .action(async (location: string, flags: RunsFlags, command: Command) => {
      const { json } = context.flags(command);
      const cache = flags.cache === true || flags.indexDir !== undefined;
      const indexDirectory = cache ? await resolveIndexDirectory(flags.indexDir, context) : undefined;
      const target = await context.openLocation(location, { indexDirectory });
      try {
        const { client, parts } = target;
        if (parts.ids.length > 2) {
          throw new InvalidArgumentError({
            message: `${parts.location} is a run folder: \`synctrack summary ${parts.location}\` summarises it; \`synctrack runs\` takes a bucket, organization or sync`,
            context: { argument: 'location', location: parts.location },
          });
        }
        const org = pickId(parts.ids[0], flags.org, 'org');
        const sync = pickId(parts.ids[1], flags.sync, 'sync');
        if (sync !== undefined && org === undefined) {
          throw new InvalidArgumentError({ message: '--sync needs --org (sync ids are per organization)', context: { argument: 'sync' } });
        }
        const syncs = await listSyncRefs(client, org, sync, context.signal);
        const rows: RunRow[] = [];
        let firstError: SyncTrackError | null = null;
        let listed = 0;
        for (const ref of syncs) {
          const progress = context.progress({ label: `Counting the runs of sync ${ref.syncId}`, unit: 'runs', streamsToStdout: json });
          let runs: RunTrend[];
          try {
            const history = await client.syncHistory(ref, {
              signal: context.signal,
              topErrors: 0,
              onRun: (done, total) => progress.update(done, total),
              ...(flags.limit === undefined ? {} : { limit: flags.limit }),
            });
            runs = history.runs;
          } finally {
            progress.stop();
          }
          listed += runs.length;
          for (const found of runs) {
            // One unreadable run is reported in its row; the others are still listed. A run whose
            // metadata cannot be read is such a run, as `summary` would fail on it.
            const error = found.error ?? found.run.metadataError ?? null;
            const trend: RunTrend = error === null ? found : { ...found, stats: null, rejectedRateChange: null, error };
            if (error !== null) firstError ??= error;
            if (json) {
              await context.stdout.write(jsonLine(runTrendJson(trend)));
              if (context.stdoutClosed) return;
            } else {
              rows.push(runRow(trend));
            }
          }
        }
        if (listed === 0) {
          const what = sync !== undefined ? `sync ${sync} of organization ${org}` : org !== undefined ? `organization ${org}` : 'this location';
          throw new NotFoundError({ message: `No sync runs for ${what} at ${parts.location}`, context: { location: parts.location } });
        }
        if (!json) await context.stdout.write(`${runTableLines(rows, { colors: context.stdoutColors, width: context.stdout.columns }).join('\n')}\n`);
        if (firstError !== null) throw firstError;
      } finally {
        await target.close();
      }
    });
}

/** One line of `runs --json`: the run and its counts (see runJson), its rejected rate and the run before it. */
function runTrendJson(trend: RunTrend) {
  const outcome = trend.stats !== null ? { summary: trend.stats } : { error: errorJson(trend) };
  return {
    ...runJson(trend.run, trend.location, outcome),
    rejected_rate: trend.stats?.rejectedRate ?? null,
    rejected_rate_change: trend.rejectedRateChange,
    previous_run_id: trend.previousRunId,
    in_progress: trend.run.inProgress === true,
  };
}

function errorJson(trend: RunTrend): { code: string; message: string } {
  const error = trend.error!;
  return { code: error.code, message: error.message };
}

function runRow(trend: RunTrend): RunRow {
  const { run, stats } = trend;
  return {
    orgId: run.orgId,
    syncId: run.syncId,
    runId: run.runId,
    inProgress: run.inProgress === true,
    startedAt: run.startedAt,
    counts: stats === null ? null : { total: stats.total, ...stats.byOutcome, files: stats.files, bytes: stats.bytes },
    rejectedRateChange: trend.rejectedRateChange,
    error: trend.error?.message ?? null,
  };
}
