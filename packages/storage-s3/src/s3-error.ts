// Maps @aws-sdk/client-s3 errors (service exceptions, HTTP statuses, network failures) to
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

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $retryable?: unknown;
}

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket']);
const DENIED = new Set([
  'AccessDenied',
  'AllAccessDisabled',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'AccountProblem',
]);
const THROTTLED = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'RequestTimeout', 'RequestTimeTooSkewed', 'TimeoutError', 'ProgressTimeoutError', 'InternalError', 'ServiceUnavailable']);
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_SOCKET']);

/** Requests the SDK made for a call that failed (its retries included). */
export function sdkAttempts(error: unknown): number {
  return (error as SdkErrorShape | undefined)?.$metadata?.attempts ?? 1;
}

/** `attempts`: how many requests were made in all, when the caller counted them (else the SDK's count). */
export function toS3Error(
  error: unknown,
  context: SyncTrackErrorContext & { bucket: string; operation: string },
  attempts = sdkAttempts(error),
): SyncTrackError {
  if (SyncTrackError.isInstance(error)) return error;
  const sdk = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const name = sdk.name ?? '';
  const status = sdk.$metadata?.httpStatusCode;
  const where = context.key === undefined ? `s3://${context.bucket}` : `s3://${context.bucket}/${context.key}`;
  const detail = `${name || 'Error'}${status === undefined ? '' : ` ${status}`}: ${sdk.message ?? String(error)}`;
  const options = { context: { ...context, adapter: 's3' }, cause: error };

  if (name === 'AbortError') return new AbortedError({ message: `The ${context.operation} of ${where} was aborted`, ...options });
  if (name === 'NoSuchBucket') {
    return new NotFoundError({ message: `No bucket ${context.bucket} (${context.operation} ${where}; ${detail})`, ...options });
  }
  if (NOT_FOUND.has(name) || status === 404) return new NotFoundError({ message: `No object ${where}`, ...options });
  if (DENIED.has(name) || status === 403 || status === 401) {
    return new PermissionDeniedError({ message: `Access denied to ${context.operation} ${where} (${detail})`, ...options });
  }
  if (name === 'InvalidRange' || status === 416) {
    return new RangeNotSatisfiableError({ message: `The range starts past the end of ${where}`, ...options });
  }
  if (name === 'CredentialsProviderError') {
    return new ConfigInvalidError({
      message: `No AWS credentials for ${where}: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or run where a role is available (${detail})`,
      ...options,
    });
  }
  if (/region is missing/i.test(sdk.message ?? '')) {
    return new ConfigInvalidError({ message: `No AWS region for ${where}: set AWS_REGION or pass { region } (${detail})`, ...options });
  }
  if (name === 'InvalidBucketName' || name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed') {
    return new ConfigInvalidError({ message: `S3 refused ${where}: ${detail}`, ...options });
  }
  const code = sdk.code ?? (error as { cause?: { code?: string } })?.cause?.code ?? '';
  const transient =
    THROTTLED.has(name) ||
    NETWORK.has(code) ||
    NETWORK.has(name) ||
    status === 429 ||
    (status !== undefined && status >= 500) ||
    sdk.$retryable !== undefined;
  return new StorageUnavailableError({
    message: `Could not ${context.operation} ${where}${transient ? ` ${attemptsText(attempts)}` : ''}: ${detail}`,
    retryable: transient,
    ...options,
  });
}
