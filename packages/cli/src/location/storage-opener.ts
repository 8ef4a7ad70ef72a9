// Opens the storage adapter behind a location through core's location registry: local paths and
// file:// with @synctrack/storage-fs, s3:// gs:// az:// and Azure blob URLs with their adapters.
import { resolveStorage, type StorageAdapter } from '@synctrack/core';

export interface OpenedStorage {
  storage: StorageAdapter;
  /** The key prefix inside the adapter that the location names ('' for its root). */
  prefix: string;
}

export interface StorageOpenOptions {
  env: NodeJS.ProcessEnv;
  /** A cloud request that sends no byte for this long is aborted and retried (`--read-timeout`). */
  readTimeoutMs?: number;
}

/** Opens a storage root: an absolute local path or a URL (already normalised by `splitLocation`). */
export type StorageOpener = (root: string, options: StorageOpenOptions) => Promise<OpenedStorage>;

/**
 * Adapter packages are imported from here, not from core, so they resolve against the CLI's own
 * dependencies: the CLI installs every adapter, and a global install has them beside it.
 */
const importAdapter = (packageName: string): Promise<unknown> => import(packageName);

export const defaultStorageOpener: StorageOpener = (root, { env, readTimeoutMs }) =>
  resolveStorage(root, {
    env,
    importPackage: importAdapter,
    // Every cloud adapter takes `readTimeoutMs`; the fs adapter has no use for it and ignores it.
    ...(readTimeoutMs === undefined ? {} : { adapterOptions: { readTimeoutMs } }),
  });
