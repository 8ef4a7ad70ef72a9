// Walks the bucket layout: organizations, the syncs of an organization, the runs of a sync.
import { NotFoundError } from '../errors/not-found-error.js';
import { SyncTrackError } from '../errors/sync-track-error.js';
import {
  RUN_METADATA_FILE,
  baseName,
  organizationsPrefix,
  runPrefix,
  runsPrefix,
  syncsPrefix,
  type RunIds,
} from '../layout/sync-tracking-layout.js';
import { decodeRunMetadata, type RunMetadata } from '../model/run-metadata.js';
import { listObjects, listPrefixes } from '../storage/list-all.js';
import type { StorageAdapter } from '../storage/storage-adapter.js';
import { runStillBeingWritten } from './run-in-progress.js';

export interface RunInfo extends RunIds {
  /** Key prefix of the run folder. */
  folder: string;
  /** From the metadata's start time, when there is one. */
  startedAt: Date | null;
  metadata: RunMetadata | null;
  /**
   * Why the run's metadata could not be used: its content is not valid metadata (`INVALID_DATA`), or
   * it or the run's folder could not be read (`PERMISSION_DENIED`, a storage error, …). The run is
   * still listed; its other calls report their own errors.
   */
  metadataError?: SyncTrackError;
  /**
   * The run is still being written (`listRuns` sets it; see run-in-progress.ts for the rule): it is
   * the newest run of its sync and its newest file landed in the last 30 minutes, unless
   * metadata.json says how the run ended. Absent where a RunInfo was made otherwise.
   */
  inProgress?: boolean;
}

/** Numeric ids compare as numbers, others as text. */
export function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

export async function listChildIds(storage: StorageAdapter, prefix: string, signal?: AbortSignal): Promise<string[]> {
  return (await listPrefixes(storage, prefix, signal)).map(baseName).sort(compareIds);
}

export async function listOrganizationIds(storage: StorageAdapter, base: string, signal?: AbortSignal): Promise<string[]> {
  const ids = await listChildIds(storage, organizationsPrefix(base), signal);
  if (ids.length === 0) {
    throw new NotFoundError({
      message: `No sync tracking data under ${storage.location.replace(/\/+$/, '')}/${organizationsPrefix(base)}`,
      context: { location: storage.location, key: organizationsPrefix(base) },
    });
  }
  return ids;
}

export async function listSyncIds(storage: StorageAdapter, base: string, orgId: string, signal?: AbortSignal): Promise<string[]> {
  return listChildIds(storage, syncsPrefix(base, orgId), signal);
}

/** Reads a run's metadata.json; null when it has none. */
export async function readRunMetadata(
  storage: StorageAdapter,
  folder: string,
  location: string,
  signal?: AbortSignal,
): Promise<RunMetadata | null> {
  const key = `${folder}${RUN_METADATA_FILE}`;
  let bytes: Uint8Array;
  try {
    bytes = await storage.read(key, { signal });
  } catch (error) {
    if (NotFoundError.isInstance(error)) return null;
    throw error;
  }
  return decodeRunMetadata(bytes, `${location}/${RUN_METADATA_FILE}`);
}

/** The runs of a sync, newest first: by the metadata's start time, then by run id. */
export async function listRunInfos(
  storage: StorageAdapter,
  base: string,
  orgId: string,
  syncId: string,
  options: { signal?: AbortSignal; concurrency?: number } = {},
): Promise<RunInfo[]> {
  const runIds = await listChildIds(storage, runsPrefix(base, orgId, syncId), options.signal);
  const infos: RunInfo[] = new Array(runIds.length);
  let next = 0;
  const worker = async () => {
    while (next < runIds.length) {
      const index = next++;
      const ids = { orgId, syncId, runId: runIds[index]! };
      const folder = runPrefix(base, ids);
      const location = `${storage.location.replace(/\/+$/, '')}/${folder.replace(/\/$/, '')}`;
      try {
        const metadata = await readRunMetadata(storage, folder, location, options.signal);
        infos[index] = { ...ids, folder, metadata, startedAt: metadata?.runStartedAt ?? null };
      } catch (error) {
        // One unreadable run (bad content, permission denied, a storage error on its key) is marked,
        // not allowed to hide the others; only an abort ends the listing.
        if (!SyncTrackError.isInstance(error) || error.code === 'ABORTED') throw error;
        infos[index] = { ...ids, folder, metadata: null, startedAt: null, metadataError: error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, runIds.length) }, worker));
  infos.sort((a, b) => {
    const at = a.startedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
    const bt = b.startedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
    if (at !== bt) return bt - at;
    return compareIds(b.runId, a.runId);
  });
  await markInProgress(storage, infos, options.signal);
  return infos;
}

/** Runs without a start time looked at (those with the highest ids): a listing of them all would cost one call each. */
const UNPLACED_CANDIDATES = 4;

/**
 * Sets `inProgress` on every run; only the candidates are listed to find out: the newest by start
 * time, and the few runs without one that have the highest ids (Census's run ids grow).
 */
/**
 * The runs of a sync (newest first, as listRunInfos sorts them) that may still be being written:
 * the newest one with a start time, and the newest few without one (they cannot be placed).
 */
export function inProgressCandidates(infos: readonly RunInfo[]): Set<RunInfo> {
  const unplaced = infos.filter((info) => info.startedAt === null).sort((a, b) => compareIds(b.runId, a.runId)).slice(0, UNPLACED_CANDIDATES);
  const first = infos[0];
  return new Set([...(first !== undefined && first.startedAt !== null ? [first] : []), ...unplaced]);
}

async function markInProgress(storage: StorageAdapter, infos: RunInfo[], signal?: AbortSignal): Promise<void> {
  const candidates = inProgressCandidates(infos);
  await Promise.all(
    infos.map(async (info) => {
      const newest = candidates.has(info);
      info.inProgress = false;
      if (!newest) return;
      let lastLandedAt: Date | null = null;
      try {
        for (const object of await listObjects(storage, info.folder, signal)) {
          if (object.lastModified !== undefined && (lastLandedAt === null || object.lastModified > lastLandedAt)) lastLandedAt = object.lastModified;
        }
      } catch (error) {
        // The run's own calls report why its folder cannot be listed; the listing goes on.
        if (!SyncTrackError.isInstance(error) || error.code === 'ABORTED') throw error;
      }
      info.inProgress = runStillBeingWritten({ newest, metadata: info.metadata, lastLandedAt });
    }),
  );
}
