// One ObjectInfo shape for stat and list: version = mtime (nanoseconds) + size, as Node reports them.
import type { BigIntStats } from 'node:fs';
import type { ObjectInfo } from '@synctrack/core';

export function toObjectInfo(key: string, stats: BigIntStats): ObjectInfo {
  return {
    key,
    size: Number(stats.size),
    lastModified: new Date(Number(stats.mtimeMs)),
    version: `${stats.mtimeNs.toString(36)}-${stats.size.toString(36)}`,
  };
}
