export { SyncTrackError, type SyncTrackErrorCode, type SyncTrackErrorContext, type SyncTrackErrorOptions } from './errors/sync-track-error.js';
export { NotFoundError } from './errors/not-found-error.js';
export { PermissionDeniedError } from './errors/permission-denied-error.js';
export { InvalidDataError } from './errors/invalid-data-error.js';
export { InvalidArgumentError } from './errors/invalid-argument-error.js';
export { ConfigInvalidError } from './errors/config-invalid-error.js';
export { RangeNotSatisfiableError } from './errors/range-not-satisfiable-error.js';
export { StorageUnavailableError } from './errors/storage-unavailable-error.js';
export { UnsupportedError } from './errors/unsupported-error.js';
export { AbortedError } from './errors/aborted-error.js';
export { AdapterNotInstalledError } from './errors/adapter-not-installed-error.js';
export { InternalError } from './errors/internal-error.js';

export type {
  ByteRange,
  ListOptions,
  ListPage,
  ObjectInfo,
  ReadOptions,
  StorageAdapter,
  StorageCapabilities,
  WriteOptions,
} from './storage/storage-adapter.js';
export { listAll, listObjects, listPrefixes, type ListEntry } from './storage/list-all.js';
export { assertValidKey, assertValidRange, joinKey, resolveRange } from './storage/storage-keys.js';
export { throwIfAborted } from './storage/throw-if-aborted.js';
export { MemoryStorage, type MemoryStorageOptions } from './storage/memory-storage.js';
