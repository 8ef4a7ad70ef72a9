// An in-memory StorageAdapter for unit tests and examples. It passes the same conformance suite as
// the real backends, which keeps the suite honest; it is never the only proof of a feature.
import { NotFoundError } from '../errors/not-found-error.js';
import { RangeNotSatisfiableError } from '../errors/range-not-satisfiable-error.js';
import type {
  ListOptions,
  ListPage,
  ObjectInfo,
  ReadOptions,
  StorageAdapter,
  StorageCapabilities,
} from './storage-adapter.js';
import { assertValidKey, checkReadArguments, resolveRange } from './storage-keys.js';
import { throwIfAborted } from './throw-if-aborted.js';

interface StoredObject {
  data: Uint8Array;
  lastModified: Date;
  version: number;
}

export interface MemoryStorageOptions {
  /** Name shown in `location` and errors. Defaults to `memory://default`. */
  location?: string;
}

export class MemoryStorage implements StorageAdapter {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'memory';
  readonly location: string;
  readonly capabilities: StorageCapabilities = { write: true, delete: true, suffixRead: true };
  private readonly objects = new Map<string, StoredObject>();
  private nextVersion = 1;

  constructor(options: MemoryStorageOptions = {}) {
    this.location = options.location ?? 'memory://default';
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(prefix, this.name, true);
    const pageSize = Math.max(1, options.pageSize ?? 1000);
    const matching = [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
    // One sorted stream of entries (objects, or folded prefixes) paged by the last entry returned.
    const entries: Array<{ sortKey: string; object?: ObjectInfo; prefix?: string }> = [];
    const seen = new Set<string>();
    for (const key of matching) {
      const rest = key.slice(prefix.length);
      const slash = options.delimiter === undefined ? -1 : rest.indexOf(options.delimiter);
      if (slash >= 0) {
        const common = prefix + rest.slice(0, slash + 1);
        if (!seen.has(common)) {
          seen.add(common);
          entries.push({ sortKey: common, prefix: common });
        }
      } else {
        entries.push({ sortKey: key, object: this.info(key) });
      }
    }
    const start = options.cursor === undefined ? 0 : entries.findIndex((entry) => entry.sortKey > options.cursor!);
    const page = start < 0 ? [] : entries.slice(start, start + pageSize);
    const last = page.at(-1);
    const more = start >= 0 && start + pageSize < entries.length;
    return {
      objects: page.flatMap((entry) => (entry.object ? [entry.object] : [])),
      prefixes: page.flatMap((entry) => (entry.prefix ? [entry.prefix] : [])),
      ...(more && last ? { cursor: last.sortKey } : {}),
    };
  }

  async stat(key: string, options: { signal?: AbortSignal } = {}): Promise<ObjectInfo> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(key, this.name);
    return this.info(key);
  }

  async read(key: string, options: ReadOptions = {}): Promise<Uint8Array> {
    checkReadArguments(this.name, key, options);
    const data = this.get(key).data;
    const resolved = resolveRange(options.range, data.length);
    if (resolved === 'unsatisfiable') {
      throw new RangeNotSatisfiableError({
        message: `Range ${JSON.stringify(options.range)} starts past the end of ${key} (${data.length} bytes)`,
        context: { adapter: this.name, key, operation: 'read' },
      });
    }
    return data.slice(resolved.start, resolved.end);
  }

  async write(key: string, data: Uint8Array, options: { signal?: AbortSignal } = {}): Promise<void> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(key, this.name);
    // A plain Uint8Array copy: a Buffer's slice() is a view, so reads would hand out (and a decode
    // worker could detach) the memory of the stored object, or of the caller's Buffer.
    this.objects.set(key, { data: new Uint8Array(data), lastModified: new Date(), version: this.nextVersion++ });
  }

  async delete(key: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    throwIfAborted(options.signal, this.name);
    assertValidKey(key, this.name);
    this.objects.delete(key);
  }

  private get(key: string): StoredObject {
    const object = this.objects.get(key);
    if (object === undefined) {
      throw new NotFoundError({
        message: `No object ${key} in ${this.location}`,
        context: { adapter: this.name, key, bucket: this.location },
      });
    }
    return object;
  }

  private info(key: string): ObjectInfo {
    const object = this.get(key);
    return { key, size: object.data.length, lastModified: object.lastModified, version: String(object.version) };
  }
}
