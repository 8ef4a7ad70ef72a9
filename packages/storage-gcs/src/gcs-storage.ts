// The Google Cloud Storage StorageAdapter over @google-cloud/storage.
import { Storage, type File, type StorageOptions } from '@google-cloud/storage';
import {
  ConfigInvalidError,
  InvalidArgumentError,
  type ByteRange,
  type ListOptions,
  type ListPage,
  type ObjectInfo,
  type ReadOptions,
  type StorageAdapter,
  type StorageCapabilities,
  type WriteOptions,
} from '@synctrack/core';
import {
  assertValidKey,
  checkReadArguments,
  isEmptyRange,
  normalizePrefix,
  rangeResponseHead,
  readResumable,
  adapterCalls,
  throwIfAborted,
  type RangeResponse,
  type StorageAttempt,
} from '@synctrack/core/internal';
import { abortable } from './gcs-abortable.js';
import { destroySdkAgents } from './gcs-agents.js';
import { gcsClientOptions, gcsRetrySettings } from './gcs-client-options.js';
import { gcsCredentialsFindable } from './gcs-credentials.js';
import { toGcsError } from './gcs-error.js';
import { decodeListCursor, encodeListCursor } from './gcs-list-cursor.js';

export interface GcsStorageOptions {
  bucket: string;
  /** Key prefix the adapter is rooted at; keys and listings are relative to it. */
  prefix?: string;
  /** A client of your own; its retry settings then apply inside each of the adapter's attempts. */
  storage?: Storage;
  /** Otherwise GOOGLE_CLOUD_PROJECT or the credentials' project. */
  projectId?: string;
  /** e.g. an emulator at `http://127.0.0.1:9199`; otherwise STORAGE_EMULATOR_HOST, else Google's. */
  apiEndpoint?: string;
  /** Service-account key file; otherwise Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud, metadata server). */
  keyFilename?: string;
  credentials?: StorageOptions['credentials'];
  /** Overrides of the bounded exponential backoff (defaults: 3 retries, 1 s ×2, at most 8 s apart, 60 s in all). */
  retry?: {
    maxRetries?: number;
    retryDelayMultiplier?: number;
    /** Seconds. */
    maxRetryDelay?: number;
    /** Seconds: no retry starts after this long. */
    totalTimeout?: number;
  };
  /**
   * Milliseconds a request may go without a byte (for its answer, or inside a body) before that
   * attempt is aborted and retried (default 30 000).
   */
  readTimeoutMs?: number;
  /** Environment to read STORAGE_EMULATOR_HOST from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** The SDK's response: node-fetch's body stream, with the status and headers assigned onto it. */
interface ResponseHead {
  statusCode?: number;
  headers?: Record<string, string | string[] | undefined>;
  setMaxListeners?: (count: number) => unknown;
}

/**
 * node-fetch, teeny-request and the SDK each pipe the one body stream of a read: a large body still
 * open when they do gets 11 'error' listeners, a fixed count that Node reports as a possible leak.
 */
const BODY_LISTENERS = 16;

export class GcsStorage implements StorageAdapter {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'gcs';
  readonly location: string;
  readonly capabilities: StorageCapabilities = { write: true, delete: true, suffixRead: true };
  readonly bucket: string;
  readonly prefix: string;
  readonly storage: Storage;
  private readonly ownsStorage: boolean;
  /** Every call runs under the adapter's retries and progress timeout (the clients it builds do not retry). */
  private readonly calls: ReturnType<typeof adapterCalls>;
  /** No credentials to be found without the network (gcs-credentials.ts): every call fails at once. */
  private readonly credentialsMissing: boolean;

  constructor(options: GcsStorageOptions) {
    if (typeof options?.bucket !== 'string' || !/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/.test(options.bucket)) {
      throw new InvalidArgumentError({
        message: `Invalid GCS bucket name ${JSON.stringify(options?.bucket)}`,
        context: { adapter: 'gcs', argument: 'bucket' },
      });
    }
    this.bucket = options.bucket;
    this.prefix = normalizePrefix(options.prefix);
    this.location = `gs://${this.bucket}/${this.prefix}`;
    this.ownsStorage = options.storage === undefined;
    const clientOptions = gcsClientOptions(options);
    this.storage = options.storage ?? new Storage(clientOptions);
    this.credentialsMissing =
      this.ownsStorage &&
      clientOptions.apiEndpoint === undefined &&
      clientOptions.keyFilename === undefined &&
      clientOptions.credentials === undefined &&
      !gcsCredentialsFindable({ ...process.env, ...options.env });
    this.calls = adapterCalls({
      retry: gcsRetrySettings(options),
      adapter: this.name,
      bucket: this.bucket,
      where: (key) => `gs://${this.bucket}/${this.prefix}${key}`,
      toError: (error, key, operation, attempts) => this.error(error, key, operation, attempts),
    });
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(prefix, this.name, true);
    this.requireCredentials('list', prefix);
    const previous = decodeListCursor(options.cursor);
    return this.calls.call('list', prefix, options.signal, async ({ signal }) => {
      const [files, nextQuery, response] = await abortable(
        this.storage.bucket(this.bucket).getFiles({
          prefix: this.prefix + prefix,
          delimiter: options.delimiter,
          maxResults: options.pageSize === undefined ? undefined : Math.max(1, Math.floor(options.pageSize)),
          pageToken: previous?.pageToken,
          autoPaginate: false,
        }),
        signal,
      );
      const objects = files.map((file) => this.info(file.name.slice(this.prefix.length), file.metadata));
      const pagePrefixes = ((response as { prefixes?: string[] } | undefined)?.prefixes ?? []).map((common) =>
        common.slice(this.prefix.length),
      );
      const prefixes = [...new Set(pagePrefixes)]
        .filter((common) => previous?.lastPrefix === undefined || common > previous.lastPrefix)
        .sort();
      const pageToken = (nextQuery as { pageToken?: string } | null | undefined)?.pageToken;
      const lastPrefix = prefixes.at(-1) ?? previous?.lastPrefix;
      return {
        objects,
        prefixes,
        ...(pageToken ? { cursor: encodeListCursor({ pageToken, ...(lastPrefix === undefined ? {} : { lastPrefix }) }) } : {}),
      };
    });
  }

  async stat(key: string, options: { signal?: AbortSignal } = {}): Promise<ObjectInfo> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(key, this.name);
    this.requireCredentials('stat', key);
    return this.calls.call('stat', key, options.signal, async ({ signal }) => {
      const [metadata] = await abortable(this.file(key).getMetadata(), signal);
      return this.info(key, metadata);
    });
  }

  async read(key: string, options: ReadOptions = {}): Promise<Uint8Array> {
    checkReadArguments(this.name, key, options);
    this.requireCredentials('read', key);
    const { range, signal } = options;
    if (isEmptyRange(range)) {
      await this.stat(key, { signal });
      return new Uint8Array(0);
    }
    try {
      // A 200 to a ranged request is the whole object: the server ignored the range (the emulator
      // always does for an unsatisfiable one, real GCS for gzip-transcoded objects); readResumable
      // keeps only the bytes asked for, and an unsatisfiable range is RANGE_NOT_SATISFIABLE.
      return await readResumable({
        ...this.calls.options('read', key, signal),
        range,
        allocate: options.allocate,
        request: (part, attempt) => this.download(key, part, attempt),
      });
    } catch (error) {
      const mapped = this.error(error, key, 'read');
      if (mapped.code !== 'RANGE_NOT_SATISFIABLE' || range === undefined) throw mapped;
      // GCS answers 416 for a range of an empty object; v1 reads nothing there.
      if ((await this.stat(key, { signal })).size === 0) return new Uint8Array(0);
      throw mapped;
    }
  }

  async write(key: string, data: Uint8Array, options: WriteOptions = {}): Promise<void> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(key, this.name);
    this.requireCredentials('write', key);
    await this.calls.call('write', key, options.signal, async ({ signal }) => {
      await abortable(
        this.file(key).save(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
          resumable: false,
          contentType: options.contentType ?? 'application/octet-stream',
          metadata: { contentType: options.contentType ?? 'application/octet-stream' },
        }),
        signal,
      );
    });
  }

  async delete(key: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(key, this.name);
    this.requireCredentials('delete', key);
    await this.calls.call('delete', key, options.signal, async ({ signal }) => {
      await abortable(this.file(key).delete({ ignoreNotFound: true }), signal);
    });
  }

  /**
   * Ends what is left of the SDK's connections, requests that never got an answer included, so they
   * do not keep the process alive. The SDK's agents are shared by every GCS client in the process:
   * another client's request in flight fails once and is retried.
   */
  async close(): Promise<void> {
    if (this.ownsStorage) destroySdkAgents();
  }

  private requireCredentials(operation: string, key: string): void {
    if (!this.credentialsMissing) return;
    throw new ConfigInvalidError({
      message: `No Google Cloud credentials for gs://${this.bucket}/${this.prefix}${key}: set GOOGLE_APPLICATION_CREDENTIALS or run \`gcloud auth application-default login\``,
      context: { adapter: this.name, bucket: this.bucket, key, operation },
    });
  }

  private file(key: string): File {
    return this.storage.bucket(this.bucket).file(this.prefix + key);
  }

  private info(key: string, metadata: File['metadata']): ObjectInfo {
    const version = metadata.generation ?? metadata.etag;
    return {
      key,
      size: Number(metadata.size ?? 0),
      ...(metadata.updated === undefined ? {} : { lastModified: new Date(metadata.updated) }),
      ...(version === undefined ? {} : { version: String(version) }),
    };
  }

  /**
   * One GET of the object (or a range of it), resolved with the body once the answer is in. The SDK
   * gives no way to cancel a request before its answer: a stalled one is left to the server to close.
   */
  private download(key: string, range: ByteRange | undefined, attempt: StorageAttempt): Promise<RangeResponse> {
    return new Promise<RangeResponse>((resolve, reject) => {
      const stream = this.file(key).createReadStream(
        range === undefined
          ? {}
          : 'suffix' in range
            ? { end: -range.suffix, validation: false }
            : { start: range.offset, end: range.offset + range.length - 1, validation: false },
      );
      const onAbort = () => stream.destroy(attempt.signal.reason as Error);
      attempt.signal.addEventListener('abort', onAbort, { once: true });
      stream.on('error', (error) => {
        attempt.signal.removeEventListener('abort', onAbort);
        reject(error);
      });
      stream.on('response', (response: ResponseHead) => {
        // Before the SDK and teeny-request pipe the body (they listen after this stream's 'response').
        response.setMaxListeners?.(BODY_LISTENERS);
        // An error status ends in the stream's 'error', with the message read from the body.
        if ((response.statusCode ?? 0) >= 300) return;
        attempt.signal.removeEventListener('abort', onAbort);
        const header = (name: string) => [response.headers?.[name]].flat()[0];
        // Sizes of a gzip-transcoded answer are those of the compressed bytes, not of what we get.
        const transcoded = /gzip/i.test(header('content-encoding') ?? '');
        const head = rangeResponseHead(response.statusCode, transcoded ? undefined : header('content-range'), transcoded ? undefined : header('content-length'));
        resolve({
          ...head,
          // Destroying a read stream makes the SDK destroy its HTTP agent, and with it every socket
          // of the client's other requests: a body whose rest is not wanted is read to its end instead.
          body: Object.assign(stream.iterator({ destroyOnReturn: false }), { destroy: (error?: Error) => stream.destroy(error) }),
          release: () => stream.resume(),
        });
      });
      // The request starts when the stream is first read.
      stream.read(0);
    });
  }

  private error(error: unknown, key: string, operation: string, attempts?: number) {
    return toGcsError(error, { bucket: this.bucket, key, operation }, attempts);
  }
}

export function createGcsStorage(options: GcsStorageOptions): GcsStorage {
  return new GcsStorage(options);
}
