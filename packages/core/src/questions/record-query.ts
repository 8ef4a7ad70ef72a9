// The filter a user writes, validated and compiled into the serialisable predicate the workers run.
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { isRecordOutcome, type RecordOutcome } from '../model/record-outcome.js';
import type { RecordPredicate } from '../scan/decode-protocol.js';

export interface RecordQuery {
  /** `success`, `rejected` or `invalid`, as the Census UI groups statuses. */
  outcome?: RecordOutcome | RecordOutcome[];
  /** Raw status values (`succeeded`, `rejected`, `NULL`, `DUPLICATE`); `null` matches SQL NULL. */
  status?: string | null | Array<string | null>;
  operation?: string | string[];
  /** An exact message, a RegExp tested against it, or null for records without a message. */
  statusMessage?: string | RegExp | null;
  /** Messages whose template (see `messageTemplate`) is this: one group of `errors({ templates: true })`. */
  statusMessageTemplate?: string;
  identifiers?: string | number | Iterable<string | number>;
  /** Batches that started at or after this time. */
  batchStartedFrom?: Date;
  /** Batches that started before this time. */
  batchStartedBefore?: Date;
}

function list<T>(value: T | T[] | undefined): T[] | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value : [value];
}

function invalid(argument: string, message: string): InvalidArgumentError {
  return new InvalidArgumentError({ message, context: { argument } });
}

function time(value: Date | undefined, argument: string): number | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalid(argument, `${argument} must be a valid Date`);
  return value.getTime();
}

export function compileQuery(query: RecordQuery = {}): RecordPredicate {
  const predicate: RecordPredicate = {};
  const outcomes = list(query.outcome);
  if (outcomes) {
    for (const outcome of outcomes) {
      if (!isRecordOutcome(outcome)) {
        throw invalid('outcome', `Unknown outcome ${JSON.stringify(outcome)}: use success, rejected or invalid`);
      }
    }
    predicate.outcomes = outcomes;
  }
  const statuses = list(query.status);
  if (statuses) {
    for (const status of statuses) {
      if (status !== null && typeof status !== 'string') throw invalid('status', `A status is a string or null, not ${typeof status}`);
    }
    predicate.statuses = statuses;
  }
  const operations = list(query.operation);
  if (operations) predicate.operations = operations.map(String);
  if (query.statusMessage instanceof RegExp) {
    predicate.messagePattern = { source: query.statusMessage.source, flags: query.statusMessage.flags };
  } else if (typeof query.statusMessage === 'string') {
    predicate.messageEquals = query.statusMessage;
  } else if (query.statusMessage === null) {
    predicate.messageIsNull = true;
  } else if (query.statusMessage !== undefined) {
    throw invalid('statusMessage', 'statusMessage must be a string, a RegExp or null');
  }
  if (query.statusMessageTemplate !== undefined) {
    if (typeof query.statusMessageTemplate !== 'string') {
      throw invalid('statusMessageTemplate', 'statusMessageTemplate must be a string');
    }
    predicate.messageTemplate = query.statusMessageTemplate;
  }
  if (query.identifiers !== undefined) {
    const identifiers: unknown = query.identifiers;
    // One identifier may be given alone, as `find` takes it (a string is not a list of characters).
    const items = typeof identifiers === 'string' || typeof identifiers === 'number' ? [identifiers] : identifiers;
    if (items === null || typeof (items as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw invalid('identifiers', 'identifiers must be an identifier or an iterable of identifiers (strings or numbers)');
    }
    predicate.identifiers = [...new Set([...(items as Iterable<string | number>)].map(String))];
  }
  const from = time(query.batchStartedFrom, 'batchStartedFrom');
  const before = time(query.batchStartedBefore, 'batchStartedBefore');
  if (from !== undefined) predicate.batchStartedFrom = from;
  if (before !== undefined) predicate.batchStartedBefore = before;
  return predicate;
}
