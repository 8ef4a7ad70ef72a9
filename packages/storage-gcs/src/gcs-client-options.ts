// Builds the Storage client's options (emulator host, credentials; no retries of its own) and the
// retry settings every call of the adapter runs under.
import { IdempotencyStrategy, type StorageOptions } from '@google-cloud/storage';
import { type RetrySettings } from '@synctrack/core';
import { DEFAULT_PROGRESS_TIMEOUT_MS } from '@synctrack/core/internal';
import type { GcsStorageOptions } from './gcs-storage.js';

/**
 * The client options: emulator host and credentials. The client does not retry: its `timeout` does
 * nothing on Node (teeny-request hands it to node-fetch 3, which dropped the option), so every call
 * goes through the adapter's retries with a progress timeout (`gcsRetrySettings`).
 */
export function gcsClientOptions(options: Omit<GcsStorageOptions, 'bucket' | 'storage'>): StorageOptions {
  const env = options.env ?? process.env;
  const emulator = env.STORAGE_EMULATOR_HOST;
  const apiEndpoint =
    options.apiEndpoint ?? (emulator === undefined || emulator === '' ? undefined : /^https?:\/\//.test(emulator) ? emulator : `http://${emulator}`);
  const keyFilename = options.keyFilename ?? (options.env?.GOOGLE_APPLICATION_CREDENTIALS || undefined);
  const projectId = options.projectId ?? env.GOOGLE_CLOUD_PROJECT ?? env.GCLOUD_PROJECT ?? (apiEndpoint === undefined ? undefined : 'synctrack');
  return {
    ...(apiEndpoint === undefined ? {} : { apiEndpoint: apiEndpoint.replace(/\/+$/, '') }),
    ...(projectId === undefined ? {} : { projectId }),
    // The SDK reads GOOGLE_APPLICATION_CREDENTIALS from process.env only: an environment passed in says it too.
    ...(keyFilename === undefined ? {} : { keyFilename }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    retryOptions: { autoRetry: false, maxRetries: 0, idempotencyStrategy: IdempotencyStrategy.RetryNever },
  };
}

/** The bounded exponential backoff and progress timeout every call of the adapter runs under. */
export function gcsRetrySettings(options: Pick<GcsStorageOptions, 'retry' | 'readTimeoutMs'>): RetrySettings {
  const retry = options.retry ?? {};
  const maxDelayMs = (retry.maxRetryDelay ?? 8) * 1000;
  return {
    maxAttempts: (retry.maxRetries ?? 3) + 1,
    initialDelayMs: Math.min(1000, maxDelayMs),
    maxDelayMs,
    multiplier: retry.retryDelayMultiplier ?? 2,
    totalTimeoutMs: (retry.totalTimeout ?? 60) * 1000,
    progressTimeoutMs: options.readTimeoutMs ?? DEFAULT_PROGRESS_TIMEOUT_MS,
  };
}
