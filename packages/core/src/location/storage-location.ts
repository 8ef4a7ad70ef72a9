// What a location string names once parsed, and the contract between the location registry and
// the adapter packages it loads: each exports `fromLocation(location, options)`.
import type { StorageAdapter } from '../storage/storage-adapter.js';

export type StorageScheme = 's3' | 'gs' | 'az' | 'file';

export interface StorageLocation {
  /** The location as the user wrote it. */
  location: string;
  scheme: StorageScheme;
  /** Bucket (s3, gs) or container (az); '' for a local folder. */
  bucket: string;
  /** The Azure storage account, when the location names it (`https://<account>.blob.core.windows.net/…`). */
  account?: string;
  /** The absolute local folder, for `file`. */
  path?: string;
  /** The key prefix inside the bucket: '' or a prefix ending in `/`. */
  prefix: string;
}

export interface ResolveStorageOptions {
  /** Environment the adapters read their variables from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Extra constructor options for the adapter (credentials, endpoint, retry settings, …). */
  adapterOptions?: Record<string, unknown>;
  /** Loads an adapter package by name; defaults to a dynamic `import()` (tests replace it). */
  importPackage?: (packageName: string) => Promise<unknown>;
}

export interface ResolvedStorage {
  storage: StorageAdapter;
  /** The key prefix inside the adapter that the location names ('' for its root). */
  prefix: string;
  location: StorageLocation;
}

/** What every adapter package exports for the registry. */
export type FromLocation = (
  location: StorageLocation,
  options: Omit<ResolveStorageOptions, 'importPackage'>,
) => StorageAdapter | Promise<StorageAdapter>;
