// The Azure Blob Storage StorageAdapter over @azure/storage-blob.
import type { BlobItem, ContainerClient } from '@azure/storage-blob';
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
  assertValidKey,
  checkReadArguments,
  normalizePrefix,
  rangeResponseHead,
  readResumable,
  adapterCalls,
  throwIfAborted,
  type RangeResponse,
} from '@synctrack/core/internal';
import { azureRetrySettings, createContainerClient, type AzureConnectionOptions } from './azure-client.js';
import { toAzureError } from './azure-error.js';

export interface AzureStorageOptions extends AzureConnectionOptions {
  container: string;
  /** Key prefix the adapter is rooted at; keys and listings are relative to it. */
  prefix?: string;
  /** A client of your own (its pipeline and retry settings then apply inside each of the adapter's tries). */
  client?: ContainerClient;
}

export class AzureStorage implements StorageAdapter {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'azure';
  readonly location: string;
  /** Azure has no suffix range: a suffix read stats the blob first. */
  readonly capabilities: StorageCapabilities = { write: true, delete: true, suffixRead: false };
  readonly container: string;
  readonly prefix: string;
  private readonly options: AzureStorageOptions;
  /** Every call runs under the adapter's retries and progress timeout (the clients it builds do not retry). */
  private readonly calls: ReturnType<typeof adapterCalls>;
  private clientPromise: Promise<ContainerClient> | undefined;

  constructor(options: AzureStorageOptions) {
    if (typeof options?.container !== 'string' || !/^(?:\$root|[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9])$/.test(options.container)) {
      throw new InvalidArgumentError({
        message: `Invalid Azure container name ${JSON.stringify(options?.container)}`,
        context: { adapter: 'azure', argument: 'container' },
      });
    }
    this.container = options.container;
    this.prefix = normalizePrefix(options.prefix);
    this.location = `az://${this.container}/${this.prefix}`;
    this.options = options;
    this.calls = adapterCalls({
      retry: azureRetrySettings(options),
      adapter: this.name,
      bucket: this.container,
      where: (key) => `az://${this.container}/${this.prefix}${key}`,
      toError: (error, key, operation, attempts) => this.error(error, key, operation, attempts),
    });
    if (options.client !== undefined) this.clientPromise = Promise.resolve(options.client);
  }

  /** The container client, created on first use (a Microsoft Entra ID login loads @azure/identity). */
  client(): Promise<ContainerClient> {
    this.clientPromise ??= createContainerClient(this.container, this.options);
    this.clientPromise.catch(() => (this.clientPromise = undefined));
    return this.clientPromise;
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(prefix, this.name, true);
    return this.calls.call('list', prefix, options.signal, async ({ signal }) => {
      const client = await this.client();
      const listOptions = { prefix: this.prefix + prefix, abortSignal: signal };
      const pageSettings = {
        ...(options.cursor === undefined ? {} : { continuationToken: options.cursor }),
        ...(options.pageSize === undefined ? {} : { maxPageSize: Math.max(1, Math.min(5000, Math.floor(options.pageSize))) }),
      };
      const pages =
        options.delimiter === undefined
          ? client.listBlobsFlat(listOptions).byPage(pageSettings)
          : client.listBlobsByHierarchy(options.delimiter, listOptions).byPage(pageSettings);
      const { value: page } = await pages.next();
      const segment = (page?.segment ?? { blobItems: [] }) as { blobItems: BlobItem[]; blobPrefixes?: Array<{ name: string }> };
      const objects = segment.blobItems.map((item) => this.info(item.name.slice(this.prefix.length), item.properties));
      const prefixes = [...new Set((segment.blobPrefixes ?? []).map((common) => common.name.slice(this.prefix.length)))].sort();
      const cursor = page?.continuationToken;
      return { objects, prefixes, ...(cursor ? { cursor } : {}) };
    });
  }

  async stat(key: string, options: { signal?: AbortSignal } = {}): Promise<ObjectInfo> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(key, this.name);
    return this.calls.call('stat', key, options.signal, async ({ signal }) => {
      const properties = await (await this.client()).getBlobClient(this.prefix + key).getProperties({ abortSignal: signal });
      return this.info(key, properties);
    });
  }

  async read(key: string, options: ReadOptions = {}): Promise<Uint8Array> {
    checkReadArguments(this.name, key, options);
    const { range, signal } = options;
    let offset = 0;
    let count: number | undefined;
    if (range !== undefined && 'suffix' in range) {
      // No suffix range in the Blob API: the size first, then an offset read.
      const { size } = await this.stat(key, { signal });
      if (range.suffix === 0 || size === 0) return new Uint8Array(0);
      offset = Math.max(0, size - range.suffix);
    } else if (range !== undefined) {
      if (range.length === 0) {
        await this.stat(key, { signal });
        return new Uint8Array(0);
      }
      offset = range.offset;
      count = range.length;
    }
    try {
      const blob = (await this.client()).getBlobClient(this.prefix + key);
      // From `offset` to the end when no count: a length no object reaches stands for it.
      const wanted: ByteRange | undefined =
        count !== undefined ? { offset, length: count } : offset === 0 ? undefined : { offset, length: Number.MAX_SAFE_INTEGER - offset };
      return await readResumable({
        ...this.calls.options('read', key, signal),
        range: wanted,
        allocate: options.allocate,
        request: async (part, attempt) => {
          const from = part === undefined || 'suffix' in part ? 0 : part.offset;
          const length = part === undefined || 'suffix' in part || from + part.length >= Number.MAX_SAFE_INTEGER ? undefined : part.length;
          // maxRetryRequests 0: the SDK would resume a broken body too, but without a progress timeout.
          const response = await blob.download(from, length, { abortSignal: attempt.signal, maxRetryRequests: 0 });
          const head = rangeResponseHead(response._response.status, response.contentRange, response.contentLength);
          return { ...head, body: plainShortBody(response.readableStreamBody) };
        },
      });
    } catch (error) {
      const mapped = this.error(error, key, 'read');
      if (mapped.code !== 'RANGE_NOT_SATISFIABLE') throw mapped;
      // Azure answers 416 for a range of an empty blob; v1 reads nothing there.
      if ((await this.stat(key, { signal })).size === 0) return new Uint8Array(0);
      throw mapped;
    }
  }

  async write(key: string, data: Uint8Array, options: WriteOptions = {}): Promise<void> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(key, this.name);
    await this.calls.call('write', key, options.signal, async ({ signal }) => {
      await (await this.client())
        .getBlockBlobClient(this.prefix + key)
        .upload(data, data.byteLength, {
          abortSignal: signal,
          blobHTTPHeaders: { blobContentType: options.contentType ?? 'application/octet-stream' },
        });
    });
  }

  async delete(key: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(key, this.name);
    await this.calls.call('delete', key, options.signal, async ({ signal }) => {
      await (await this.client()).getBlobClient(this.prefix + key).deleteIfExists({ abortSignal: signal });
    });
  }

  private info(key: string, properties: { contentLength?: number; lastModified?: Date; etag?: string }): ObjectInfo {
    return {
      key,
      size: properties.contentLength ?? 0,
      ...(properties.lastModified === undefined ? {} : { lastModified: properties.lastModified }),
      // getProperties quotes the ETag and listings do not: one form, so the two compare equal.
      ...(properties.etag === undefined ? {} : { version: properties.etag.replace(/^"|"$/g, '') }),
    };
  }

  private error(error: unknown, key: string, operation: string, attempts?: number) {
    return toAzureError(error, { bucket: this.container, key, operation }, attempts);
  }
}

/**
 * The download body, with the SDK's wording for a body that ended early ("Data corruption failure:
 * received less data than required") replaced: it is a broken transfer, retried, not corrupt data.
 */
function plainShortBody(stream: NodeJS.ReadableStream | undefined): RangeResponse['body'] {
  const readable = stream as (NodeJS.ReadableStream & { destroy: (error?: Error) => void }) | undefined;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    if (readable === undefined) return;
    try {
      for await (const chunk of readable) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    } catch (error) {
      if (/received less data than required/i.test((error as Error)?.message ?? '')) {
        throw new Error('the body ended before the bytes it declared', { cause: error });
      }
      throw error;
    }
  }
  return Object.assign(chunks(), { destroy: (error?: Error) => readable?.destroy(error) });
}

export function createAzureStorage(options: AzureStorageOptions): AzureStorage {
  return new AzureStorage(options);
}
