// Walks every page of a listing as one stream, so callers never handle cursors themselves.
import type { ListOptions, ObjectInfo, StorageAdapter } from './storage-adapter.js';

export interface ListEntry {
  /** Either an object or (with a delimiter) a common prefix. */
  object?: ObjectInfo;
  prefix?: string;
}

export async function* listAll(
  storage: StorageAdapter,
  prefix: string,
  options: Omit<ListOptions, 'cursor'> = {},
): AsyncGenerator<ListEntry> {
  let cursor: string | undefined;
  const seenPrefixes = new Set<string>();
  do {
    const page = await storage.list(prefix, { ...options, cursor });
    for (const commonPrefix of page.prefixes) {
      if (seenPrefixes.has(commonPrefix)) continue;
      seenPrefixes.add(commonPrefix);
      yield { prefix: commonPrefix };
    }
    for (const object of page.objects) yield { object };
    cursor = page.cursor;
  } while (cursor !== undefined);
}

/** The common prefixes one level below `prefix`, de-duplicated across pages. */
export async function listPrefixes(storage: StorageAdapter, prefix: string, signal?: AbortSignal): Promise<string[]> {
  const prefixes: string[] = [];
  for await (const entry of listAll(storage, prefix, { delimiter: '/', signal })) {
    if (entry.prefix !== undefined) prefixes.push(entry.prefix);
  }
  return prefixes;
}

/** The objects directly at `prefix` (not below a further `/`). */
export async function listObjects(storage: StorageAdapter, prefix: string, signal?: AbortSignal): Promise<ObjectInfo[]> {
  const objects: ObjectInfo[] = [];
  for await (const entry of listAll(storage, prefix, { delimiter: '/', signal })) {
    if (entry.object !== undefined) objects.push(entry.object);
  }
  return objects;
}
