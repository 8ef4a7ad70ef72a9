// Maps @google-cloud/storage errors (ApiError with an HTTP status, auth and network failures) to
// synctrack's typed errors; the SDK error is always the `cause`, never thrown itself.
import {
  AbortedError,
  ConfigInvalidError,
  NotFoundError,
  PermissionDeniedError,
  RangeNotSatisfiableError,
  StorageUnavailableError,
  SyncTrackError,
  type SyncTrackErrorContext,
} from '@synctrack/core';
import { attemptsText } from '@synctrack/core/internal';

const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_STREAM_PREMATURE_CLOSE']);

/** `attempts`: how many were made in all, said when a transient failure is given up on. */
export function toGcsError(error: unknown, context: SyncTrackErrorContext & { bucket: string; operation: string }, attempts = 1): SyncTrackError {
  if (SyncTrackError.isInstance(error)) return error;
  const api = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; name?: string; message?: string };
  const status = typeof api.code === 'number' ? api.code : undefined;
  const errno = typeof api.code === 'string' ? api.code : undefined;
  const message = api.message ?? String(error);
  const where = context.key === undefined ? `gs://${context.bucket}` : `gs://${context.bucket}/${context.key}`;
  const options = { context: { ...context, adapter: 'gcs' }, cause: error };

  if (api.name === 'AbortError') return new AbortedError({ message: `The ${context.operation} of ${where} was aborted`, ...options });
  if (status === 404) {
    return /bucket/i.test(message) && !/object/i.test(message)
      ? new NotFoundError({ message: `No bucket ${context.bucket} (${context.operation} ${where}: ${message})`, ...options })
      : new NotFoundError({ message: `No object ${where}`, ...options });
  }
  if (status === 401 || status === 403) {
    return new PermissionDeniedError({ message: `Access denied to ${context.operation} ${where} (${status}: ${message})`, ...options });
  }
  if (status === 416) return new RangeNotSatisfiableError({ message: `The range starts past the end of ${where}`, ...options });
  if (/default credentials|could not load the credentials|invalid_grant/i.test(message)) {
    return new ConfigInvalidError({
      message: `No Google Cloud credentials for ${where}: set GOOGLE_APPLICATION_CREDENTIALS or run \`gcloud auth application-default login\` (${message})`,
      ...options,
    });
  }
  if (status === 400 && /bucket name/i.test(message)) {
    return new ConfigInvalidError({ message: `GCS refused ${where}: ${message}`, ...options });
  }
  const transient =
    status === 408 || status === 429 || (status !== undefined && status >= 500) || (errno !== undefined && NETWORK.has(errno));
  return new StorageUnavailableError({
    message: `Could not ${context.operation} ${where}${transient ? ` ${attemptsText(attempts)}` : ''}: ${status ?? errno ?? api.name ?? 'Error'}: ${message}`,
    retryable: transient,
    ...options,
  });
}
