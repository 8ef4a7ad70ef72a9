// The run `check` and `watch` look at: a run folder; a sync folder, whose newest run (by start time)
// is taken; or a bucket with --org and --sync (and --run for one run).
import { InvalidArgumentError, NotFoundError, type RunInfo, type RunRef, type SyncRef } from '@synctrack/core';
import { SYNC_TRACKING_FOLDER } from '@synctrack/core/internal';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import type { LocationTarget, RunSelection } from '../location/run-target.js';

export interface CheckTarget {
  opened: LocationTarget;
  run: RunRef;
  /** The run's sync, when the location follows the layout (for per-sync config and the previous run). */
  sync: SyncRef | null;
  /** The run as its sync's listing describes it, when the newest run was looked up. */
  info: RunInfo | null;
}

function ids(location: string, parts: LocationTarget['parts'], selection: RunSelection): { sync: SyncRef | null; runId: string | null } {
  const usage = (message: string) => new InvalidArgumentError({ message, context: { argument: 'location', location } });
  const flags = selection.org !== undefined || selection.sync !== undefined || selection.run !== undefined;
  if (flags) {
    if (parts.inLayout) throw usage(`With --org and --sync the location is the bucket (the folder holding ${SYNC_TRACKING_FOLDER}/), not ${parts.location}`);
    if (selection.org === undefined || selection.sync === undefined) throw usage('--org and --sync go together (with --run for one run): name both, or give the sync or run folder');
    return { sync: { orgId: selection.org, syncId: selection.sync }, runId: selection.run ?? null };
  }
  if (!parts.inLayout) return { sync: null, runId: null };
  if (parts.ids.length === 2) return { sync: { orgId: parts.ids[0]!, syncId: parts.ids[1]! }, runId: null };
  if (parts.ids.length === 3) return { sync: { orgId: parts.ids[0]!, syncId: parts.ids[1]! }, runId: parts.ids[2]! };
  throw usage(`${parts.location} is ${parts.ids.length < 2 ? 'not a sync or run folder' : 'below a run folder'}: name a run (…/${SYNC_TRACKING_FOLDER}/ORG/SYNC/RUN) or a sync (…/ORG/SYNC)`);
}

/** Opens the location and finds the run; the caller closes `opened`. */
export async function openCheckTarget(context: CliContext, location: string, selection: RunSelection): Promise<CheckTarget> {
  const opened = await context.openLocation(location);
  try {
    const { sync, runId } = ids(location, opened.parts, selection);
    if (sync === null) {
      // A folder outside the layout: a run folder on its own (no sync, so no previous run).
      return { opened, run: { location: opened.rootPrefix }, sync: null, info: null };
    }
    if (runId !== null) return { opened, run: { ...sync, runId }, sync, info: null };
    const runs = await opened.client.listRuns(sync, { signal: context.signal });
    const newest = runs[0];
    if (newest === undefined) {
      throw new NotFoundError({ message: `Sync ${sync.syncId} of organization ${sync.orgId} has no runs at ${opened.parts.location}`, context: { location } });
    }
    return { opened, run: { orgId: newest.orgId, syncId: newest.syncId, runId: newest.runId }, sync, info: newest };
  } catch (error) {
    await opened.close();
    throw error;
  }
}

/** `<location>` with `--org`, `--sync` and `--run`, as `check` and `watch` take them. */
export function addRunOrSyncArgument(command: Command): Command {
  return command
    .argument('<location>', 'a run folder or a sync folder (its newest run), as a path or URL; or a bucket with --org and --sync (and --run)')
    .option('--org <id>', 'organization id (with a bucket location)')
    .option('--sync <id>', 'sync id (with a bucket location)')
    .option('--run <id>', 'sync run id (with a bucket location; default: the sync’s newest run)');
}
