// The S3 StorageAdapter (AWS S3 and S3-compatible stores) over @aws-sdk/client-s3.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
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
  adapterCalls,
  assertValidKey,
  checkReadArguments,
  isEmptyRange,
  normalizePrefix,
  rangeResponseHead,
  readResumable,
  throwIfAborted,
  type RangeResponse,
} from '@synctrack/core/internal';
import { readTimeout, s3ClientConfig, type S3ConnectionOptions } from './s3-client-config.js';
import { sdkAttempts, toS3Error } from './s3-error.js';

export interface S3StorageOptions extends S3ConnectionOptions {
  bucket: string;
  /** Key prefix the adapter is rooted at; keys and listings are relative to it. */
  prefix?: string;
  /** A client of your own (its configuration wins; the adapter never destroys it). */
  client?: S3Client;
  /** Environment to read AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL / AWS_REGION from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export class S3Storage implements StorageAdapter {
  readonly specificationVersion = 'v1' as const;
  readonly name = 's3';
  readonly location: string;
  readonly capabilities: StorageCapabilities = { write: true, delete: true, suffixRead: true };
  readonly bucket: string;
  readonly prefix: string;
  readonly client: S3Client;
  private readonly ownsClient: boolean;
  /** Resuming a broken body; the SDK retries failures before the answer itself (within `maxAttempts`). */
  private readonly reads: ReturnType<typeof adapterCalls>;

  constructor(options: S3StorageOptions) {
    if (typeof options?.bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.bucket)) {
      throw new InvalidArgumentError({
        message: `Invalid S3 bucket name ${JSON.stringify(options?.bucket)}`,
        context: { adapter: 's3', argument: 'bucket' },
      });
    }
    this.bucket = options.bucket;
    this.prefix = normalizePrefix(options.prefix);
    this.location = `s3://${this.bucket}/${this.prefix}`;
    this.ownsClient = options.client === undefined;
    this.client = options.client ?? new S3Client(s3ClientConfig(options, options.env));
    // The SDK's own defaults: 100 ms doubling, at most 20 s.
    this.reads = adapterCalls({
      retry: { maxAttempts: options.maxAttempts ?? 4, initialDelayMs: 100, maxDelayMs: 20_000, progressTimeoutMs: readTimeout(options) },
      adapter: this.name,
      bucket: this.bucket,
      where: (key) => `s3://${this.bucket}/${this.prefix}${key}`,
      toError: (error, key, operation, attempts) => toS3Error(error, { bucket: this.bucket, key, operation }, attempts),
    });
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(prefix, this.name, true);
    try {
      const response = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.prefix + prefix,
          Delimiter: options.delimiter,
          MaxKeys: options.pageSize === undefined ? undefined : Math.max(1, Math.min(1000, Math.floor(options.pageSize))),
          ContinuationToken: options.cursor,
        }),
        { abortSignal: options.signal },
      );
      const objects = (response.Contents ?? []).map(
        (object): ObjectInfo => ({
          key: object.Key!.slice(this.prefix.length),
          size: object.Size ?? 0,
          ...(object.LastModified === undefined ? {} : { lastModified: object.LastModified }),
          ...(object.ETag === undefined ? {} : { version: object.ETag }),
        }),
      );
      const prefixes = [...new Set((response.CommonPrefixes ?? []).map((common) => common.Prefix!.slice(this.prefix.length)))].sort();
      const cursor = response.IsTruncated ? response.NextContinuationToken : undefined;
      return { objects, prefixes, ...(cursor === undefined ? {} : { cursor }) };
    } catch (error) {
      throw this.error(error, prefix, 'list');
    }
  }

  async stat(key: string, options: { signal?: AbortSignal } = {}): Promise<ObjectInfo> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(key, this.name);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }), {
        abortSignal: options.signal,
      });
      return {
        key,
        size: head.ContentLength ?? 0,
        ...(head.LastModified === undefined ? {} : { lastModified: head.LastModified }),
        ...(head.ETag === undefined ? {} : { version: head.ETag }),
      };
    } catch (error) {
      throw this.error(error, key, 'stat');
    }
  }

  async read(key: string, options: ReadOptions = {}): Promise<Uint8Array> {
    checkReadArguments(this.name, key, options);
    const { range, signal } = options;
    // S3 cannot express an empty range: confirm the object exists, then read nothing.
    if (isEmptyRange(range)) {
      await this.stat(key, { signal });
      return new Uint8Array(0);
    }
    try {
      return await readResumable({
        ...this.reads.options('read', key, signal),
        attemptsOf: sdkAttempts,
        range,
        allocate: options.allocate,
        request: async (part, attempt): Promise<RangeResponse> => {
          // Our client times out a silent socket and retries before the answer; a client of the
          // user's may not, so the progress timeout keeps watching then.
          if (this.ownsClient) attempt.pause();
          const response = await this.client.send(
            new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key, Range: rangeHeader(part) }),
            { abortSignal: attempt.signal },
          );
          const head = rangeResponseHead(response.$metadata.httpStatusCode, response.ContentRange, response.ContentLength);
          return { ...head, body: (response.Body ?? emptyBody()) as RangeResponse['body'], attempts: response.$metadata.attempts ?? 1 };
        },
      });
    } catch (error) {
      const mapped = this.error(error, key, 'read');
      if (mapped.code !== 'RANGE_NOT_SATISFIABLE' || range === undefined) throw mapped;
      // S3 answers 416 for any range of an empty object, and some S3-compatible stores for a suffix
      // longer than the object: v1 reads nothing and the whole object there.
      const { size } = await this.stat(key, { signal });
      if (size === 0) return new Uint8Array(0);
      if ('suffix' in range && range.suffix >= size) return this.read(key, { signal });
      throw mapped;
    }
  }

  async write(key: string, data: Uint8Array, options: WriteOptions = {}): Promise<void> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(key, this.name);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.prefix + key,
          Body: data,
          // Always sent: without it the SDK streams a chunked upload, which real S3 refuses.
          ContentLength: data.byteLength,
          ContentType: options.contentType ?? 'application/octet-stream',
        }),
        { abortSignal: options.signal },
      );
    } catch (error) {
      throw this.error(error, key, 'write');
    }
  }

  async delete(key: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(key, this.name);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }), { abortSignal: options.signal });
    } catch (error) {
      const mapped = this.error(error, key, 'delete');
      if (mapped.code === 'NOT_FOUND' && (error as { name?: string }).name !== 'NoSuchBucket') return;
      throw mapped;
    }
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.client.destroy();
  }

  private error(error: unknown, key: string, operation: string) {
    return toS3Error(error, { bucket: this.bucket, key, operation });
  }
}

function rangeHeader(range: ByteRange | undefined): string | undefined {
  if (range === undefined) return undefined;
  if ('suffix' in range) return `bytes=-${range.suffix}`;
  return `bytes=${range.offset}-${range.offset + range.length - 1}`;
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {}

export function createS3Storage(options: S3StorageOptions): S3Storage {
  return new S3Storage(options);
}
