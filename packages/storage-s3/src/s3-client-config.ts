// Builds the S3Client configuration: the SDK's own credential and region chain, plus the
// endpoint variables of S3-compatible stores (a custom endpoint means path-style addressing).
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { DEFAULT_PROGRESS_TIMEOUT_MS } from '@synctrack/core/internal';

export interface S3ConnectionOptions {
  /** e.g. `eu-west-1`; otherwise AWS_REGION, AWS_DEFAULT_REGION, then the SDK's chain (~/.aws/config). */
  region?: string;
  /** An S3-compatible endpoint; otherwise AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL. */
  endpoint?: string;
  /** Defaults to true with a custom endpoint, false for AWS. */
  forcePathStyle?: boolean;
  /** Static credentials; otherwise the SDK's default chain (env, profile, SSO, IMDS, …). */
  credentials?: S3ClientConfig['credentials'];
  /** Attempts per request, first one included, with the SDK's exponential backoff (default 4). */
  maxAttempts?: number;
  /**
   * Milliseconds a request may go without a byte (to connect, for its answer, or inside its body)
   * before that attempt is aborted and retried (default 30 000).
   */
  readTimeoutMs?: number;
}

export function s3ClientConfig(options: S3ConnectionOptions, env: NodeJS.ProcessEnv = process.env): S3ClientConfig {
  const endpoint = options.endpoint ?? nonEmpty(env.AWS_ENDPOINT_URL_S3) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  const region = options.region ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  return {
    ...(endpoint === undefined ? {} : { endpoint }),
    forcePathStyle: options.forcePathStyle ?? endpoint !== undefined,
    // Unset, the SDK reads ~/.aws/config; an S3-compatible endpoint rarely cares, so us-east-1.
    ...(region === undefined ? (endpoint === undefined ? {} : { region: 'us-east-1' }) : { region }),
    followRegionRedirects: true,
    maxAttempts: options.maxAttempts ?? 4,
    // socketTimeout is the SDK's idle timeout on the socket: before the answer and inside the body.
    requestHandler: { connectionTimeout: readTimeout(options), socketTimeout: readTimeout(options) },
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    // Checksums only where S3 requires them: S3-compatible stores often reject the newer ones.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

export function readTimeout(options: Pick<S3ConnectionOptions, 'readTimeoutMs'>): number {
  return options.readTimeoutMs ?? DEFAULT_PROGRESS_TIMEOUT_MS;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

