// The work done on each decoded row group inside a worker: filtering rows and counting groups.
// Pure functions of a row group's columns (Arrow or JS-decoded), so they are tested directly too.
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import { messageTemplate } from '../model/message-template.js';
import { outcomeOf } from '../model/record-outcome.js';
import type { ColumnSet } from './column-set.js';
import { addGroup, emptyGroupList, type GroupList } from './group-list.js';
import type { Utf8Access } from '../parquet/utf8-access.js';
import type { AggregateGroup, AggregateKernel, AggregateResult, RecordPredicate, SelectKernel } from './decode-protocol.js';
import type { CellValue, SelectResult } from '../records/decoded-rows.js';

const TIME_COLUMNS = new Set<string>([RECORD_COLUMNS.batchStartedAt, RECORD_COLUMNS.batchEndedAt]);

/** The columns a predicate reads. */
export function predicateColumns(predicate: RecordPredicate): string[] {
  const columns = new Set<string>();
  if (predicate.statuses || predicate.outcomes) columns.add(RECORD_COLUMNS.status);
  if (predicate.operations) columns.add(RECORD_COLUMNS.operation);
  if (
    predicate.messageEquals !== undefined ||
    predicate.messagePattern ||
    predicate.messageIsNull ||
    predicate.messageTemplate !== undefined
  ) {
    columns.add(RECORD_COLUMNS.statusMessage);
  }
  if (predicate.identifiers) columns.add(RECORD_COLUMNS.identifier);
  if (predicate.batchStartedFrom !== undefined || predicate.batchStartedBefore !== undefined) {
    columns.add(RECORD_COLUMNS.batchStartedAt);
  }
  return [...columns];
}

/** A test per interned value: each distinct value is judged once. */
function internedTest(access: Utf8Access, judge: (value: string | null) => boolean): (row: number) => boolean {
  const verdicts: Array<boolean | undefined> = [];
  return (row) => {
    const id = access.intern(row);
    let verdict = verdicts[id];
    if (verdict === undefined) {
      verdict = judge(access.internedValue(id));
      verdicts[id] = verdict;
    }
    return verdict;
  };
}

/** Matches identifiers on their UTF-8 bytes: no string is built for rows that cannot match. */
function identifierTest(access: Utf8Access, identifiers: readonly string[]): (row: number) => boolean {
  const encoder = new TextEncoder();
  const byLength = new Map<number, Uint8Array[]>();
  for (const identifier of identifiers) {
    const bytes = encoder.encode(identifier);
    byLength.set(bytes.length, [...(byLength.get(bytes.length) ?? []), bytes]);
  }
  return (row) => {
    if (access.isNull(row)) return false;
    const candidates = byLength.get(access.byteLength(row));
    if (candidates === undefined) return false;
    for (const candidate of candidates) if (access.equals(row, candidate)) return true;
    return false;
  };
}

/** A test of one text column's value, which interned values take once per distinct value. */
export interface ValueJudge {
  column: string;
  judge: (value: string | null) => boolean;
}

/** The predicate's tests of single text values (statuses, outcomes, operations, messages), all to hold. */
export function valueJudges(predicate: RecordPredicate): ValueJudge[] {
  const judges: ValueJudge[] = [];
  if (predicate.statuses || predicate.outcomes) {
    const statuses = predicate.statuses ? new Set(predicate.statuses) : null;
    const outcomes = predicate.outcomes ? new Set(predicate.outcomes) : null;
    judges.push({
      column: RECORD_COLUMNS.status,
      judge: (value) => (statuses === null || statuses.has(value)) && (outcomes === null || outcomes.has(outcomeOf(value))),
    });
  }
  if (predicate.operations) {
    const operations = new Set(predicate.operations);
    judges.push({ column: RECORD_COLUMNS.operation, judge: (value) => value !== null && operations.has(value) });
  }
  if (predicate.messageEquals !== undefined) {
    const expected = predicate.messageEquals;
    judges.push({ column: RECORD_COLUMNS.statusMessage, judge: (value) => value === expected });
  }
  if (predicate.messagePattern) {
    const pattern = new RegExp(predicate.messagePattern.source, predicate.messagePattern.flags.replace(/[gy]/g, ''));
    judges.push({ column: RECORD_COLUMNS.statusMessage, judge: (value) => value !== null && pattern.test(value) });
  }
  if (predicate.messageIsNull) {
    judges.push({ column: RECORD_COLUMNS.statusMessage, judge: (value) => value === null });
  }
  if (predicate.messageTemplate !== undefined) {
    const template = predicate.messageTemplate;
    judges.push({ column: RECORD_COLUMNS.statusMessage, judge: (value) => value !== null && messageTemplate(value) === template });
  }
  return judges;
}

/**
 * The predicate as one test of one column's value, when that is all it tests (no identifiers, no
 * times): its rows can then be found from a dictionary's entries (`matchDictionaryPages`).
 */
export function singleColumnJudge(predicate: RecordPredicate): ValueJudge | null {
  if (predicate.identifiers || predicate.batchStartedFrom !== undefined || predicate.batchStartedBefore !== undefined) return null;
  const judges = valueJudges(predicate);
  if (judges.length === 0 || judges.some((judge) => judge.column !== judges[0]!.column)) return null;
  return { column: judges[0]!.column, judge: (value) => judges.every((judge) => judge.judge(value)) };
}

/** Compiles a predicate over a row group's columns into a row test; null when every row matches. */
export function compilePredicate(columns: ColumnSet, predicate: RecordPredicate): ((row: number) => boolean) | null {
  const tests: Array<(row: number) => boolean> = valueJudges(predicate).map(({ column, judge }) => internedTest(columns.text(column), judge));
  if (predicate.identifiers) {
    tests.push(identifierTest(columns.text(RECORD_COLUMNS.identifier), predicate.identifiers));
  }
  if (predicate.batchStartedFrom !== undefined || predicate.batchStartedBefore !== undefined) {
    const startedAt = columns.time(RECORD_COLUMNS.batchStartedAt);
    const from = predicate.batchStartedFrom ?? Number.NEGATIVE_INFINITY;
    const before = predicate.batchStartedBefore ?? Number.POSITIVE_INFINITY;
    tests.push((row) => {
      const value = startedAt(row);
      return value !== null && value >= from && value < before;
    });
  }
  if (tests.length === 0) return null;
  if (tests.length === 1) return tests[0]!;
  return (row) => {
    for (const test of tests) if (!test(row)) return false;
    return true;
  };
}

/** How a select returns a column's cells: epoch milliseconds for the batch times, else text. */
export function cellKind(column: string): 'time' | 'text' {
  return TIME_COLUMNS.has(column) ? 'time' : 'text';
}

function cellReader(columns: ColumnSet, column: string): (row: number) => CellValue {
  if (cellKind(column) === 'time') return columns.time(column);
  const access = columns.text(column);
  return (row) => access.string(row);
}

/** The cells of `rows` of one column, as a select returns them. */
export function readCells(columns: ColumnSet, column: string, rows: readonly number[]): CellValue[] {
  return rows.map(cellReader(columns, column));
}

/**
 * The predicate left to test on rows already known to hold one of its identifiers (found on the
 * identifier pages, identifier-rows.ts).
 */
export function withoutIdentifiers(predicate: RecordPredicate): RecordPredicate {
  const rest = { ...predicate };
  delete rest.identifiers;
  return rest;
}

/**
 * A select over every row, or with `identifierRows` (ascending) over only those: the rows whose
 * identifier the predicate asks for, found beforehand; the rest of the predicate is tested on them.
 */
export function runSelect(source: ColumnSet, kernel: SelectKernel, identifierRows?: readonly number[]): SelectResult {
  const rowCount = source.numRows;
  const test = compilePredicate(source, identifierRows === undefined ? kernel.predicate : withoutIdentifiers(kernel.predicate));
  const readers = kernel.output.map((column) => [column, cellReader(source, column)] as const);
  const columns: Record<string, CellValue[]> = Object.fromEntries(kernel.output.map((column) => [column, []]));
  const rowIndexes: number[] = [];
  const ordinals = kernel.ordinals;
  let ordinalAt = 0;
  let matched = 0;
  let nextRow: number | null = null;
  const end = identifierRows === undefined ? rowCount : identifierRows.length;
  for (let at = identifierRows === undefined ? kernel.startRow : 0; at < end; at++) {
    const row = identifierRows === undefined ? at : identifierRows[at]!;
    if (row < kernel.startRow || (test !== null && !test(row))) continue;
    const ordinal = matched++;
    if (ordinals !== undefined) {
      if (ordinalAt >= ordinals.length) break;
      if (ordinals[ordinalAt] !== ordinal) continue;
      ordinalAt++;
    }
    rowIndexes.push(row);
    for (const [column, read] of readers) columns[column]!.push(read(row));
    if (kernel.limit !== null && rowIndexes.length >= kernel.limit) {
      nextRow = row + 1 < rowCount ? row + 1 : null;
      break;
    }
  }
  return { kind: 'select', rowCount, matched, rowIndexes, columns, nextRow };
}

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
      groups: new Map(),
    }),
  );
  const example = kernel.examples;
  const exampleAccess: Utf8Access | null = example ? columns.text(example.column) : null;
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
          if (kept.length < example!.perGroup) kept.push(exampleAccess.string(row));
        }
        continue;
      }
      const ids = grouping.accesses.map((access) => access.intern(row));
      const mapKey = ids.join(',');
      let group = grouping.groups.get(mapKey);
      if (group === undefined) {
        group = { key: grouping.accesses.map((access, at) => access.internedValue(ids[at]!)), count: 0, examples: [] };
        grouping.groups.set(mapKey, group);
      }
      group.count++;
      if (wantsExample && group.examples.length < example!.perGroup) group.examples.push(exampleAccess.string(row));
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
  return aggregateResult(rowCount, matched, groupings, spans);
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
        group = { key: columns.map((values) => values[index] as string | null), count: 0, examples: [] };
        byKey.set(mapKey, group);
      }
      group.count++;
      if (examples !== null && group.examples.length < example!.perGroup) group.examples.push(examples[index] as string | null);
    }
    const list = emptyGroupList(names.length);
    for (const group of byKey.values()) addGroup(list, group.key, group.count, group.examples);
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
  /** Groups by joined ids, for groupings of several columns. */
  groups: Map<string, AggregateGroup>;
}

function aggregateResult(
  rowCount: number,
  matched: number,
  groupings: Grouping[],
  spans: Record<string, { min: number; max: number } | null>,
): AggregateResult {
  const groupLists = groupings.map((grouping): GroupList => {
    const list = emptyGroupList(grouping.accesses.length);
    if (grouping.accesses.length !== 1) {
      for (const group of grouping.groups.values()) addGroup(list, group.key, group.count, group.examples);
      return list;
    }
    const access = grouping.accesses[0]!;
    for (let id = 0; id < grouping.counts.length; id++) {
      const count = grouping.counts[id]!;
      if (count > 0) addGroup(list, [access.internedValue(id)], count, grouping.examples[id]);
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
