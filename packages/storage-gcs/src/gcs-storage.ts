// The Google Cloud Storage StorageAdapter over @google-cloud/storage.
import { IdempotencyStrategy, Storage, type File, type StorageOptions } from '@google-cloud/storage';
import {
  InvalidArgumentError,
  RangeNotSatisfiableError,
  assertValidKey,
  checkReadArguments,
  isEmptyRange,
  normalizePrefix,
  resolveRange,
  throwIfAborted,
  type ByteRange,
  type ListOptions,
  type ListPage,
  type ObjectInfo,
  type ReadOptions,
  type StorageAdapter,
  type StorageCapabilities,
  type WriteOptions,
} from '@synctrack/core';
import { toGcsError } from './gcs-error.js';
import { decodeListCursor, encodeListCursor } from './gcs-list-cursor.js';

export interface GcsStorageOptions {
  bucket: string;
  /** Key prefix the adapter is rooted at; keys and listings are relative to it. */
  prefix?: string;
  /** A client of your own; its retry settings then apply as you set them. */
  storage?: Storage;
  /** Otherwise GOOGLE_CLOUD_PROJECT or the credentials' project. */
  projectId?: string;
  /** e.g. an emulator at `http://127.0.0.1:9199`; otherwise STORAGE_EMULATOR_HOST, else Google's. */
  apiEndpoint?: string;
  /** Service-account key file; otherwise Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud, metadata server). */
  keyFilename?: string;
  credentials?: StorageOptions['credentials'];
  /** Overrides of the bounded exponential backoff (defaults: 3 retries, ×2, at most 8 s apart, 60 s in all). */
  retry?: {
    maxRetries?: number;
    retryDelayMultiplier?: number;
    /** Seconds, at least 1 (uploads wait at least 1 s between tries). */
    maxRetryDelay?: number;
    /** Seconds. */
    totalTimeout?: number;
  };
  /** Environment to read STORAGE_EMULATOR_HOST from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

interface ResponseHead {
  statusCode?: number;
  headers?: Record<string, string | string[] | undefined>;
}

export class GcsStorage implements StorageAdapter {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'gcs';
  readonly location: string;
  readonly capabilities: StorageCapabilities = { write: true, delete: true, suffixRead: true };
  readonly bucket: string;
  readonly prefix: string;
  readonly storage: Storage;

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
    this.storage = options.storage ?? new Storage(gcsClientOptions(options));
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(prefix, this.name, true);
    const previous = decodeListCursor(options.cursor);
    try {
      const [files, nextQuery, response] = await abortable(
        this.storage.bucket(this.bucket).getFiles({
          prefix: this.prefix + prefix,
          delimiter: options.delimiter,
          maxResults: options.pageSize === undefined ? undefined : Math.max(1, Math.floor(options.pageSize)),
          pageToken: previous?.pageToken,
          autoPaginate: false,
        }),
        options.signal,
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
    } catch (error) {
      throw this.error(error, prefix, 'list');
    }
  }

  async stat(key: string, options: { signal?: AbortSignal } = {}): Promise<ObjectInfo> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(key, this.name);
    try {
      const [metadata] = await abortable(this.file(key).getMetadata(), options.signal);
      return this.info(key, metadata);
    } catch (error) {
      throw this.error(error, key, 'stat');
    }
  }

  async read(key: string, options: ReadOptions = {}): Promise<Uint8Array> {
    checkReadArguments(this.name, key, options);
    const { range, signal } = options;
    if (isEmptyRange(range)) {
      await this.stat(key, { signal });
      return new Uint8Array(0);
    }
    try {
      const { bytes, head } = await this.download(key, range, signal);
      // A 200 to a ranged request is the whole object: the server ignored the range (the emulator
      // always does for an unsatisfiable one, real GCS for gzip-transcoded objects). Apply it here.
      if (range !== undefined && head.statusCode === 200) {
        const span = resolveRange(range, bytes.length);
        if (span === 'unsatisfiable') {
          throw new RangeNotSatisfiableError({
            message: `The range starts past the end of gs://${this.bucket}/${this.prefix}${key} (${bytes.length} bytes)`,
            context: { adapter: this.name, bucket: this.bucket, key, operation: 'read' },
          });
        }
        return bytes.subarray(span.start, span.end);
      }
      return bytes;
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
    try {
      await abortable(
        this.file(key).save(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
          resumable: false,
          contentType: options.contentType ?? 'application/octet-stream',
          metadata: { contentType: options.contentType ?? 'application/octet-stream' },
        }),
        options.signal,
      );
    } catch (error) {
      throw this.error(error, key, 'write');
    }
  }

  async delete(key: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(key, this.name);
    try {
      await abortable(this.file(key).delete({ ignoreNotFound: true }), options.signal);
    } catch (error) {
      throw this.error(error, key, 'delete');
    }
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

  /** Streams the object (or a range of it) into memory; aborting destroys the stream and its socket. */
  private download(key: string, range: ByteRange | undefined, signal: AbortSignal | undefined) {
    return new Promise<{ bytes: Uint8Array; head: ResponseHead }>((resolve, reject) => {
      const stream = this.file(key).createReadStream(
        range === undefined
          ? {}
          : 'suffix' in range
            ? { end: -range.suffix, validation: false }
            : { start: range.offset, end: range.offset + range.length - 1, validation: false },
      );
      let head: ResponseHead = {};
      const chunks: Buffer[] = [];
      const onAbort = () => stream.destroy(Object.assign(new Error('The read was aborted'), { name: 'AbortError' }));
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      stream.on('response', (response: ResponseHead) => (head = response));
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => {
        done();
        reject(error);
      });
      stream.on('end', () => {
        done();
        const bytes = Buffer.concat(chunks);
        resolve({ bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), head });
      });
    });
  }

  private error(error: unknown, key: string, operation: string) {
    return toGcsError(error, { bucket: this.bucket, key, operation });
  }
}

/** The client options: emulator host, credentials and bounded retries of every idempotent call. */
export function gcsClientOptions(options: Omit<GcsStorageOptions, 'bucket' | 'storage'>): StorageOptions {
  const env = options.env ?? process.env;
  const emulator = env.STORAGE_EMULATOR_HOST;
  const apiEndpoint =
    options.apiEndpoint ?? (emulator === undefined || emulator === '' ? undefined : /^https?:\/\//.test(emulator) ? emulator : `http://${emulator}`);
  const projectId = options.projectId ?? env.GOOGLE_CLOUD_PROJECT ?? env.GCLOUD_PROJECT ?? (apiEndpoint === undefined ? undefined : 'synctrack');
  return {
    ...(apiEndpoint === undefined ? {} : { apiEndpoint: apiEndpoint.replace(/\/+$/, '') }),
    ...(projectId === undefined ? {} : { projectId }),
    ...(options.keyFilename === undefined ? {} : { keyFilename: options.keyFilename }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    retryOptions: {
      autoRetry: true,
      maxRetries: 3,
      retryDelayMultiplier: 2,
      maxRetryDelay: 8,
      totalTimeout: 60,
      ...options.retry,
      // Writes replace a whole object with the same bytes, so retrying them is safe.
      idempotencyStrategy: IdempotencyStrategy.RetryAlways,
    },
  };
}

/**
 * @google-cloud/storage takes no AbortSignal for metadata, list, upload and delete calls: the
 * caller gets ABORTED at once, and the request finishes (or fails) unobserved. Reads do cancel.
 */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError', cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export function createGcsStorage(options: GcsStorageOptions): GcsStorage {
  return new GcsStorage(options);
}
