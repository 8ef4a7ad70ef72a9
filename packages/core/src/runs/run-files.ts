// Resolves a run reference to its folder and lists the files in it, in a stable order.
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import {
  RUN_METADATA_FILE,
  baseName,
  normalizePrefix,
  parseRecordFileName,
  runIdsFromPrefix,
  runPrefix,
  type RunIds,
  type RunRef,
} from '../layout/sync-tracking-layout.js';
import { listObjects } from '../storage/list-all.js';
import type { StorageAdapter } from '../storage/storage-adapter.js';

/** A run folder, resolved. */
export interface ResolvedRun {
  /** Key prefix of the run folder, ending in `/`. */
  folder: string;
  /** The ids, when the folder follows the documented layout. */
  ids: RunIds | null;
  /** The folder as the user would name it (`<storage location>/<folder>`). */
  location: string;
}

export interface RunFile {
  key: string;
  /** The file name within the run folder, e.g. `records_updated.3.parquet`. */
  name: string;
  /** `location/name`, for messages. */
  file: string;
  size: number;
  version?: string;
  lastModified?: Date;
  batchType: string;
  batchNumber: number | null;
}

export interface RunListing {
  run: ResolvedRun;
  files: RunFile[];
  metadataKey: string | null;
  /** Objects in the folder that are neither record files nor metadata (ignored). */
  ignored: string[];
}

export function resolveRun(storage: StorageAdapter, prefix: string, run: RunRef): ResolvedRun {
  if (typeof run !== 'object' || run === null) {
    throw new InvalidArgumentError({
      message: 'A run is named by { orgId, syncId, runId } or { location }',
      context: { argument: 'run' },
    });
  }
  const folder = 'location' in run ? normalizePrefix(run.location) : runPrefix(prefix, run);
  if (folder === '' && 'location' in run && typeof run.location !== 'string') {
    throw new InvalidArgumentError({ message: 'run.location must be a string', context: { argument: 'run' } });
  }
  const ids = 'location' in run ? runIdsFromPrefix(folder) : { orgId: run.orgId, syncId: run.syncId, runId: run.runId };
  const root = storage.location.replace(/\/+$/, '');
  return { folder, ids, location: folder === '' ? root : `${root}/${folder.replace(/\/$/, '')}` };
}

/**
 * Record files sort by the second they landed, then batch number (un-numbered legacy files first),
 * then batch type. Files of a run still being written thus land at the end, whatever their names,
 * and a cursor into an earlier file still sees them. Whole seconds, because S3 and Azure keep no
 * finer time: every backend orders a run's files alike.
 */
function compareFiles(a: RunFile, b: RunFile): number {
  const at = Math.floor((a.lastModified?.getTime() ?? 0) / 1000);
  const bt = Math.floor((b.lastModified?.getTime() ?? 0) / 1000);
  if (at !== bt) return at - bt;
  const an = a.batchNumber ?? -1;
  const bn = b.batchNumber ?? -1;
  if (an !== bn) return an - bn;
  return a.batchType < b.batchType ? -1 : a.batchType > b.batchType ? 1 : 0;
}

export async function listRun(storage: StorageAdapter, run: ResolvedRun, signal?: AbortSignal): Promise<RunListing> {
  const objects = await listObjects(storage, run.folder, signal);
  const files: RunFile[] = [];
  const ignored: string[] = [];
  let metadataKey: string | null = null;
  for (const object of objects) {
    const name = baseName(object.key);
    if (name === RUN_METADATA_FILE) {
      metadataKey = object.key;
      continue;
    }
    const parsed = parseRecordFileName(name);
    if (parsed === null) {
      ignored.push(object.key);
      continue;
    }
    files.push({
      key: object.key,
      name,
      file: `${run.location}/${name}`,
      size: object.size,
      ...(object.version === undefined ? {} : { version: object.version }),
      ...(object.lastModified === undefined ? {} : { lastModified: object.lastModified }),
      ...parsed,
    });
  }
  if (files.length === 0 && metadataKey === null) {
    throw new NotFoundError({
      message: `No sync run at ${run.location}: it holds neither ${RUN_METADATA_FILE} nor record files ([batch_type].[batch_number].parquet)`,
      context: { location: run.location, key: run.folder },
    });
  }
  files.sort(compareFiles);
  return { run, files, metadataKey, ignored };
}
