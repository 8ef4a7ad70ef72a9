// Assertions the scenarios share: typed errors that name the adapter and key, and byte helpers.
import { SyncTrackError, type StorageAdapter, type SyncTrackErrorCode } from '@synctrack/core';
import { expect } from 'vitest';

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** Byte equality without vitest's element-by-element diff, which takes seconds on megabytes. */
export function expectBytes(actual: Uint8Array, expected: Uint8Array, label = 'bytes'): void {
  expect(actual, label).toBeInstanceOf(Uint8Array);
  expect(actual.length, `${label}: length`).toBe(expected.length);
  const first = actual.findIndex((value, index) => value !== expected[index]);
  expect(first, `${label}: first differing byte`).toBe(-1);
}

/** Awaits `promise`, expects a `SyncTrackError` with `code` naming the adapter (and `key`, when given), and returns it. */
export async function expectStorageError(
  promise: Promise<unknown>,
  code: SyncTrackErrorCode,
  storage: StorageAdapter,
  key?: string,
): Promise<SyncTrackError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${code}, but the call succeeded`).toBeDefined();
  if (!SyncTrackError.isInstance(caught)) {
    throw new Error(`expected a SyncTrackError ${code}, got a raw ${String((caught as Error)?.name)}: ${String((caught as Error)?.message)}`, {
      cause: caught,
    });
  }
  expect(caught.code, caught.message).toBe(code);
  expect(caught.context.adapter).toBe(storage.name);
  if (key !== undefined) {
    expect(caught.context.key).toBe(key);
  }
  return caught;
}

/** Writes every entry, a few at a time (real servers are slower one by one). */
export async function writeAll(
  storage: StorageAdapter,
  entries: Iterable<[key: string, data: Uint8Array]>,
  concurrency = 16,
): Promise<void> {
  const queue = [...entries];
  const worker = async () => {
    for (let entry = queue.shift(); entry !== undefined; entry = queue.shift()) await storage.write!(entry[0], entry[1]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
}

/** Every page of a listing, checking each page is well formed. */
export async function listPages(
  storage: StorageAdapter,
  prefix: string,
  options: { delimiter?: '/'; pageSize?: number } = {},
): Promise<{ keys: string[]; prefixes: string[]; pages: number }> {
  const keys: string[] = [];
  const prefixes: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await storage.list(prefix, { ...options, cursor });
    pages++;
    expect(pages, 'listing never ended').toBeLessThan(10_000);
    keys.push(...page.objects.map((object) => object.key));
    prefixes.push(...page.prefixes);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return { keys, prefixes, pages };
}

/** Sorted by UTF-16 code units, as `Array.prototype.sort` does; the cloud APIs sort by UTF-8 bytes, which agrees for these keys. */
export const sorted = (values: string[]): string[] => [...values].sort();
