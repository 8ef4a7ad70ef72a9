// The storage adapter specification (v1): the small surface every backend implements.
// Keys are `/`-separated, relative to the adapter's root, with no leading slash.

/** A byte range: `offset` + `length`, or the last `suffix` bytes of the object. */
export type ByteRange = { offset: number; length: number } | { suffix: number };

export interface ObjectInfo {
  key: string;
  size: number;
  lastModified?: Date;
  /** An opaque version tag (ETag, generation, mtime+size) that changes when the object changes. */
  version?: string;
}

export interface ListOptions {
  /** With `'/'`, keys below the next `/` after the prefix are folded into `prefixes`. */
  delimiter?: '/';
  /** The cursor from a previous page. */
  cursor?: string;
  /** Page size hint; an adapter may return fewer. */
  pageSize?: number;
  signal?: AbortSignal;
}

export interface ListPage {
  /** Objects directly matching the prefix (all of them below it without a delimiter), sorted by key. */
  objects: ObjectInfo[];
  /** With a delimiter: the common prefixes, each ending in `/`, sorted and unique. */
  prefixes: string[];
  /** Present when there is another page. */
  cursor?: string;
}

export interface ReadOptions {
  range?: ByteRange;
  signal?: AbortSignal;
  /**
   * Where to put the bytes: called with their count, returns memory of that length, which the
   * adapter fills and returns. A reader passes it to reuse memory from one read to the next.
   * Optional for adapters: one that receives bytes in buffers of its own may ignore it.
   */
  allocate?: (length: number) => Uint8Array;
}

export interface WriteOptions {
  contentType?: string;
  signal?: AbortSignal;
}

export interface StorageCapabilities {
  /** `write` is implemented. */
  write: boolean;
  /** `delete` is implemented. */
  delete: boolean;
  /** `{ suffix }` ranges are served in one request (otherwise the adapter stats first). */
  suffixRead: boolean;
}

/**
 * Version 1 of the storage adapter specification.
 *
 * Range semantics, asserted by the conformance suite: a range running past the end is cut at the
 * end; a range starting at or past the end of a non-empty object throws `RANGE_NOT_SATISFIABLE`; a
 * suffix longer than the object returns the whole object. A missing key throws `NOT_FOUND`.
 * Every error is a `SyncTrackError` naming the adapter and key.
 */
export interface StorageAdapter {
  readonly specificationVersion: 'v1';
  /** Short adapter name used in errors, e.g. `fs`, `s3`, `memory`. */
  readonly name: string;
  /** The root as a user would write it, e.g. `s3://bucket/prefix` or `/data/bucket`. */
  readonly location: string;
  readonly capabilities: StorageCapabilities;

  list(prefix: string, options?: ListOptions): Promise<ListPage>;
  stat(key: string, options?: { signal?: AbortSignal }): Promise<ObjectInfo>;
  read(key: string, options?: ReadOptions): Promise<Uint8Array>;
  write?(key: string, data: Uint8Array, options?: WriteOptions): Promise<void>;
  delete?(key: string, options?: { signal?: AbortSignal }): Promise<void>;
  /** Releases clients and sockets. */
  close?(): Promise<void>;
}
