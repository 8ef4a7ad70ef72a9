// The groups an aggregate kernel counted, laid out column-wise: a few flat arrays instead of an
// object (with a key array and an examples array) per group. Error groups of a run with distinct
// messages number in the tens of thousands per row group; as objects their structured clone and
// garbage cost the main thread more than merging them (errors ×9 on 2M records: ~110 ms of GC a call).

import type { Utf8Texts } from '../model/utf8-texts.js';
import { asciiText, decodeUtf8 } from '../parquet/utf8-access.js';

/** Keys as UTF-8 bytes: key g is `lengths[g]` bytes (-1: null) from `starts[g]` of `bytes`. */
export interface KeyBytes {
  bytes: Uint8Array;
  starts: Int32Array;
  lengths: Int32Array;
  /** Each key's hash as the byte table computes it, where the sender had it (parquet/byte-table.ts). */
  hashes?: Int32Array;
}

/** The groups of one grouping. */
export interface GroupList {
  /** Key columns per group: group g's key is `keys[g * width]` to `keys[g * width + width - 1]`. */
  width: number;
  keys: Array<string | null>;
  /**
   * With `AggregateKernel.bytes`, where the path has them: a one-column grouping's keys as UTF-8
   * bytes instead of strings (`keys` stays empty). Key g is `lengths[g]` bytes from `starts[g]` of
   * `bytes` (a row group's dictionary, sent whole); a null key's length is -1. The calling thread
   * looks them up by their bytes (key-table.ts) and decodes each distinct key once.
   */
  keyBytes?: KeyBytes;
  /** Rows per group: an array the general path pushes to, or (the fast path) a typed array sent without a copy. */
  counts: ArrayLike<number>;
  /** Group g's examples are `examples[exampleEnds[g - 1] ?? 0]` up to `examples[exampleEnds[g]]`, excluded. */
  examples: Array<string | null>;
  /**
   * With `AggregateKernel.bytes`, where the path has them: the examples as UTF-8 bytes instead of
   * strings (`examples` stays empty), in the same places. The calling thread decodes those it keeps
   * (`ExampleTexts`).
   */
  exampleBytes?: Utf8Texts;
  /**
   * When the kernel asks (`examples.ranks`), each example's place in its row group's row order (its
   * row, or its rank among the rows kept): examples of several groups merged into one (errors by
   * template) are put back in row order.
   */
  exampleRanks?: number[];
  exampleEnds: ArrayLike<number>;
}

/** A list being built a group at a time (`addGroup`). */
export interface GroupListBuilder extends GroupList {
  counts: number[];
  exampleEnds: number[];
}

/**
 * The examples of a list, example `at` as a string, whichever way they came. An object of one class,
 * not a closure made for each list: V8 compiles its callers' loops for the call targets they have
 * seen, and each row group's closure was a new one.
 */
export class ExampleTexts {
  /** With `exampleBytes`, all of them as one string once one is asked for, when they are ASCII (identifiers, mostly). */
  private ascii: string | null | undefined;

  constructor(private readonly list: GroupList) {}

  text(at: number): string | null {
    const texts = this.list.exampleBytes;
    if (texts === undefined) return this.list.examples[at]!;
    const start = texts.starts[at]!;
    if (start < 0) return null;
    const end = texts.ends[at]!;
    if (this.ascii === undefined) this.ascii = asciiText(texts.bytes);
    return this.ascii !== null ? this.ascii.slice(start, end) : decodeUtf8(texts.bytes, start, end);
  }
}

export function emptyGroupList(width: number): GroupListBuilder {
  return { width, keys: [], counts: [], examples: [], exampleEnds: [] };
}

/** Appends a group; with `ranks`, its examples' places in row order (`GroupList.exampleRanks`). */
export function addGroup(
  list: GroupListBuilder,
  key: ReadonlyArray<string | null>,
  count: number,
  examples: ReadonlyArray<string | null> = [],
  ranks?: readonly number[],
): void {
  for (const value of key) list.keys.push(value);
  list.counts.push(count);
  for (const example of examples) list.examples.push(example);
  if (ranks !== undefined) for (let at = 0; at < examples.length; at++) (list.exampleRanks ??= []).push(ranks[at]!);
  list.exampleEnds.push(list.examples.length);
}

export function groupCount(list: GroupList): number {
  return list.counts.length;
}

/** The first key column of group `group` (the whole key of a one-column grouping). */
export function groupKey(list: GroupList, group: number): string | null {
  return list.keys[group * list.width]!;
}

/** The examples of group `group`. */
export function groupExamples(list: GroupList, group: number): Array<string | null> {
  return list.examples.slice(group === 0 ? 0 : list.exampleEnds[group - 1]!, list.exampleEnds[group]!);
}

/** The groups as objects: for tests and small lists, not for the hot path. */
export function groupEntries(list: GroupList): Array<{ key: Array<string | null>; count: number; examples: Array<string | null> }> {
  return Array.from(list.counts, (count, group) => ({
    key: list.keys.slice(group * list.width, group * list.width + list.width),
    count,
    examples: groupExamples(list, group),
  }));
}
