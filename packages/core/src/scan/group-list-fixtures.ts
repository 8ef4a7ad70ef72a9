// Group lists as the tests' decode workers would send them.
import { emptyGroupList, type GroupList } from './group-list.js';

const encoder = new TextEncoder();

/**
 * A one-column grouping's keys as UTF-8 bytes (`GroupList.keyBytes`: given, or the string's), a
 * null key's length -1, each with its count (1 unless given).
 */
export function keyBytesList(entries: Array<string | null | Uint8Array | [string | null | Uint8Array, number]>): GroupList {
  const list = emptyGroupList(1);
  const pairs = entries.map((entry) => (Array.isArray(entry) ? entry : ([entry, 1] as const)));
  const parts = pairs.map(([key]) => (key === null ? null : typeof key === 'string' ? encoder.encode(key) : key));
  const bytes = new Uint8Array(parts.reduce((size, part) => size + (part?.length ?? 0), 0));
  const starts = new Int32Array(parts.length);
  const lengths = new Int32Array(parts.length);
  let at = 0;
  parts.forEach((part, group) => {
    if (part !== null) bytes.set(part, at);
    starts[group] = at;
    lengths[group] = part === null ? -1 : part.length;
    at += part?.length ?? 0;
    list.counts.push(pairs[group]![1]);
    list.exampleEnds.push(0);
  });
  list.keyBytes = { bytes, starts, lengths };
  return list;
}
