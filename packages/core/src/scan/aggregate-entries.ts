// An aggregate over the few rows its predicate kept (`errors`: the rejected records) that groups by
// one dictionary-encoded text column. Each kept row's dictionary entry is picked from the pages
// (page-picks.ts) and counted, without a string per row: a group's key is decoded once. The example
// column is read only for the rows that become examples (the first `perGroup` of each group, in row
// order, as `aggregateCells` keeps them): with 36 distinct messages, 180 identifiers of a row
// group's 8,000 rejected records, all near the start of its pages, so the PLAIN identifier pages are
// decompressed only that far (text-rows.ts). The answer is `aggregateCells`'s, its groups in the
// order first seen (with `bytes`, its keys and examples as their UTF-8 bytes).
import type { ChunkLayout } from '../parquet/chunk-layout.js';
import { foldDictionary } from '../parquet/byte-table.js';
import { UnsupportedChunkError, type PageBody, type TextValues } from '../parquet/page-decoder.js';
import { pickDictionaryText } from '../parquet/page-picks.js';
import { decodeUtf8 } from '../parquet/utf8-access.js';
import type { CellValue } from '../records/decoded-rows.js';
import type { AggregateKernel, AggregateResult } from './decode-protocol.js';
import type { GroupList, KeyBytes } from './group-list.js';
import { heldSlotsOf, isHeld } from './held-keys.js';
import type { Utf8Texts } from '../model/utf8-texts.js';

/** What this path reads of a task's chunks (the JavaScript decoder's `TaskChunks`). */
export interface KeptRowChunks {
  readonly task: { readonly numRows: number };
  layoutOf(column: string): ChunkLayout | null;
  pagesOf(column: string): PageBody[] | null;
  /** The cells of `rows` (ascending) of `column`; null when the chunk needs parquet-wasm. */
  readRows(column: string, rows: readonly number[]): CellValue[] | null;
  /** The texts of `rows` as UTF-8 bytes, valid until the task ends; null when they need decoding whole. */
  pickRowBytes(column: string, rows: readonly number[]): Utf8Texts | null;
}

/**
 * The aggregate of `kept` (ascending rows, the predicate already applied) counted by dictionary
 * entries; null when the kernel is not one grouping of one column without time columns, the column
 * is not dictionary text this decoder picks, or the example column needs parquet-wasm: the caller
 * then reads the cells of every kept row (`aggregateCells`).
 */
export function aggregateByEntries(chunks: KeptRowChunks, kernel: AggregateKernel, kept: readonly number[]): AggregateResult | null {
  if (kernel.groupings.length !== 1 || kernel.groupings[0]!.length !== 1 || (kernel.timeColumns ?? []).length > 0) return null;
  const column = kernel.groupings[0]![0]!;
  const example = kernel.examples?.grouping === 0 ? kernel.examples : undefined;
  if (kernel.examples !== undefined && example === undefined) return null;
  const layout = chunks.layoutOf(column);
  const pages = layout?.kind === 'text' ? chunks.pagesOf(column) : null;
  if (layout === null || pages === null) return null;
  let picked: ReturnType<typeof pickDictionaryText>;
  try {
    picked = pickDictionaryText(layout, pages, chunks.task.numRows, kept);
  } catch (error) {
    if (error instanceof UnsupportedChunkError) return null;
    throw new Error(`column ${column}: ${(error as Error).message}`, { cause: error });
  }
  if (picked === null) return null;
  const { dictionary, entries } = picked;
  // Slot 0 is null; slot e + 1 the first entry holding entry e's bytes (a dictionary may repeat one).
  const { canonical, hashes } = foldDictionary(dictionary, kernel.bytes === true);
  const perGroup = example?.perGroup ?? 0;
  // Keys the calling thread holds every example of (held-keys.ts) get none: where no key needs
  // any, the example column is not read.
  const held = example?.held !== undefined && hashes !== null ? heldSlotsOf(example.held) : null;
  const counted = countEntries(entries, canonical, kept, perGroup, held === null ? null : heldSlots(canonical, hashes!, held));
  const { counts, order, exampleRows } = counted;
  // With `bytes`, the examples go as their UTF-8 bytes where the pages give them so: the calling
  // thread decodes the few it keeps (of 160k identifiers sent on 10k messages, 50k).
  let exampleValues: CellValue[] = [];
  let exampleBytes: Utf8Texts | null = null;
  if (example !== undefined && exampleRows.length > 0) {
    exampleBytes = kernel.bytes === true ? chunks.pickRowBytes(example.column, exampleRows) : null;
    const values = exampleBytes === null ? chunks.readRows(example.column, exampleRows) : [];
    if (values === null) return null;
    exampleValues = values;
  }
  const examplesRead = exampleBytes !== null || exampleValues.length > 0;
  // Groups in the order first seen. With `bytes` the keys go as their bytes (and hashes): the
  // calling thread looks them up by those (key-table.ts). Counts and example ends as typed arrays:
  // moved to the calling thread, not copied element by element.
  const list: GroupList = { width: 1, keys: [], counts: new Int32Array(order.length), examples: [], exampleEnds: new Int32Array(order.length) };
  if (kernel.bytes === true) list.keyBytes = keyBytesOf(dictionary, order, hashes!);
  else list.keys = keyTexts(dictionary, order);
  const byPlace = placeExamples(counted, examplesRead ? perGroup : 0, list.counts as Int32Array, list.exampleEnds as Int32Array);
  if (exampleBytes !== null) list.exampleBytes = placedTexts(exampleBytes, byPlace);
  else list.examples = Array.from(byPlace, (index) => exampleValues[index] as string | null);
  if (example?.ranks === true) list.exampleRanks = Array.from(byPlace, (index) => exampleRows[index]!);
  return { kind: 'aggregate', rowCount: chunks.task.numRows, matched: kept.length, groups: [list], timeSpans: {} };
}

/** Each kept row's group counted, groups in the order first seen, and the rows that are examples. */
interface EntryCounts {
  /** Rows of each dictionary slot (0 null, e + 1 entry e). */
  counts: Int32Array;
  /** Slots in the order first seen. */
  order: number[];
  /** The rows that are examples (the first `perGroup` of each group), ascending, and their slots. */
  exampleRows: number[];
  exampleSlots: number[];
  /** Slots whose key is held (no examples), when the kernel passed `held`. */
  held: Uint8Array | null;
}

// The loops below are functions of their own, each small: V8 compiles a loop that runs long while
// its function is still running (on-stack replacement) together with the whole function, and a
// function holding all of them was compiled six times in a fresh process's worker (~120 ms of its
// compiler threads' time, on two cores shared with the scan), each time stopping at a call the
// loops before had not reached yet.

function countEntries(entries: Int32Array, canonical: Int32Array, kept: readonly number[], perGroup: number, held: Uint8Array | null): EntryCounts {
  const counts = new Int32Array(canonical.length);
  const order: number[] = [];
  const exampleRows: number[] = [];
  const exampleSlots: number[] = [];
  for (let index = 0; index < kept.length; index++) {
    const entry = entries[index]!;
    const slot = entry < 0 ? 0 : canonical[entry + 1]!;
    const count = ++counts[slot]!;
    if (count === 1) order.push(slot);
    if (count <= perGroup && (held === null || held[slot] === 0)) {
      exampleRows.push(kept[index]!);
      exampleSlots.push(slot);
    }
  }
  return { counts, order, exampleRows, exampleSlots, held };
}

/** 1 for each dictionary slot (0 null, e + 1 entry e) whose key's hash is held; the null key never is. */
function heldSlots(canonical: Int32Array, entryHashes: Int32Array, held: Int32Array): Uint8Array {
  const slots = new Uint8Array(canonical.length);
  for (let entry = 0; entry < entryHashes.length; entry++) {
    if (canonical[entry + 1] === entry + 1 && isHeld(held, entryHashes[entry]!)) slots[entry + 1] = 1;
  }
  return slots;
}

/** The keys of dictionary slots `order` (0 null, e + 1 entry e), decoded. */
function keyTexts(dictionary: TextValues, order: readonly number[]): Array<string | null> {
  const keys: Array<string | null> = [];
  for (const slot of order) {
    const start = slot === 0 ? 0 : dictionary.starts[slot - 1]!;
    keys.push(slot === 0 ? null : decodeUtf8(dictionary.bytes, start, start + dictionary.lengths[slot - 1]!));
  }
  return keys;
}

/**
 * Fills each group's count and example end (`perGroup` examples at most; 0: none read), and returns
 * the examples' order in the list: `byPlace[p]` is the index in `exampleRows` of the p-th example
 * listed (a group's examples together, groups in the order first seen).
 */
function placeExamples(counted: EntryCounts, perGroup: number, listCounts: Int32Array, exampleEnds: Int32Array): Int32Array {
  const { counts, order, exampleSlots, held } = counted;
  const place = new Int32Array(counts.length);
  let placed = 0;
  for (let group = 0; group < order.length; group++) {
    const slot = order[group]!;
    place[slot] = placed;
    if (held === null || held[slot] === 0) placed += Math.min(counts[slot]!, perGroup);
    listCounts[group] = counts[slot]!;
    exampleEnds[group] = placed;
  }
  const byPlace = new Int32Array(placed);
  if (placed > 0) for (let index = 0; index < exampleSlots.length; index++) byPlace[place[exampleSlots[index]!]!++] = index;
  return byPlace;
}

/**
 * Texts `byPlace[0]`, `byPlace[1]`, … of `texts`, in a buffer of their own (`texts` lies in the
 * task's memory). Picked from PLAIN pages they lie in row order and are copied at once; from a
 * dictionary (whole) they are copied one by one when they hold less than half of it.
 */
function placedTexts(texts: Utf8Texts, byPlace: Int32Array): Utf8Texts {
  const starts = new Int32Array(byPlace.length);
  const ends = new Int32Array(byPlace.length);
  let span = 0;
  let size = 0;
  for (let at = 0; at < byPlace.length; at++) {
    const index = byPlace[at]!;
    starts[at] = texts.starts[index]!;
    ends[at] = texts.ends[index]!;
    if (starts[at]! < 0) continue;
    span = Math.max(span, ends[at]!);
    size += ends[at]! - starts[at]!;
  }
  if (size * 2 >= span) return { bytes: texts.bytes.slice(0, span), starts, ends };
  const bytes = new Uint8Array(size);
  let used = 0;
  for (let at = 0; at < byPlace.length; at++) {
    const start = starts[at]!;
    if (start < 0) continue;
    const end = ends[at]!;
    bytes.set(texts.bytes.subarray(start, end), used);
    starts[at] = used;
    used += end - start;
    ends[at] = used;
  }
  return { bytes, starts, ends };
}

/**
 * The keys of dictionary slots `order` (0 null, e + 1 entry e) as `GroupList.keyBytes`: the
 * dictionary's bytes copied whole (one copy, not one a key), where each key lies in them, and each
 * one's hash from folding the dictionary (`entryHashes`): the calling thread need not hash them.
 */
function keyBytesOf(dictionary: TextValues, order: readonly number[], entryHashes: Int32Array): KeyBytes {
  const starts = new Int32Array(order.length);
  const lengths = new Int32Array(order.length);
  const hashes = new Int32Array(order.length);
  let from = Number.POSITIVE_INFINITY;
  let to = 0;
  for (let group = 0; group < order.length; group++) {
    const slot = order[group]!;
    if (slot === 0) {
      lengths[group] = -1;
      continue;
    }
    const start = dictionary.starts[slot - 1]!;
    const length = dictionary.lengths[slot - 1]!;
    starts[group] = start;
    lengths[group] = length;
    hashes[group] = entryHashes[slot - 1]!;
    if (start < from) from = start;
    if (start + length > to) to = start + length;
  }
  if (from === Number.POSITIVE_INFINITY) return { bytes: new Uint8Array(0), starts, lengths, hashes };
  for (let group = 0; group < order.length; group++) starts[group]! -= from;
  return { bytes: dictionary.bytes.slice(from, to), starts, lengths, hashes };
}
