// The runs of a sync from one listing of its folder (no delimiter): every run's record files and
// metadata key with their sizes and versions, and a fingerprint of them. Listing the sync once
// instead of each run folder is what lets a warm sync history cost one listing, not 365.
import { createHash } from 'node:crypto';
import { NotFoundError } from '../errors/not-found-error.js';
import { baseName, runsPrefix, type SyncRef } from '../layout/sync-tracking-layout.js';
import { listRun, resolveRun, type RunListing } from '../runs/run-files.js';
import { listAll } from '../storage/list-all.js';
import type { ObjectInfo, StorageAdapter } from '../storage/storage-adapter.js';

export interface ListedRun {
  runId: string;
  listing: RunListing;
  /** The metadata file's bytes are read only when the fingerprint is not cached. */
  metadataKey: string | null;
  /**
   * A hash of every object in the run folder (key, size, version, last-modified); null when an
   * object has neither a version nor a time, so that a rewrite could go unseen: never cached then.
   */
  fingerprint: string | null;
}

/** The runs of a sync, in no particular order; runs whose folder holds neither metadata nor record files are left out. */
export async function listSyncRunFolders(storage: StorageAdapter, base: string, sync: SyncRef, signal?: AbortSignal): Promise<ListedRun[]> {
  const prefix = runsPrefix(base, sync.orgId, sync.syncId);
  const byRun = new Map<string, ObjectInfo[]>();
  for await (const entry of listAll(storage, prefix, { signal })) {
    const object = entry.object;
    if (object === undefined) continue;
    const rest = object.key.slice(prefix.length).split('/');
    // Only objects directly in a run folder, as a run's own listing (with a delimiter) sees them.
    if (rest.length !== 2 || rest[0] === '' || rest[1] === '') continue;
    const objects = byRun.get(rest[0]!) ?? [];
    objects.push(object);
    byRun.set(rest[0]!, objects);
  }
  const runs: ListedRun[] = [];
  for (const [runId, objects] of byRun) {
    const run = resolveRun(storage, base, { orgId: sync.orgId, syncId: sync.syncId, runId });
    // listRun over these objects: the same files, order and names a run's own listing gives.
    // (listRun only lists through the adapter it is given.)
    const listed = { list: async () => ({ objects, prefixes: [] }) } as Pick<StorageAdapter, 'list'> as StorageAdapter;
    let listing: RunListing;
    try {
      listing = await listRun(listed, run, signal);
    } catch (error) {
      if (NotFoundError.isInstance(error)) continue; // neither metadata nor record files: not a run
      throw error;
    }
    runs.push({ runId, listing, metadataKey: listing.metadataKey, fingerprint: fingerprintOf(objects) });
  }
  return runs;
}

function fingerprintOf(objects: readonly ObjectInfo[]): string | null {
  const hash = createHash('sha256');
  for (const object of [...objects].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    if (object.version === undefined && object.lastModified === undefined) return null;
    hash.update(`${baseName(object.key)}\u0000${object.size}\u0000${object.version ?? ''}\u0000${object.lastModified?.getTime() ?? ''}\u0001`);
  }
  return hash.digest('hex').slice(0, 40);
}
