// Sorted, cursor-paginated listing of a directory tree with object-store semantics: keys sort as
// whole strings (a directory `a` sorts as `a/`), empty directories are not prefixes, temp files of
// in-flight writes are invisible, and symlinked directories are not followed (no cycles, no escape).
import type { BigIntStats, Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type ListOptions, type ListPage, type ObjectInfo } from '@synctrack/core';
import { throwIfAborted } from '@synctrack/core/internal';
import { errnoOf } from './fs-error.js';
import { TEMP_FILE_PREFIX, isInside, keyToPath } from './fs-key-path.js';
import { toObjectInfo } from './fs-object-info.js';

/** Files stat'ed at once while listing. */
const STAT_BATCH = 32;

interface ListedEntry {
  sortKey: string;
  object?: ObjectInfo;
  prefix?: string;
}

interface ChildEntry {
  name: string;
  sortName: string;
  kind: 'file' | 'directory';
}

async function readChildren(dirPath: string, realRoot: string): Promise<ChildEntry[]> {
  let dirents: Dirent[];
  try {
    dirents = await readdir(dirPath, { withFileTypes: true });
  } catch (error) {
    const errno = errnoOf(error);
    if (errno === 'ENOENT' || errno === 'ENOTDIR') return [];
    throw error;
  }
  const children: ChildEntry[] = [];
  for (const dirent of dirents) {
    if (dirent.name.startsWith(TEMP_FILE_PREFIX)) continue;
    if (dirent.isDirectory()) {
      children.push({ name: dirent.name, sortName: `${dirent.name}/`, kind: 'directory' });
    } else if (dirent.isFile()) {
      children.push({ name: dirent.name, sortName: dirent.name, kind: 'file' });
    } else if (dirent.isSymbolicLink() && (await isFileInside(join(dirPath, dirent.name), realRoot))) {
      children.push({ name: dirent.name, sortName: dirent.name, kind: 'file' });
    }
  }
  return children.sort((a, b) => (a.sortName < b.sortName ? -1 : a.sortName > b.sortName ? 1 : 0));
}

/** A symlink is listed only when it points at a regular file below the root. */
async function isFileInside(path: string, realRoot: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile() && isInside(realRoot, await realpath(path));
  } catch {
    return false;
  }
}

/**
 * Whether any object lives below a directory: only those make a common prefix. A directory this
 * process may not read counts as one: what it holds is for a read below it to find out (a typed
 * PERMISSION_DENIED naming that key), so one locked run folder does not fail a whole sync's listing.
 */
async function holdsAnObject(dirPath: string, realRoot: string): Promise<boolean> {
  let children: ChildEntry[];
  try {
    children = await readChildren(dirPath, realRoot);
  } catch (error) {
    const errno = errnoOf(error);
    if (errno === 'EACCES' || errno === 'EPERM') return true;
    throw error;
  }
  for (const child of children) {
    if (child.kind === 'file' || (await holdsAnObject(join(dirPath, child.name), realRoot))) return true;
  }
  return false;
}

export async function listDirectoryTree(root: string, prefix: string, options: ListOptions): Promise<ListPage> {
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? 1000));
  const { cursor, delimiter, signal } = options;
  const dirKey = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  const stem = prefix.slice(dirKey.length);
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return { objects: [], prefixes: [] };
    throw error;
  }
  const collected: ListedEntry[] = [];
  const full = () => collected.length > pageSize;

  const walk = async (dirPath: string, keyOfDir: string, top: boolean): Promise<void> => {
    const children = await readChildren(dirPath, realRoot);
    // Files are stat'ed STAT_BATCH at a time, ahead of the loop: one after another, each stat is a
    // round trip through libuv's thread pool (an indexed find lists its run's 100 files per call:
    // ~5 ms of its ~10, and most of its spread).
    const stats = new Map<number, Promise<BigIntStats | null>>();
    const statAhead = (from: number) => {
      for (let index = from, started = 0; index < children.length && started < STAT_BATCH; index++) {
        const child = children[index]!;
        if (child.kind !== 'file' || stats.has(index)) continue;
        const pending = stat(join(dirPath, child.name), { bigint: true }).then(
          (value) => value,
          (error: unknown) => {
            // Deleted or replaced while listing: the listing shows the tree as it is now.
            if (errnoOf(error) === 'ENOENT') return null;
            throw error;
          },
        );
        pending.catch(() => undefined); // awaited in order below
        stats.set(index, pending);
        started++;
      }
    };
    for (const [index, child] of children.entries()) {
      throwIfAborted(signal, 'fs');
      if (top && !child.name.startsWith(stem)) continue;
      const key = keyOfDir + child.sortName;
      const childPath = join(dirPath, child.name);
      if (child.kind === 'directory') {
        if (delimiter !== undefined && top) {
          if (cursor !== undefined && key <= cursor) continue;
          if (await holdsAnObject(childPath, realRoot)) collected.push({ sortKey: key, prefix: key });
        } else {
          // Every key below `key` sorts before the cursor unless the cursor points inside it.
          if (cursor !== undefined && key < cursor && !cursor.startsWith(key)) continue;
          await walk(childPath, key, false);
        }
      } else {
        if (cursor !== undefined && key <= cursor) continue;
        if (!stats.has(index)) statAhead(index);
        const info = await stats.get(index)!;
        stats.delete(index);
        if (info !== null) collected.push({ sortKey: key, object: toObjectInfo(key, info) });
      }
      if (full()) return;
    }
  };

  await walk(keyToPath(root, dirKey, true), dirKey, true);
  const page = collected.slice(0, pageSize);
  return {
    objects: page.flatMap((entry) => (entry.object === undefined ? [] : [entry.object])),
    prefixes: page.flatMap((entry) => (entry.prefix === undefined ? [] : [entry.prefix])),
    ...(collected.length > pageSize ? { cursor: page.at(-1)!.sortKey } : {}),
  };
}
