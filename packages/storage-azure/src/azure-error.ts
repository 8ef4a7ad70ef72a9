// Maps @azure/storage-blob errors (RestError with a status and an error code, aborts, network
// failures) to synctrack's typed errors; the SDK error is always the `cause`, never thrown itself.
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

interface RestErrorShape {
  name?: string;
  message?: string;
  statusCode?: number;
  code?: string;
  details?: { errorCode?: string };
}

const DENIED = new Set(['AuthenticationFailed', 'AuthorizationFailure', 'AuthorizationPermissionMismatch', 'InsufficientAccountPermissions', 'AccountIsDisabled']);
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'REQUEST_SEND_ERROR', 'ESOCKETTIMEDOUT']);

/** `attempts`: how many tries were made in all, said when a transient failure is given up on. */
export function toAzureError(error: unknown, context: SyncTrackErrorContext & { bucket: string; operation: string }, attempts = 1): SyncTrackError {
  if (SyncTrackError.isInstance(error)) return error;
  const rest = (typeof error === 'object' && error !== null ? error : {}) as RestErrorShape;
  const code = rest.details?.errorCode ?? rest.code;
  const status = rest.statusCode;
  const where = context.key === undefined ? `az://${context.bucket}` : `az://${context.bucket}/${context.key}`;
  const detail = `${code ?? rest.name ?? 'Error'}${status === undefined ? '' : ` ${status}`}: ${(rest.message ?? String(error)).split('\n')[0]}`;
  const options = { context: { ...context, adapter: 'azure' }, cause: error };

  if (rest.name === 'AbortError') return new AbortedError({ message: `The ${context.operation} of ${where} was aborted`, ...options });
  if (code === 'ContainerNotFound') {
    return new NotFoundError({ message: `No container ${context.bucket} (${context.operation} ${where}; ${detail})`, ...options });
  }
  if (code === 'BlobNotFound' || status === 404) return new NotFoundError({ message: `No object ${where}`, ...options });
  if ((code !== undefined && DENIED.has(code)) || status === 401 || status === 403) {
    return new PermissionDeniedError({ message: `Access denied to ${context.operation} ${where} (${detail})`, ...options });
  }
  if (code === 'InvalidRange' || status === 416) {
    return new RangeNotSatisfiableError({ message: `The range starts past the end of ${where}`, ...options });
  }
  if (code === 'InvalidResourceName' || code === 'AccountNameInvalid' || code === 'OutOfRangeInput') {
    return new ConfigInvalidError({ message: `Azure refused ${where}: ${detail}`, ...options });
  }
  const transient = status === 408 || status === 429 || (status !== undefined && status >= 500) || (code !== undefined && NETWORK.has(code));
  return new StorageUnavailableError({
    message: `Could not ${context.operation} ${where}${transient ? ` ${attemptsText(attempts)}` : ''}: ${detail}`,
    retryable: transient,
    ...options,
  });
}
