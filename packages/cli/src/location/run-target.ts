// Turns `<run>` (a run folder) or `<bucket> --org O --sync S --run R` into a client and a RunRef, and
// a missing run into a message that says what the location is instead.
import {
  ConfigInvalidError,
  InvalidArgumentError,
  NotFoundError,
  SyncTrackingClient,
  parseLocation,
  type RunIds,
  type RunRef,
} from '@synctrack/core';
import { SYNC_TRACKING_FOLDER, joinKey, type DecodePool } from '@synctrack/core/internal';
import { commandDecodePool, type CommandDecoding } from './command-decode-pool.js';
import { splitLocation, type LocationParts } from './location-parts.js';
import type { StorageOpener } from './storage-opener.js';

export interface RunSelection {
  org?: string;
  sync?: string;
  run?: string;
}

export interface LocationTarget {
  client: SyncTrackingClient;
  parts: LocationParts;
  /** The key prefix of `parts.root` inside the adapter. */
  rootPrefix: string;
  /** Closes the storage and ends the idle decode workers: a command sorts and prints without them. */
  close(): Promise<void>;
}

export interface RunTarget extends LocationTarget {
  run: RunRef;
}

export interface OpenOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  openStorage: StorageOpener;
  /** The caller's decode pool (CliIo's), left running; else the command's own, released on close. */
  decodePool?: DecodePool | undefined;
  /** Who decodes when the command has its own pool (command-decode-pool.ts); default `caller-too`. */
  decoding?: CommandDecoding;
  /** The progress timeout of cloud requests (`--read-timeout`), in ms. */
  readTimeoutMs?: number;
  /** Gives the client a local index in this directory (`find --index`, `index`). */
  indexDirectory?: string;
}

/** Opens the storage behind a location's root, with a client whose prefix is that root. */
export function openLocation(location: string, options: OpenOptions): Promise<LocationTarget> {
  return openParts(splitLocation(location, options.cwd), options);
}

async function openParts(parts: LocationParts, options: OpenOptions): Promise<LocationTarget> {
  try {
    parseLocation(parts.location, options.cwd);
  } catch (error) {
    // A location the user typed wrong is a usage error; CONFIG_INVALID is left to what adapters say
    // about credentials and settings.
    if (!ConfigInvalidError.isInstance(error)) throw error;
    throw new InvalidArgumentError({ message: error.message, context: error.context, cause: error });
  }
  const { storage, prefix } = await options.openStorage(parts.root, {
    env: options.env,
    ...(options.readTimeoutMs === undefined ? {} : { readTimeoutMs: options.readTimeoutMs }),
  });
  const index = options.indexDirectory === undefined ? undefined : { directory: options.indexDirectory };
  const client = new SyncTrackingClient({ storage, prefix, index, decodePool: options.decodePool ?? commandDecodePool(options.decoding) });
  const close = async () => {
    await storage.close?.();
    // The workers of a finished scan hold ~40-90 MB each; errors on 10M records then sorts and
    // prints 267k groups. The client starts workers again if it is used after this.
    if (options.decodePool === undefined) await commandDecodePool(options.decoding).release();
  };
  return { client, parts, rootPrefix: prefix, close };
}

/** The run the selection names inside the location; checked before any storage is opened. */
function selectedRun(parts: LocationParts, selection: RunSelection): RunIds | null {
  if (selection.org === undefined && selection.sync === undefined && selection.run === undefined) return null;
  if (selection.org === undefined || selection.sync === undefined || selection.run === undefined) {
    throw new InvalidArgumentError({
      message: '--org, --sync and --run go together: name all three, or give the run folder as the location',
      context: { argument: 'run' },
    });
  }
  if (parts.inLayout) {
    throw new InvalidArgumentError({
      message: `With --org, --sync and --run the location is the bucket (the folder holding ${SYNC_TRACKING_FOLDER}/), not ${parts.location}`,
      context: { argument: 'location', location: parts.location },
    });
  }
  return { orgId: selection.org, syncId: selection.sync, runId: selection.run };
}

export async function openRunTarget(location: string, selection: RunSelection, options: OpenOptions): Promise<RunTarget> {
  const parts = splitLocation(location, options.cwd);
  const ids = selectedRun(parts, selection);
  const target = await openParts(parts, options);
  if (ids !== null) return { ...target, run: ids };
  const folder = parts.inLayout ? [SYNC_TRACKING_FOLDER, ...parts.ids].join('/') : '';
  return { ...target, run: { location: folder === '' ? target.rootPrefix : joinKey(target.rootPrefix, folder) } };
}

/**
 * When a location holds no run, says what it is instead: a bucket, an organization or a sync folder.
 * Other errors pass through unchanged.
 */
export async function explainMissingRun(error: unknown, target: RunTarget): Promise<unknown> {
  if (!NotFoundError.isInstance(error) || !('location' in target.run)) return error;
  const { parts } = target;
  const lists = 'synctrack runs';
  if (parts.inLayout && parts.ids.length < 3) {
    const what = parts.ids.length === 0 ? 'the sync tracking folder' : parts.ids.length === 1 ? 'an organization folder' : 'a sync folder';
    return new NotFoundError({
      message: `${parts.location} is ${what}, not a run: name a run folder (…/${SYNC_TRACKING_FOLDER}/ORG/SYNC/RUN); \`${lists} ${parts.location}\` lists them`,
      context: { location: parts.location },
      cause: error,
    });
  }
  if (!parts.inLayout) {
    const organizations = await target.client.listOrganizations().catch(() => []);
    if (organizations.length > 0) {
      return new NotFoundError({
        message: `${parts.location} is a bucket, not a run: add --org, --sync and --run, or name the run folder; \`${lists} ${parts.location}\` lists them`,
        context: { location: parts.location },
        cause: error,
      });
    }
  }
  return error;
}
