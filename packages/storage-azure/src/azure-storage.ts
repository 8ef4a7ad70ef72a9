// The Azure Blob Storage StorageAdapter over @azure/storage-blob.
import type { BlobItem, ContainerClient } from '@azure/storage-blob';
import {
  InvalidArgumentError,
  RangeNotSatisfiableError,
  assertValidKey,
  checkReadArguments,
  normalizePrefix,
  throwIfAborted,
  type ListOptions,
  type ListPage,
  type ObjectInfo,
  type ReadOptions,
  type StorageAdapter,
  type StorageCapabilities,
  type WriteOptions,
} from '@synctrack/core';
import { createContainerClient, type AzureConnectionOptions } from './azure-client.js';
import { toAzureError } from './azure-error.js';

export interface AzureStorageOptions extends AzureConnectionOptions {
  container: string;
  /** Key prefix the adapter is rooted at; keys and listings are relative to it. */
  prefix?: string;
  /** A client of your own (its pipeline and retry settings then apply). */
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
    try {
      const client = await this.client();
      const listOptions = { prefix: this.prefix + prefix, abortSignal: options.signal };
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
    } catch (error) {
      throw this.error(error, prefix, 'list');
    }
  }

  async stat(key: string, options: { signal?: AbortSignal } = {}): Promise<ObjectInfo> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(key, this.name);
    try {
      const properties = await (await this.client()).getBlobClient(this.prefix + key).getProperties({ abortSignal: options.signal });
      return this.info(key, properties);
    } catch (error) {
      throw this.error(error, key, 'stat');
    }
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
      const response = await blob.download(offset, count, { abortSignal: signal, maxRetryRequests: 3 });
      // Real Azure answers 416 for a range starting at or past the end; azurite answers 206 with
      // `bytes 16-15/16` when it starts exactly at the end. Judge by the total size it reports.
      const total = Number(/\/(\d+)$/.exec(response.contentRange ?? '')?.[1] ?? Number.NaN);
      if (range !== undefined && total > 0 && offset >= total) {
        response.readableStreamBody?.resume();
        throw new RangeNotSatisfiableError({
          message: `The range starts past the end of az://${this.container}/${this.prefix}${key} (${total} bytes)`,
          context: { adapter: this.name, bucket: this.container, key, operation: 'read' },
        });
      }
      return await readStream(response.readableStreamBody, signal);
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
    try {
      await (await this.client())
        .getBlockBlobClient(this.prefix + key)
        .upload(data, data.byteLength, {
          abortSignal: options.signal,
          blobHTTPHeaders: { blobContentType: options.contentType ?? 'application/octet-stream' },
        });
    } catch (error) {
      throw this.error(error, key, 'write');
    }
  }

  async delete(key: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(key, this.name);
    try {
      await (await this.client()).getBlobClient(this.prefix + key).deleteIfExists({ abortSignal: options.signal });
    } catch (error) {
      throw this.error(error, key, 'delete');
    }
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

  private error(error: unknown, key: string, operation: string) {
    return toAzureError(error, { bucket: this.container, key, operation });
  }
}

/** Reads a download body into memory; aborting destroys the stream and its socket. */
async function readStream(stream: NodeJS.ReadableStream | undefined, signal: AbortSignal | undefined): Promise<Uint8Array> {
  if (stream === undefined) return new Uint8Array(0);
  const readable = stream as NodeJS.ReadableStream & { destroy?: (error?: Error) => void };
  const onAbort = () => readable.destroy?.(Object.assign(new Error('The read was aborted'), { name: 'AbortError' }));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of readable) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    const bytes = Buffer.concat(chunks);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

export function createAzureStorage(options: AzureStorageOptions): AzureStorage {
  return new AzureStorage(options);
}
