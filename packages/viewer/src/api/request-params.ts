// Turns what a browser sends into SDK arguments, refusing anything that is not an id or a known
// option: the API takes ids and filters, never keys or paths, so a request cannot name an object
// outside the run folders of the location the viewer was started on.
import { InvalidArgumentError, isRecordOutcome, type RecordOutcome, type RecordQuery, type RunIds } from '@synctrack/core';
import type { DownloadFormat } from './api-types.js';

/** Census ids are numbers; test and demo buckets use short names. No "/", "\\", ".." or leading dot. */
const ID_PATTERN = /^[A-Za-z0-9_~:@+=-][A-Za-z0-9._~:@+=-]{0,199}$/;

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_SAMPLE_SIZE = 10_000;
export const DEFAULT_SAMPLE_SIZE = 100;
const MAX_TEXT_PARAMETER = 4_096;

function invalid(argument: string, message: string): InvalidArgumentError {
  return new InvalidArgumentError({ message, context: { argument } });
}

export function validId(value: string | undefined, argument: string): string {
  if (value === undefined || !ID_PATTERN.test(value) || value.includes('..')) {
    throw invalid(
      argument,
      `Invalid ${argument} ${JSON.stringify(value ?? '')}: an id holds letters, digits and . _ ~ : @ + = - (no "/", no "..", no leading dot)`,
    );
  }
  return value;
}

export function runIdsOf(params: Record<string, string | undefined>): RunIds {
  return { orgId: validId(params.org, 'orgId'), syncId: validId(params.sync, 'syncId'), runId: validId(params.run, 'runId') };
}

function text(search: URLSearchParams, name: string): string | undefined {
  const value = search.get(name);
  if (value === null) return undefined;
  if (value.length > MAX_TEXT_PARAMETER) throw invalid(name, `${name} is longer than ${MAX_TEXT_PARAMETER} characters`);
  return value;
}

export function outcomeOf(search: URLSearchParams): RecordOutcome | undefined {
  const value = text(search, 'outcome');
  if (value === undefined || value === '' || value === 'all') return undefined;
  if (!isRecordOutcome(value)) throw invalid('outcome', `Unknown outcome ${JSON.stringify(value)}: use all, success, rejected or invalid`);
  return value;
}

/** The filter shared by the records, export and sample endpoints (identifier search is separate). */
export function recordQueryOf(search: URLSearchParams): RecordQuery {
  const query: RecordQuery = {};
  const outcome = outcomeOf(search);
  if (outcome !== undefined) query.outcome = outcome;
  const message = text(search, 'message');
  if (message !== undefined) query.statusMessage = message;
  const template = text(search, 'template');
  if (template !== undefined && template !== '') query.statusMessageTemplate = template;
  return query;
}

/** The identifier searched for, or undefined when there is no search. */
export function identifierOf(search: URLSearchParams): string | undefined {
  const value = text(search, 'identifier');
  return value === undefined || value === '' ? undefined : value;
}

export function integerOf(search: URLSearchParams, name: string, fallback: number, max: number, min = 1): number {
  const value = search.get(name);
  if (value === null || value === '') return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw invalid(name, `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** `templates=1` (or `true`): errors grouped by template; absent or `0`: by exact message. */
export function flagOf(search: URLSearchParams, name: string): boolean {
  const value = search.get(name);
  if (value === null || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw invalid(name, `${name} must be 1 or 0, got ${JSON.stringify(value)}`);
}

export function cursorOf(search: URLSearchParams): string | undefined {
  const value = text(search, 'cursor');
  return value === undefined || value === '' ? undefined : value;
}

export function formatOf(search: URLSearchParams): DownloadFormat {
  const value = search.get('format') ?? 'csv';
  if (value !== 'csv' && value !== 'jsonl') throw invalid('format', `Unknown format ${JSON.stringify(value)}: use csv or jsonl`);
  return value;
}
