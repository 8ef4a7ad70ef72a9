// Key hygiene shared by adapters: one place decides what a valid key and prefix look like.
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { throwIfAborted } from './throw-if-aborted.js';

/** Throws unless `key` is a relative `/`-separated key with no empty, `.` or `..` segments. */
export function assertValidKey(key: string, adapter: string, allowEmpty = false): void {
  if (key === '' && allowEmpty) return;
  const problem =
    typeof key !== 'string'
      ? 'is not a string'
      : key === ''
        ? 'is empty'
        : key.startsWith('/')
          ? 'starts with "/"'
          : key.includes('\0')
            ? 'contains a NUL byte'
            : key
                  .replace(/\/$/, '')
                  .split('/')
                  .some((segment) => segment === '' || segment === '.' || segment === '..')
              ? 'has an empty, "." or ".." segment'
              : undefined;
  if (problem !== undefined) {
    throw new InvalidArgumentError({
      message: `Invalid storage key ${JSON.stringify(key)}: it ${problem}`,
      context: { adapter, key, argument: 'key' },
    });
  }
}

/** Joins key parts with single slashes. */
export function joinKey(...parts: string[]): string {
  return parts
    .filter((part) => part !== '')
    .map((part, index) => (index === 0 ? part.replace(/\/+$/, '') : part.replace(/^\/+|\/+$/g, '')))
    .join('/');
}

/** Resolves a range against an object size, with the v1 semantics (cut at the end; start past it is an error). */
export function resolveRange(
  range: { offset: number; length: number } | { suffix: number } | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' {
  if (range === undefined) return { start: 0, end: size };
  if ('suffix' in range) return { start: Math.max(0, size - range.suffix), end: size };
  if (range.length === 0) return { start: range.offset, end: range.offset };
  if (range.offset >= size && size > 0) return 'unsatisfiable';
  return { start: Math.min(range.offset, size), end: Math.min(size, range.offset + range.length) };
}

/** Throws unless a range has non-negative integer bounds. */
export function assertValidRange(range: unknown, adapter: string, key: string): void {
  if (range === undefined) return;
  const valid = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
  const r = range as Record<string, unknown>;
  const ok = 'suffix' in r ? valid(r.suffix) : valid(r.offset) && valid(r.length);
  if (!ok) {
    throw new InvalidArgumentError({
      message: `Invalid byte range ${JSON.stringify(range)} for ${key}: offsets and lengths must be non-negative integers`,
      context: { adapter, key, argument: 'range' },
    });
  }
}

/** Checks a read's arguments as every adapter must: not aborted, a valid key, a valid range. */
export function checkReadArguments(
  adapter: string,
  key: string,
  options: { range?: unknown; signal?: AbortSignal },
): void {
  throwIfAborted(options.signal, adapter);
  assertValidKey(key, adapter);
  assertValidRange(options.range, adapter, key);
}

/**
 * A range that asks for no bytes: v1 answers it with no bytes once the object is known to exist
 * (HTTP ranges cannot express it, so adapters stat instead of reading).
 */
export function isEmptyRange(range: { offset: number; length: number } | { suffix: number } | undefined): boolean {
  return range !== undefined && ('suffix' in range ? range.suffix === 0 : range.length === 0);
}
