// Maps Node's errno codes to synctrack's typed errors, naming the adapter, root and key.
import {
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  StorageUnavailableError,
  SyncTrackError,
  type SyncTrackErrorContext,
} from '@synctrack/core';

const NOT_FOUND = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);
const PERMISSION_DENIED = new Set(['EACCES', 'EPERM', 'EROFS']);
const INVALID = new Set(['ENAMETOOLONG', 'EINVAL', 'EILSEQ']);
/** Conditions that can clear by themselves: too many open files, a busy or flaky device. */
const TRANSIENT = new Set(['EMFILE', 'ENFILE', 'EBUSY', 'EAGAIN', 'EINTR', 'EIO', 'ETIMEDOUT']);

export function errnoOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
    ? (error as { code: string }).code
    : undefined;
}

export function toFsError(error: unknown, context: SyncTrackErrorContext & { operation: string }): SyncTrackError {
  if (SyncTrackError.isInstance(error)) return error;
  const errno = errnoOf(error);
  const what = context.key === undefined ? context.bucket : `${context.key} in ${context.bucket}`;
  const detail = error instanceof Error ? error.message : String(error);
  const options = { context: { adapter: 'fs', ...context }, cause: error };
  if (errno !== undefined && NOT_FOUND.has(errno)) {
    return new NotFoundError({ message: `No object ${what}`, ...options });
  }
  if (errno !== undefined && PERMISSION_DENIED.has(errno)) {
    return new PermissionDeniedError({ message: `Permission denied to ${context.operation} ${what} (${errno})`, ...options });
  }
  if (errno !== undefined && INVALID.has(errno)) {
    return new InvalidArgumentError({ message: `The file system refused the key ${what} (${errno}: ${detail})`, ...options });
  }
  return new StorageUnavailableError({
    message: `Could not ${context.operation} ${what}: ${detail}`,
    retryable: errno !== undefined && TRANSIENT.has(errno),
    ...options,
  });
}
