// Opens the storage adapter behind a location. Local paths and file:// URLs use @synctrack/storage-fs;
// cloud URLs need core's location registry (`resolveStorage`), used as soon as core exports it.
import * as core from '@synctrack/core';
import { UnsupportedError, type StorageAdapter } from '@synctrack/core';
import { urlScheme } from './location-parts.js';

export interface OpenedStorage {
  storage: StorageAdapter;
  /** The key prefix inside the adapter that the location names ('' for its root). */
  prefix: string;
}

/** Opens a storage root: an absolute local path or a URL (already normalised by `splitLocation`). */
export type StorageOpener = (root: string, options: { env: NodeJS.ProcessEnv }) => Promise<OpenedStorage>;

type ResolveStorage = (
  location: string,
  options: { env?: NodeJS.ProcessEnv; importPackage?: (packageName: string) => Promise<unknown> },
) => Promise<OpenedStorage>;

/**
 * Adapter packages are imported from here, not from core, so they resolve against the CLI's own
 * dependencies: the CLI installs every adapter, and a global install has them beside it.
 */
const importAdapter = (packageName: string): Promise<unknown> => import(packageName);

/** Loaded on first use, so commands that open no location never load the adapter. */
async function openLocalFolder(root: string): Promise<OpenedStorage> {
  const { createFsStorage } = await import('@synctrack/storage-fs');
  return { storage: createFsStorage({ root }), prefix: '' };
}

export const defaultStorageOpener: StorageOpener = async (root, { env }) => {
  const resolveStorage = (core as Record<string, unknown>).resolveStorage as ResolveStorage | undefined;
  if (typeof resolveStorage === 'function') return resolveStorage(root, { env, importPackage: importAdapter });
  const scheme = urlScheme(root);
  if (scheme === null) return openLocalFolder(root);
  throw new UnsupportedError({
    message: `${scheme}:// locations are not supported by this version of @synctrack/core (no location registry yet): ${root}`,
    context: { location: root },
  });
};
