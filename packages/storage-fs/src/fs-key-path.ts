// Turns keys into paths under the root and refuses any that would land outside it,
// including through a symlink: a key can only ever reach files below the root.
import { readlinkSync, realpathSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { InvalidArgumentError, PermissionDeniedError } from '@synctrack/core';
import { assertValidKey } from '@synctrack/core/internal';
import { errnoOf } from './fs-error.js';

/** Temp files of in-flight writes are named so listings can pass over them. */
export const TEMP_FILE_PREFIX = '.synctrack-tmp-';

export function keyToPath(root: string, key: string, allowEmpty = false): string {
  assertValidKey(key, 'fs', allowEmpty);
  // A backslash separates paths on Windows, so it would let a key reach a different directory.
  if (sep === '\\' && key.includes('\\')) {
    throw new InvalidArgumentError({
      message: `Invalid storage key ${JSON.stringify(key)}: it contains "\\"`,
      context: { adapter: 'fs', key, argument: 'key' },
    });
  }
  return key === '' ? root : join(root, ...key.replace(/\/$/, '').split('/'));
}

export function isInside(realRoot: string, realPath: string): boolean {
  return realPath === realRoot || realPath.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
}

/**
 * Throws PERMISSION_DENIED when the nearest existing ancestor of `path` (itself included) resolves
 * outside the root. Paths not yet created cannot escape, so only what exists is resolved. Resolved
 * with realpath(3) synchronously: a few microseconds on a local disk, where a round trip through
 * libuv's thread pool per path costs more than the call.
 */
export function assertResolvesInside(root: string, path: string, key: string, operation: string): void {
  let realRoot: string;
  try {
    realRoot = realpathSync.native(root);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return;
    throw error;
  }
  for (let current = path; isInside(root, current); current = dirname(current)) {
    let real: string;
    try {
      real = realpathSync.native(current);
    } catch (error) {
      const errno = errnoOf(error);
      if (errno === 'ENOENT' || errno === 'ENOTDIR') continue;
      throw error;
    }
    if (isInside(realRoot, real)) return;
    throw new PermissionDeniedError({
      message: `The key ${key} resolves to ${real}, outside the storage root ${realRoot} (through a symlink)`,
      context: { adapter: 'fs', bucket: root, key, operation },
    });
  }
}

/** Whether an open file's real path can be read back from /proc/self/fd (Linux). */
export const OPEN_FILE_PATHS = process.platform === 'linux';

/**
 * The root's real path, remembered: looked up again when a path seems to be outside it (the root
 * may have been moved or re-pointed since).
 */
export class RealRoot {
  private known: string | undefined;

  constructor(private readonly root: string) {}

  /**
   * Throws PERMISSION_DENIED when the file open as `fd` is outside the root. Its real path comes
   * from /proc/self/fd (`OPEN_FILE_PATHS`): one readlink of what was actually opened, where
   * realpath(3) of a path lstats each of its components (a summary of 10M records in-process reads
   * 100 small chunks: ~6 ms of its ~45 went to two realpaths a read).
   */
  assertOpenedInside(fd: number, key: string, operation: string): void {
    const real = readlinkSync(`/proc/self/fd/${fd}`);
    if (this.known !== undefined && isInside(this.known, real)) return;
    this.known = realpathSync.native(this.root);
    if (isInside(this.known, real)) return;
    throw new PermissionDeniedError({
      message: `The key ${key} resolves to ${real}, outside the storage root ${this.known} (through a symlink)`,
      context: { adapter: 'fs', bucket: this.root, key, operation },
    });
  }
}
