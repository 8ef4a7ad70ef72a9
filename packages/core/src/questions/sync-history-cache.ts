// What a sync history remembers between calls: per run, the fingerprint of its folder's objects
// (key, size, version, last-modified, as the adapter lists them), the metadata.json text and the
// run's stats. An entry is used only while the fingerprint is the same, so it is never stale.
// In memory per client (the viewer asks again and again), and, when the client has a local index
// directory, in one small JSON file per sync beside the indexes (each CLI run is a fresh process).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunStatsRecord } from './sync-history-run.js';

export interface CachedRun {
  fingerprint: string;
  /** The metadata file's text; null when the run has none. */
  metadataText: string | null;
  /** Null until the run's records have been counted (a `limit` may leave a run out). */
  stats: RunStatsRecord | null;
}

const FORMAT = 'synctrack-sync-history';
const VERSION = 1;

/** Runs kept in memory per client; the oldest entries go first beyond it (~1 KB each). */
const MEMORY_CAPACITY = 20_000;

export class SyncHistoryCache {
  private readonly runs = new Map<string, CachedRun>();

  /** The run's entry when it was made from exactly these objects. */
  get(runLocation: string, fingerprint: string): CachedRun | undefined {
    const entry = this.runs.get(runLocation);
    return entry?.fingerprint === fingerprint ? entry : undefined;
  }

  set(runLocation: string, entry: CachedRun): void {
    this.runs.delete(runLocation);
    if (this.runs.size >= MEMORY_CAPACITY) this.runs.delete(this.runs.keys().next().value!);
    this.runs.set(runLocation, entry);
  }

  clear(): void {
    this.runs.clear();
  }
}

/** The cache file of a sync, named by a hash of its location (as index files are). */
export function historyCachePath(directory: string, syncLocation: string): string {
  return join(directory, 'sync-history', `${createHash('sha256').update(syncLocation).digest('hex').slice(0, 32)}.json`);
}

/** The runs a cache file holds, by run id; empty when it is missing, unreadable or of another version. */
export async function readHistoryFile(path: string, syncLocation: string): Promise<Map<string, CachedRun>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return new Map(); // missing, or damaged: recounted and rewritten, never trusted
  }
  const file = parsed as { format?: unknown; version?: unknown; location?: unknown; runs?: unknown };
  if (file?.format !== FORMAT || file.version !== VERSION || file.location !== syncLocation || typeof file.runs !== 'object' || file.runs === null) {
    return new Map();
  }
  const runs = new Map<string, CachedRun>();
  for (const [runId, entry] of Object.entries(file.runs as Record<string, CachedRun>)) {
    if (isCachedRun(entry)) runs.set(runId, entry);
  }
  return runs;
}

/** An entry of the shape this version writes (a file edited by hand, or cut short and mended, is not trusted). */
function isCachedRun(entry: CachedRun | undefined): entry is CachedRun {
  if (typeof entry?.fingerprint !== 'string' || (entry.metadataText !== null && typeof entry.metadataText !== 'string')) return false;
  const stats = entry.stats;
  if (stats === null) return true;
  const count = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
  const span = (value: unknown) => value === null || (Array.isArray(value) && value.length === 2 && value.every((time) => typeof time === 'number'));
  return (
    typeof stats === 'object' &&
    [stats.total, stats.templateCount, stats.files, stats.bytes, stats.byOutcome?.success, stats.byOutcome?.rejected, stats.byOutcome?.invalid].every(count) &&
    span(stats.batchStartedAt) &&
    span(stats.batchEndedAt) &&
    Array.isArray(stats.templates) &&
    stats.templates.every(
      (group) =>
        (group?.template === null || typeof group?.template === 'string') &&
        count(group.count) &&
        count(group.messages) &&
        (group.example === null || typeof group.example === 'string'),
    )
  );
}

/**
 * Writes the cache file whole (written aside, then renamed into place, so a reader never sees half
 * of one). A cache that cannot be written is left out: the answer does not depend on it.
 */
export async function writeHistoryFile(path: string, syncLocation: string, runs: ReadonlyMap<string, CachedRun>): Promise<void> {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(temporary, JSON.stringify({ format: FORMAT, version: VERSION, location: syncLocation, runs: Object.fromEntries(runs) }));
    await rename(temporary, path);
  } catch {
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}
