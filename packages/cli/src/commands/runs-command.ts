// `synctrack runs <bucket-or-prefix>`: the sync history, newest run first within each sync, with the
// counts of every run by outcome (one summary per run, a few at a time).
import type { Command } from 'commander';
import {
  InvalidArgumentError,
  NotFoundError,
  SyncTrackError,
  type RunInfo,
  type RunSummary,
  type SyncTrackingClient,
} from '@synctrack/core';
import { SYNC_TRACKING_FOLDER } from '@synctrack/core/internal';
import type { CliContext } from '../cli-context.js';
import { jsonLine, runJson } from '../output/json-format.js';
import { runTableLines, type RunRow } from '../output/run-table.js';
import { positiveInteger } from '../options/option-parsers.js';
import { mapInOrder } from '../map-in-order.js';
import { examples } from './help-text.js';

interface RunsFlags {
  org?: string;
  sync?: string;
  limit?: number;
}

/** Summaries read at once: enough to hide storage latency, few enough to stay gentle on memory and rate limits. */
const SUMMARY_CONCURRENCY = 4;

type RunResult = { info: RunInfo; location: string } & ({ summary: RunSummary } | { error: SyncTrackError });

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

async function listSyncRuns(
  client: SyncTrackingClient,
  org: string | undefined,
  sync: string | undefined,
  options: { limit?: number; signal: AbortSignal; where: string },
): Promise<RunInfo[]> {
  const organizations = org === undefined ? await client.listOrganizations({ signal: options.signal }) : [org];
  const runs: RunInfo[] = [];
  for (const orgId of organizations) {
    const syncs = sync === undefined ? await client.listSyncs({ orgId }, { signal: options.signal }) : [sync];
    for (const syncId of syncs) {
      const infos = await client.listRuns({ orgId, syncId }, { signal: options.signal });
      runs.push(...(options.limit === undefined ? infos : infos.slice(0, options.limit)));
    }
  }
  if (runs.length === 0) {
    const what = sync !== undefined ? `sync ${sync} of organization ${org}` : org !== undefined ? `organization ${org}` : 'this location';
    throw new NotFoundError({ message: `No sync runs for ${what} at ${options.where}`, context: { location: options.where } });
  }
  return runs;
}

export function registerRunsCommand(program: Command, context: CliContext): void {
  program
    .command('runs')
    .description('List sync runs, newest first, with their counts by outcome')
    .argument('<location>', `bucket (the folder holding ${SYNC_TRACKING_FOLDER}/), or an organization or sync folder inside it`)
    .option('--org <id>', 'only this organization')
    .option('--sync <id>', 'only this sync (with --org)')
    .option('--limit <n>', 'only the newest n runs of each sync', positiveInteger)
    .addHelpText(
      'after',
      examples([
        ['synctrack runs ./demo-bucket', 'every run of every sync in a bucket'],
        ['synctrack runs s3://acme-census --org 4821 --sync 120 --limit 10', 'the last 10 runs of one sync'],
        ['synctrack runs gs://acme-census/sync_tracking_datasets/4821 --json', 'one organization’s runs as JSON Lines'],
      ]),
    )
    .action(async (location: string, flags: RunsFlags, command: Command) => {
      const { json } = context.flags(command);
      const target = await context.openLocation(location);
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
        const runs = await listSyncRuns(client, org, sync, { limit: flags.limit, signal: context.signal, where: parts.location });
        const progress = context.progress({ label: 'Summarising runs', unit: 'runs', total: runs.length, streamsToStdout: json });
        const rows: RunRow[] = [];
        let firstError: SyncTrackError | null = null;
        try {
          const results = mapInOrder(runs, SUMMARY_CONCURRENCY, async (info): Promise<RunResult> => {
            const location = client.resolve(info).location;
            try {
              return { info, location, summary: await client.summary(info, { signal: context.signal }) };
            } catch (error) {
              // One unreadable run is reported in its row; the others are still listed.
              if (!SyncTrackError.isInstance(error) || error.code === 'ABORTED') throw error;
              return { info, location, error };
            } finally {
              progress.increment();
            }
          });
          for await (const result of results) {
            if ('error' in result) firstError ??= result.error;
            if (json) {
              const outcome = 'summary' in result ? { summary: result.summary } : { error: { code: result.error.code, message: result.error.message } };
              await context.stdout.write(jsonLine(runJson(result.info, result.location, outcome)));
              if (context.stdoutClosed) return;
            } else {
              rows.push(runRow(result));
            }
          }
        } finally {
          progress.stop();
        }
        if (!json) await context.stdout.write(`${runTableLines(rows, { colors: context.stdoutColors, width: context.stdout.columns }).join('\n')}\n`);
        if (firstError !== null) throw firstError;
      } finally {
        await target.close();
      }
    });
}

function runRow(result: RunResult): RunRow {
  const { info } = result;
  const summary = 'summary' in result ? result.summary : null;
  return {
    orgId: info.orgId,
    syncId: info.syncId,
    runId: info.runId,
    startedAt: info.startedAt,
    counts: summary === null ? null : { total: summary.total, ...summary.byOutcome, files: summary.files, bytes: summary.bytes },
    error: 'error' in result ? result.error.message : null,
  };
}
