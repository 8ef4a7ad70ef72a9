// The aggregate kernel: a row group's rows a predicate keeps, counted by groupings of text columns
// (with a few examples per group) and spanned by time columns; results as flat group lists.
import type { ColumnSet } from './column-set.js';
import { addGroup, emptyGroupList, type GroupList } from './group-list.js';
import { compilePredicate, withoutIdentifiers } from './row-predicate.js';
import type { Utf8Access } from '../parquet/utf8-access.js';
import type { AggregateGroup, AggregateKernel, AggregateResult } from './decode-protocol.js';
import type { CellValue } from '../records/decoded-rows.js';

/**
 * An aggregate over every row, or with `identifierRows` over only those (as `runSelect`: rows known
 * to hold the identifiers asked for; with an empty predicate, rows already known to match).
 */
export function runAggregate(columns: ColumnSet, kernel: AggregateKernel, identifierRows?: readonly number[]): AggregateResult {
  const rowCount = columns.numRows;
  const test = compilePredicate(columns, identifierRows === undefined ? kernel.predicate : withoutIdentifiers(kernel.predicate));
  // Each grouping counts by the interned ids of its columns; values are decoded once per distinct
  // id. A one-column grouping (the common case) counts in an array indexed by id.
  const groupings = kernel.groupings.map(
    (names): Grouping => ({
      accesses: names.map((column) => columns.text(column)),
      counts: new Int32Array(64),
      examples: [],
      exampleRows: [],
      groups: new Map(),
    }),
  );
  const example = kernel.examples;
  const exampleAccess: Utf8Access | null = example ? columns.text(example.column) : null;
  // Examples' rows are kept only when the kernel asks for them (errors by template).
  const ranks = example?.ranks === true;
  const timeReaders = (kernel.timeColumns ?? []).map((column) => [column, columns.time(column)] as const);
  const spans: Record<string, { min: number; max: number } | null> = Object.fromEntries(
    timeReaders.map(([column]) => [column, null]),
  );
  let matched = 0;
  const end = identifierRows === undefined ? rowCount : identifierRows.length;
  for (let at = 0; at < end; at++) {
    const row = identifierRows === undefined ? at : identifierRows[at]!;
    if (test !== null && !test(row)) continue;
    matched++;
    for (let groupingIndex = 0; groupingIndex < groupings.length; groupingIndex++) {
      const grouping = groupings[groupingIndex]!;
      const wantsExample = exampleAccess !== null && example!.grouping === groupingIndex;
      if (grouping.accesses.length === 1) {
        const id = grouping.accesses[0]!.intern(row);
        if (id >= grouping.counts.length) {
          const grown = new Int32Array(Math.max(id + 1, grouping.counts.length * 2));
          grown.set(grouping.counts);
          grouping.counts = grown;
        }
        grouping.counts[id]!++;
        if (wantsExample) {
          const kept = (grouping.examples[id] ??= []);
          if (kept.length < example!.perGroup) {
            kept.push(exampleAccess.string(row));
            if (ranks) (grouping.exampleRows[id] ??= []).push(row);
          }
        }
        continue;
      }
      const ids = grouping.accesses.map((access) => access.intern(row));
      const mapKey = ids.join(',');
      let group = grouping.groups.get(mapKey);
      if (group === undefined) {
        group = { key: grouping.accesses.map((access, at) => access.internedValue(ids[at]!)), count: 0, examples: [], exampleRanks: [] };
        grouping.groups.set(mapKey, group);
      }
      group.count++;
      if (wantsExample && group.examples.length < example!.perGroup) {
        group.examples.push(exampleAccess.string(row));
        if (ranks) group.exampleRanks.push(row);
      }
    }
    for (const [column, read] of timeReaders) {
      const value = read(row);
      if (value === null) continue;
      const span = spans[column];
      if (span === null || span === undefined) spans[column] = { min: value, max: value };
      else {
        if (value < span.min) span.min = value;
        if (value > span.max) span.max = value;
      }
    }
  }
  return aggregateResult(rowCount, matched, groupings, spans, ranks);
}

/**
 * `runAggregate`'s result from the cells of the rows that matched (`cells[column][i]` is the value of
 * `column` in the i-th of `matched` rows, in row order): for a predicate that keeps few rows, whose
 * grouping and example columns are then read for those rows only instead of decoded whole.
 */
export function aggregateCells(rowCount: number, matched: number, kernel: AggregateKernel, cells: Readonly<Record<string, readonly CellValue[]>>): AggregateResult {
  const example = kernel.examples;
  const groups = kernel.groupings.map((names, groupingIndex) => {
    const columns = names.map((column) => cells[column]!);
    const examples = example !== undefined && example.grouping === groupingIndex ? cells[example.column]! : null;
    const byKey = new Map<unknown, AggregateGroup>();
    const single = columns.length === 1 ? columns[0]! : null;
    for (let index = 0; index < matched; index++) {
      // One column keys by its value; several by their JSON (values may hold any separator).
      const mapKey = single !== null ? single[index] : JSON.stringify(columns.map((values) => values[index]));
      let group = byKey.get(mapKey);
      if (group === undefined) {
        group = { key: columns.map((values) => values[index] as string | null), count: 0, examples: [], exampleRanks: [] };
        byKey.set(mapKey, group);
      }
      group.count++;
      if (examples !== null && group.examples.length < example!.perGroup) {
        group.examples.push(examples[index] as string | null);
        if (example!.ranks === true) group.exampleRanks.push(index);
      }
    }
    const list = emptyGroupList(names.length);
    for (const group of byKey.values()) addGroup(list, group.key, group.count, group.examples, example?.ranks === true ? group.exampleRanks : undefined);
    return list;
  });
  const timeSpans: Record<string, { min: number; max: number } | null> = {};
  for (const column of kernel.timeColumns ?? []) {
    let span: { min: number; max: number } | null = null;
    for (const value of cells[column]!) {
      if (value === null) continue;
      const time = value as number;
      if (span === null) span = { min: time, max: time };
      else {
        if (time < span.min) span.min = time;
        if (time > span.max) span.max = time;
      }
    }
    timeSpans[column] = span;
  }
  return { kind: 'aggregate', rowCount, matched, groups, timeSpans };
}

interface Grouping {
  accesses: Utf8Access[];
  /** Rows per interned id, for one-column groupings. */
  counts: Int32Array;
  examples: Array<Array<string | null>>;
  /** The rows of each id's examples. */
  exampleRows: number[][];
  /** Groups by joined ids, for groupings of several columns. */
  groups: Map<string, AggregateGroup>;
}

function aggregateResult(
  rowCount: number,
  matched: number,
  groupings: Grouping[],
  spans: Record<string, { min: number; max: number } | null>,
  ranks: boolean,
): AggregateResult {
  const groupLists = groupings.map((grouping): GroupList => {
    const list = emptyGroupList(grouping.accesses.length);
    if (grouping.accesses.length !== 1) {
      for (const group of grouping.groups.values()) addGroup(list, group.key, group.count, group.examples, ranks ? group.exampleRanks : undefined);
      return list;
    }
    const access = grouping.accesses[0]!;
    for (let id = 0; id < grouping.counts.length; id++) {
      const count = grouping.counts[id]!;
      if (count > 0) addGroup(list, [access.internedValue(id)], count, grouping.examples[id], ranks ? grouping.exampleRows[id] : undefined);
    }
    return list;
  });
  return {
    kind: 'aggregate',
    rowCount,
    matched,
    groups: groupLists,
    timeSpans: spans,
  };
}
