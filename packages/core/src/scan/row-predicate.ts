// A kernel's predicate compiled into a row test over a row group's columns: each text value judged
// once per distinct (interned) value, identifiers matched on their UTF-8 bytes, times as numbers.
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import { messageTemplate } from '../model/message-template.js';
import { outcomeOf } from '../model/record-outcome.js';
import type { ColumnSet } from './column-set.js';
import type { Utf8Access } from '../parquet/utf8-access.js';
import type { RecordPredicate } from './decode-protocol.js';

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

/**
 * The predicate left to test on rows already known to hold one of its identifiers (found on the
 * identifier pages, identifier-rows.ts).
 */
export function withoutIdentifiers(predicate: RecordPredicate): RecordPredicate {
  const rest = { ...predicate };
  delete rest.identifiers;
  return rest;
}
