// The work done on each decoded row group inside a worker: filtering rows and counting groups.
// Pure functions of an Arrow table, so they are tested directly on the main thread too.
import type { Table } from 'apache-arrow';
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import { outcomeOf } from '../model/record-outcome.js';
import { textColumn, timeColumn, type TextReader } from './column-values.js';
import type {
  AggregateGroup,
  AggregateKernel,
  AggregateResult,
  CellValue,
  RecordPredicate,
  SelectKernel,
  SelectResult,
} from './decode-protocol.js';

const TIME_COLUMNS = new Set<string>([RECORD_COLUMNS.batchStartedAt, RECORD_COLUMNS.batchEndedAt]);

/** The columns a predicate reads. */
export function predicateColumns(predicate: RecordPredicate): string[] {
  const columns = new Set<string>();
  if (predicate.statuses || predicate.outcomes) columns.add(RECORD_COLUMNS.status);
  if (predicate.operations) columns.add(RECORD_COLUMNS.operation);
  if (predicate.messageEquals !== undefined || predicate.messagePattern) columns.add(RECORD_COLUMNS.statusMessage);
  if (predicate.identifiers) columns.add(RECORD_COLUMNS.identifier);
  if (predicate.batchStartedFrom !== undefined || predicate.batchStartedBefore !== undefined) {
    columns.add(RECORD_COLUMNS.batchStartedAt);
  }
  return [...columns];
}

/** Compiles a predicate over a table into a row test; null when every row matches. */
export function compilePredicate(table: Table, predicate: RecordPredicate): ((row: number) => boolean) | null {
  const tests: Array<(row: number) => boolean> = [];
  if (predicate.statuses || predicate.outcomes) {
    const status = textColumn(table, RECORD_COLUMNS.status);
    const statuses = predicate.statuses ? new Set(predicate.statuses) : null;
    const outcomes = predicate.outcomes ? new Set(predicate.outcomes) : null;
    // Statuses repeat: remember each distinct value's verdict.
    const verdicts = new Map<string | null, boolean>();
    tests.push((row) => {
      const value = status(row);
      let verdict = verdicts.get(value);
      if (verdict === undefined) {
        verdict = (statuses === null || statuses.has(value)) && (outcomes === null || outcomes.has(outcomeOf(value)));
        verdicts.set(value, verdict);
      }
      return verdict;
    });
  }
  if (predicate.operations) {
    const operation = textColumn(table, RECORD_COLUMNS.operation);
    const operations = new Set(predicate.operations);
    tests.push((row) => {
      const value = operation(row);
      return value !== null && operations.has(value);
    });
  }
  if (predicate.messageEquals !== undefined) {
    const message = textColumn(table, RECORD_COLUMNS.statusMessage);
    const expected = predicate.messageEquals;
    tests.push((row) => message(row) === expected);
  }
  if (predicate.messagePattern) {
    const message = textColumn(table, RECORD_COLUMNS.statusMessage);
    const pattern = new RegExp(predicate.messagePattern.source, predicate.messagePattern.flags.replace(/[gy]/g, ''));
    const verdicts = new Map<string, boolean>();
    tests.push((row) => {
      const value = message(row);
      if (value === null) return false;
      let verdict = verdicts.get(value);
      if (verdict === undefined) {
        verdict = pattern.test(value);
        verdicts.set(value, verdict);
      }
      return verdict;
    });
  }
  if (predicate.identifiers) {
    const identifier = textColumn(table, RECORD_COLUMNS.identifier);
    const identifiers = new Set(predicate.identifiers);
    tests.push((row) => {
      const value = identifier(row);
      return value !== null && identifiers.has(value);
    });
  }
  if (predicate.batchStartedFrom !== undefined || predicate.batchStartedBefore !== undefined) {
    const startedAt = timeColumn(table, RECORD_COLUMNS.batchStartedAt);
    const from = predicate.batchStartedFrom ?? Number.NEGATIVE_INFINITY;
    const before = predicate.batchStartedBefore ?? Number.POSITIVE_INFINITY;
    tests.push((row) => {
      const value = startedAt(row);
      return value !== null && value >= from && value < before;
    });
  }
  if (tests.length === 0) return null;
  if (tests.length === 1) return tests[0]!;
  return (row) => tests.every((test) => test(row));
}

function cellReader(table: Table, column: string): (row: number) => CellValue {
  return TIME_COLUMNS.has(column) ? timeColumn(table, column) : textColumn(table, column);
}

export function runSelect(table: Table, kernel: SelectKernel): SelectResult {
  const rowCount = table.numRows;
  const test = compilePredicate(table, kernel.predicate);
  const readers = kernel.output.map((column) => [column, cellReader(table, column)] as const);
  const columns: Record<string, CellValue[]> = Object.fromEntries(kernel.output.map((column) => [column, []]));
  const rowIndexes: number[] = [];
  const ordinals = kernel.ordinals;
  let ordinalAt = 0;
  let matched = 0;
  let nextRow: number | null = null;
  for (let row = kernel.startRow; row < rowCount; row++) {
    if (test !== null && !test(row)) continue;
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

export function runAggregate(table: Table, kernel: AggregateKernel): AggregateResult {
  const rowCount = table.numRows;
  const test = compilePredicate(table, kernel.predicate);
  const groupings = kernel.groupings.map((columns) => ({
    readers: columns.map((column) => textColumn(table, column)),
    groups: new Map<string, AggregateGroup>(),
  }));
  const example = kernel.examples;
  const exampleReader: TextReader | null = example ? textColumn(table, example.column) : null;
  const timeReaders = (kernel.timeColumns ?? []).map((column) => [column, timeColumn(table, column)] as const);
  const spans: Record<string, { min: number; max: number } | null> = Object.fromEntries(
    timeReaders.map(([column]) => [column, null]),
  );
  let matched = 0;
  for (let row = 0; row < rowCount; row++) {
    if (test !== null && !test(row)) continue;
    matched++;
    groupings.forEach(({ readers, groups }, groupingIndex) => {
      const key = readers.map((read) => read(row));
      // \u0001 marks null so that null and the string "null" stay apart.
      const mapKey = key.length === 1 ? (key[0] === null ? '\u0001' : `=${key[0]}`) : JSON.stringify(key);
      let group = groups.get(mapKey);
      if (group === undefined) {
        group = { key, count: 0, examples: [] };
        groups.set(mapKey, group);
      }
      group.count++;
      if (exampleReader !== null && example!.grouping === groupingIndex && group.examples.length < example!.perGroup) {
        group.examples.push(exampleReader(row));
      }
    });
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
  return {
    kind: 'aggregate',
    rowCount,
    matched,
    groups: groupings.map(({ groups }) => [...groups.values()]),
    timeSpans: spans,
  };
}
