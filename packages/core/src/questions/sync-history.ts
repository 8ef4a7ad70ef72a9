// syncHistory: how a sync trends — every run, newest first, with its records by outcome, its
// rejected rate and the change from the run before, and its largest error templates. One listing
// of the sync's folder; a run is read only when its files are not those of a cached entry
// (sync-history-cache.ts), so a warm history of hundreds of runs costs that listing.
import { rateRatio } from './check-rules.js';
import { SyncTrackError } from '../errors/sync-track-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { runsPrefix, type SyncRef } from '../layout/sync-tracking-layout.js';
import type { RecordOutcome } from '../model/record-outcome.js';
import { decodeRunMetadata, type RunMetadata } from '../model/run-metadata.js';
import { compareIds, inProgressCandidates, type RunInfo } from '../runs/run-discovery.js';
import { runStillBeingWritten } from '../runs/run-in-progress.js';
import { positiveInteger, type QuestionContext } from './question-context.js';
import { historyCachePath, readHistoryFile, writeHistoryFile, type CachedRun, type SyncHistoryCache } from './sync-history-cache.js';
import { listSyncRunFolders, type ListedRun } from './sync-history-listing.js';
import { MAX_TOP_ERRORS, scanRunStats, type ErrorTemplateCount } from './sync-history-run.js';
import type { TimeSpan } from './summary.js';

export type { ErrorTemplateCount } from './sync-history-run.js';

export interface SyncHistoryOptions {
  signal?: AbortSignal;
  /** Only the newest `limit` runs (the run before the oldest of them is still read, for its change). */
  limit?: number;
  /** Error templates kept per run, largest first (default 5, at most 20; 0 for none). */
  topErrors?: number;
  /** Called as each run's counts are known, from the cache or from its files. */
  onRun?: (done: number, total: number) => void;
}

/** A run's records, counted. */
export interface RunStats {
  total: number;
  byOutcome: Record<RecordOutcome, number>;
  /** Rejected records over all records (0 to 1); null for a run without records. */
  rejectedRate: number | null;
  /** The run's largest error templates (rejected records grouped as `errors` with `templates`). */
  topErrors: ErrorTemplateCount[];
  /** Distinct error templates in the run. */
  errorTemplates: number;
  files: number;
  bytes: number;
  batchStartedAt: TimeSpan | null;
  batchEndedAt: TimeSpan | null;
}

/** One run of a sync's history. */
export interface RunTrend {
  run: RunInfo;
  /** The run folder as the user would name it. */
  location: string;
  /** The run started before this one (by start time, then run id), whether or not `limit` kept it. */
  previousRunId: string | null;
  /** Null when the run's records could not be read (see `error`). */
  stats: RunStats | null;
  /** `rejectedRate` minus the previous run's; null when either is unknown. */
  rejectedRateChange: number | null;
  /** Why the run's records could not be read; the other runs are still answered. */
  error: SyncTrackError | null;
}

export interface SyncHistory {
  orgId: string;
  syncId: string;
  /** The sync folder as the user would name it. */
  location: string;
  /** Newest first, as `listRuns` orders them. */
  runs: RunTrend[];
  /** Runs answered from the cache, and runs whose files were read. */
  cache: { hits: number; misses: number };
}

/** Runs read at once: their reads overlap; the decode pool bounds the work. */
const RUN_CONCURRENCY = 4;

interface Resolved {
  listed: ListedRun;
  info: RunInfo;
  metadataText: string | null;
  /** False when the metadata could not be read (a storage error): the entry is not cached. */
  cacheable: boolean;
  cached: CachedRun | undefined;
  stats: CachedRun['stats'];
  error: SyncTrackError | null;
}

export async function syncHistory(context: QuestionContext, cache: SyncHistoryCache, sync: SyncRef, options: SyncHistoryOptions): Promise<SyncHistory> {
  const top = options.topErrors === undefined ? 5 : positiveInteger(options.topErrors, 'topErrors', true);
  if (top > MAX_TOP_ERRORS) {
    throw new InvalidArgumentError({ message: `topErrors is at most ${MAX_TOP_ERRORS}, got ${top}`, context: { argument: 'topErrors' } });
  }
  const limit = options.limit === undefined ? undefined : positiveInteger(options.limit, 'limit');
  const location = `${context.storage.location.replace(/\/+$/, '')}/${runsPrefix(context.prefix, sync.orgId, sync.syncId).replace(/\/$/, '')}`;
  const listed = await listSyncRunFolders(context.storage, context.prefix, sync, options.signal);
  const diskPath = context.indexDirectory === null ? null : historyCachePath(context.indexDirectory, location);
  let disk: Map<string, CachedRun> | null = null;
  let diskRead: Promise<Map<string, CachedRun>> | null = null; // read once, by the first run that misses memory
  const cachedEntry = async (run: ListedRun): Promise<CachedRun | undefined> => {
    if (run.fingerprint === null) return undefined;
    const inMemory = cache.get(run.listing.run.location, run.fingerprint);
    if (inMemory !== undefined || diskPath === null) return inMemory;
    diskRead ??= readHistoryFile(diskPath, location);
    disk = await diskRead;
    const onDisk = disk.get(run.runId);
    return onDisk?.fingerprint === run.fingerprint ? onDisk : undefined;
  };
  const resolved = await inPool(listed, 8, async (run) => resolveRun(context, run, await cachedEntry(run), options.signal));
  resolved.sort((a, b) => compareRuns(a.info, b.info));
  // Runs still being written, by listRuns' rule, from this one listing (newest record file landed).
  const candidates = inProgressCandidates(resolved.map((entry) => entry.info));
  for (const entry of resolved) {
    let lastLandedAt: Date | null = null;
    for (const file of entry.listed.listing.files) if (file.lastModified !== undefined && (lastLandedAt === null || file.lastModified > lastLandedAt)) lastLandedAt = file.lastModified;
    entry.info.inProgress = runStillBeingWritten({ newest: candidates.has(entry.info), metadata: entry.info.metadata, lastLandedAt });
  }
  const kept = limit === undefined ? resolved : resolved.slice(0, limit + 1);
  let done = 0;
  let misses = 0;
  await inPool(kept, RUN_CONCURRENCY, async (entry) => {
    if (entry.stats === null) {
      misses++;
      try {
        entry.stats = await scanRunStats(context, entry.listed.listing.files, options.signal);
      } catch (error) {
        // One unreadable run is reported in its line; only an abort ends the history.
        if (!SyncTrackError.isInstance(error) || error.code === 'ABORTED') throw error;
        entry.error = error;
      }
    }
    options.onRun?.(++done, kept.length);
  });
  let changed = false;
  for (const entry of resolved) {
    const { fingerprint } = entry.listed;
    if (fingerprint === null || !entry.cacheable || entry.error !== null) continue;
    const stats = entry.stats ?? entry.cached?.stats ?? null;
    if (entry.cached !== undefined && entry.cached.stats === stats) {
      cache.set(entry.listed.listing.run.location, entry.cached);
      continue;
    }
    changed = true;
    cache.set(entry.listed.listing.run.location, { fingerprint, metadataText: entry.metadataText, stats });
  }
  if (diskPath !== null) {
    const runs = new Map<string, CachedRun>();
    for (const entry of resolved) {
      const current = entry.listed.fingerprint === null ? undefined : cache.get(entry.listed.listing.run.location, entry.listed.fingerprint);
      if (current !== undefined) runs.set(entry.listed.runId, current);
    }
    // Rewritten when something was counted, or when the file holds runs that are gone or changed.
    const onDisk = disk as Map<string, CachedRun> | null;
    if (changed || (onDisk !== null && (onDisk.size !== runs.size || [...runs].some(([runId, entry]) => !sameEntry(onDisk.get(runId), entry))))) await writeHistoryFile(diskPath, location, runs);
  }
  const shown = limit === undefined ? kept : kept.slice(0, limit);
  const runs = shown.map((entry, at): RunTrend => {
    const previous = resolved[at + 1];
    const stats = entry.error === null && entry.stats !== null ? runStats(entry.stats, top) : null;
    const previousRate = previous?.error === null && previous.stats !== null ? rateRatio(previous.stats.byOutcome.rejected, previous.stats.total) : null;
    return {
      run: entry.info,
      location: entry.listed.listing.run.location,
      previousRunId: previous?.info.runId ?? null,
      stats,
      rejectedRateChange: stats?.rejectedRate == null || previousRate === null ? null : stats.rejectedRate - previousRate,
      error: entry.error,
    };
  });
  return { orgId: sync.orgId, syncId: sync.syncId, location, runs, cache: { hits: kept.length - misses, misses } };
}

async function resolveRun(context: QuestionContext, listed: ListedRun, cached: CachedRun | undefined, signal?: AbortSignal): Promise<Resolved> {
  const ids = { orgId: listed.listing.run.ids!.orgId, syncId: listed.listing.run.ids!.syncId, runId: listed.runId };
  const base = { ...ids, folder: listed.listing.run.folder };
  let metadataText = cached?.metadataText ?? null;
  let cacheable = true;
  if (cached === undefined && listed.metadataKey !== null) {
    try {
      metadataText = new TextDecoder().decode(await context.storage.read(listed.metadataKey, { signal }));
    } catch (error) {
      if (!SyncTrackError.isInstance(error) || error.code === 'ABORTED') throw error;
      const info: RunInfo = { ...base, metadata: null, startedAt: null, metadataError: error };
      return { listed, info, metadataText: null, cacheable: false, cached, stats: null, error: null };
    }
  }
  let info: RunInfo;
  try {
    const metadata: RunMetadata | null = metadataText === null ? null : decodeRunMetadata(new TextEncoder().encode(metadataText), `${listed.listing.run.location}/metadata.json`);
    info = { ...base, metadata, startedAt: metadata?.runStartedAt ?? null };
  } catch (error) {
    if (!SyncTrackError.isInstance(error)) throw error;
    info = { ...base, metadata: null, startedAt: null, metadataError: error };
  }
  return { listed, info, metadataText, cacheable, cached, stats: cached?.stats ?? null, error: null };
}

/** Newest first, as `listRuns`: by start time, then by run id. */
function compareRuns(a: RunInfo, b: RunInfo): number {
  const at = a.startedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const bt = b.startedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  return at !== bt ? bt - at : compareIds(b.runId, a.runId);
}

function sameEntry(a: CachedRun | undefined, b: CachedRun): boolean {
  return a !== undefined && a.fingerprint === b.fingerprint && (a.stats === null) === (b.stats === null);
}

function runStats(stats: NonNullable<CachedRun['stats']>, top: number): RunStats {
  const span = (value: [number, number] | null): TimeSpan | null => (value === null ? null : { first: new Date(value[0]), last: new Date(value[1]) });
  return {
    total: stats.total,
    byOutcome: { ...stats.byOutcome },
    rejectedRate: rateRatio(stats.byOutcome.rejected, stats.total),
    topErrors: stats.templates.slice(0, top).map((entry) => ({ ...entry })),
    errorTemplates: stats.templateCount,
    files: stats.files,
    bytes: stats.bytes,
    batchStartedAt: span(stats.batchStartedAt),
    batchEndedAt: span(stats.batchEndedAt),
  };
}

/** `work` over every item, `concurrency` at a time; the items, in their order. */
async function inPool<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await work(items[at]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
