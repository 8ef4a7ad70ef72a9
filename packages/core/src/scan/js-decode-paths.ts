// The fast paths the JavaScript decoder takes over a task's chunks before (or instead of) decoding
// them: identifier rows found on their PLAIN pages (most row groups ruled out by a byte search), rows
// found from a dictionary, a summary counted from dictionary indices, an aggregate over a few kept rows.
// Each answers null (or false) when it cannot tell, or when its switch is off (parquet/fast-paths.ts):
// the caller then decodes and tests, which gives the same answer.
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import { fastPathOn } from '../parquet/fast-paths.js';
import { identifierRows } from '../parquet/identifier-rows.js';
import { countDictionaryPages } from '../parquet/page-decoder.js';
import { decodeUtf8 } from '../parquet/utf8-access.js';
import type { CellValue, SelectResult } from '../records/decoded-rows.js';
import { aggregateByEntries } from './aggregate-entries.js';
import { aggregateCells } from './aggregate-kernel.js';
import { predicateColumns, singleColumnJudge } from './row-predicate.js';
import { runSelect } from './select-kernel.js';
import { decodedColumnSet } from './decoded-column-set.js';
import type { AggregateKernel, AggregateResult, DecodeTask, RecordPredicate, SelectKernel } from './decode-protocol.js';
import { addGroup, emptyGroupList } from './group-list.js';
import { columnError, type TaskChunks } from './task-chunks.js';

/**
 * The rows a predicate that tests one text column's value keeps, from that column's dictionary
 * (each distinct value judged once); null when it tests more, the column is not dictionary-encoded,
 * or `dictionary-matches` is off.
 */
export function dictionaryRows(chunks: TaskChunks, predicate: RecordPredicate): number[] | null {
  const single = singleColumnJudge(predicate);
  if (single === null || !fastPathOn('dictionary-matches')) return null;
  return chunks.matchDictionary(single.column, single.judge);
}

/**
 * The rows (ascending) a predicate keeps: its tested columns decoded and tested, over only the
 * identifier rows when those were found on the pages; null when a chunk needs parquet-wasm.
 */
export function keptRows(chunks: TaskChunks, predicate: RecordPredicate, tested: readonly string[], matches: readonly number[] | null): number[] | null {
  const fromDictionary = matches === null ? dictionaryRows(chunks, predicate) : null;
  if (fromDictionary !== null) return fromDictionary;
  const decoded = chunks.decode([...tested]);
  if (decoded === null) return null;
  const select: SelectKernel = { kind: 'select', predicate, output: [], startRow: 0, limit: null };
  return runSelect(decodedColumnSet(chunks.task.numRows, decoded), select, matches ?? undefined).rowIndexes;
}

/**
 * An aggregate over the few rows its predicate keeps (at most one in PICK_RATIO: the rejected
 * records `errors` groups): the grouping, example and time columns are read for those rows only
 * (`TaskChunks.readRows`) instead of decoded whole. Null when a chunk needs parquet-wasm.
 */
export function aggregateKeptRows(chunks: TaskChunks, kernel: AggregateKernel, kept: readonly number[]): AggregateResult | null {
  const byEntries = aggregateByEntries(chunks, kernel, kept);
  if (byEntries !== null) return byEntries;
  const read = new Set([...kernel.groupings.flat(), ...(kernel.examples === undefined ? [] : [kernel.examples.column]), ...(kernel.timeColumns ?? [])]);
  const cells: Record<string, CellValue[]> = {};
  for (const column of read) {
    const values = chunks.readRows(column, kept);
    if (values === null) return null;
    cells[column] = values;
  }
  return aggregateCells(chunks.task.numRows, kept.length, kernel, cells);
}

/**
 * The rows holding the identifiers the kernel looks for, found on the identifier chunk's PLAIN pages
 * (identifier-rows.ts); null when it looks for none, or the chunk needs decoding to tell.
 */
export function matchIdentifiers(chunks: TaskChunks, kernel: SelectKernel | AggregateKernel): number[] | null {
  const identifiers = kernel.predicate.identifiers;
  const layout = chunks.layoutOf(RECORD_COLUMNS.identifier);
  if (identifiers === undefined || layout === null) return null;
  const pages = chunks.pagesOf(RECORD_COLUMNS.identifier);
  if (pages === null) return null;
  try {
    return identifierRows(layout, pages, chunks.task.numRows, identifiers, chunks.arena);
  } catch (error) {
    throw columnError(RECORD_COLUMNS.identifier, error);
  }
}

/** True when an aggregate groups by `column` or keeps examples of it. */
export function aggregateReads(kernel: SelectKernel | AggregateKernel, column: string): boolean {
  return kernel.kind === 'aggregate' && (kernel.groupings.some((grouping) => grouping.includes(column)) || kernel.examples?.column === column);
}

/**
 * An aggregate that counts every row by single columns (a summary by status and operation) of
 * dictionary-encoded chunks, counted from their indices without decoding a value per row; null
 * when the kernel or a chunk needs the general path, or `dictionary-counts` is off.
 */
export function countWholeColumns(chunks: TaskChunks, kernel: AggregateKernel): AggregateResult | null {
  if (predicateColumns(kernel.predicate).length > 0 || (kernel.timeColumns ?? []).length > 0 || kernel.examples !== undefined) return null;
  if (kernel.groupings.length === 0 || kernel.groupings.some((grouping) => grouping.length !== 1)) return null;
  if (!fastPathOn('dictionary-counts')) return null;
  const { task } = chunks;
  const groups: AggregateResult['groups'] = [];
  for (const [column] of kernel.groupings) {
    const pages = chunks.pagesOf(column!);
    if (pages === null) return null;
    let counted;
    try {
      counted = countDictionaryPages(chunks.layoutOf(column!)!, pages, task.numRows);
    } catch (error) {
      throw columnError(column!, error);
    }
    if (counted === null) return null;
    const byValue = new Map<string | null, number>();
    if (counted.nulls > 0) byValue.set(null, counted.nulls);
    const { dictionary, counts } = counted;
    for (let entry = 0; entry < counts.length; entry++) {
      if (counts[entry] === 0) continue;
      const start = dictionary.starts[entry]!;
      const value = decodeUtf8(dictionary.bytes, start, start + dictionary.lengths[entry]!);
      byValue.set(value, (byValue.get(value) ?? 0) + counts[entry]!);
    }
    const list = emptyGroupList(1);
    for (const [value, count] of byValue) addGroup(list, [value], count);
    groups.push(list);
  }
  return { kind: 'aggregate', rowCount: task.numRows, matched: task.numRows, groups, timeSpans: {} };
}

/** What a kernel returns for a row group in which no row matches. */
export function emptyResult(task: DecodeTask, kernel: SelectKernel | AggregateKernel): SelectResult | AggregateResult {
  if (kernel.kind === 'select') {
    return { kind: 'select', rowCount: task.numRows, matched: 0, rowIndexes: [], columns: Object.fromEntries(kernel.output.map((column) => [column, []])), nextRow: null };
  }
  return {
    kind: 'aggregate',
    rowCount: task.numRows,
    matched: 0,
    groups: kernel.groupings.map((grouping) => emptyGroupList(grouping.length)),
    timeSpans: Object.fromEntries((kernel.timeColumns ?? []).map((column) => [column, null])),
  };
}
